import type { FrontEnd } from '../text/frontend';
import { SpanChunker, type TextChunk } from '../text/chunk-stream';
import type { TrackedText } from '../text/tracked';
import { tokenize, VOCAB } from '../text/vocab';
import type { Phonemes } from './phoneme-store';
import { planOf, type Schedule, type SchedulePlan } from './schedule';

export interface FedChunk extends TextChunk {
  /** Symbols the phonemizer produced for the sentences that completed this chunk that the vocabulary lacks. */
  readonly dropped: string[];
  /** An inline break ends this chunk: exact silence to put after it, in seconds (null: no break). */
  readonly breakAfterS: number | null;
}

/** A sentence to speak; `breakAfterS` (an inline break after it) ends a chunk there. */
export interface FeedSentence {
  readonly text: TrackedText;
  readonly breakAfterS: number | null;
}

/**
 * The front end of one request, driven by its schedule: hands sentences to the phonemizer (which
 * works in its own thread) ahead of need, and turns their phonemes into chunks as soon as no later
 * sentence can change them. The chunks never depend on the schedule: SpanChunker gives exactly the
 * planner's cuts, which depend only on the sentences (greedy packing, the last chunks of each
 * segment balanced; see text/chunk-planner.ts).
 */
export class ChunkFeed {
  private readonly plan: SchedulePlan;
  private readonly pending: (Promise<TrackedText> | undefined)[] = [];
  private next = 0; // the next sentence to take from `pending`
  private readonly chunker: SpanChunker;
  private readonly ready: (TextChunk & { breakAfterS: number | null })[] = [];
  private dropped: string[] = [];

  constructor(
    private readonly store: Phonemes,
    private readonly frontEnd: FrontEnd,
    private readonly sentences: readonly FeedSentence[],
    schedule: Schedule,
    maxTokens: number,
    firstTokens: number,
  ) {
    this.plan = planOf(schedule, sentences.length);
    this.chunker = new SpanChunker(maxTokens, firstTokens);
  }

  /** No chunk is left (a guess when remaining sentences turn out to hold no phonemes; that only fades the last 5 ms). */
  get exhausted(): boolean {
    return this.ready.length === 0 && this.next === this.sentences.length;
  }

  /** Hands the next `ahead` sentences to the phonemizer (default: as the schedule says). */
  requestAhead(ahead: number = this.plan.ahead): void {
    const n = this.sentences.length;
    for (let j = this.next; j < Math.min(n, this.next + ahead); j++) {
      if (this.pending[j]) continue;
      const ps = this.store.get(this.frontEnd, this.sentences[j]!.text.text);
      ps.catch(() => undefined); // awaited later; an early failure must not be an unhandled rejection
      this.pending[j] = ps;
    }
  }

  /** Before the first chunk: a front-end-first schedule phonemizes everything (and releases the phonemizer). */
  async start(): Promise<void> {
    if (!this.plan.frontEndFirst) return;
    this.requestAhead(this.sentences.length);
    await Promise.all(this.pending);
    if (this.plan.release) await this.store.release();
  }

  /** The next chunk, waiting only for the sentences it needs; undefined when the text is done. */
  async take(): Promise<FedChunk | undefined> {
    const n = this.sentences.length;
    while (this.ready.length === 0 && this.next < n) {
      this.requestAhead(Math.max(1, this.plan.ahead));
      const ps = await this.pending[this.next]!;
      const sentence = this.sentences[this.next]!;
      this.pending[this.next++] = undefined;
      this.dropped.push(...tokenize(ps.text).dropped);
      // Phoneme ranges point into the sentence string; through the sentence they point into the input.
      this.ready.push(...this.chunker.push(ps.through(sentence.text).filter((ch) => VOCAB.has(ch))).map(noBreak));
      const cut = sentence.breakAfterS;
      if (cut !== null || this.next === n) {
        this.ready.push(...this.chunker.finish().map(noBreak));
        const last = this.ready[this.ready.length - 1];
        // A break closes the chunk its sentence ended (a segment with no phonemes adds its break to the one before).
        if (cut !== null && last) this.ready[this.ready.length - 1] = { ...last, breakAfterS: (last.breakAfterS ?? 0) + cut };
      }
      if (this.next === n && this.plan.release && !this.plan.frontEndFirst) await this.store.release();
    }
    const chunk = this.ready.shift();
    if (chunk === undefined) return undefined;
    const dropped = this.dropped;
    this.dropped = [];
    return { ...chunk, dropped };
  }
}

const noBreak = (c: TextChunk): TextChunk & { breakAfterS: number | null } => ({ ...c, breakAfterS: null });
