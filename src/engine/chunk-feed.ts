import type { FrontEnd } from '../text/frontend';
import { SpanChunker, type TextChunk } from '../text/chunk-stream';
import { TrackedText } from '../text/tracked';
import { tokenize, VOCAB } from '../text/vocab';
import type { Phonemes } from './phoneme-store';
import { planOf, type Schedule, type SchedulePlan } from './schedule';

export interface FedChunk extends TextChunk {
  /** Symbols the phonemizer produced for the sentences that completed this chunk that the vocabulary lacks. */
  readonly dropped: string[];
  /** An inline break ends this chunk: exact silence to put after it, in seconds (null: no break). */
  readonly breakAfterS: number | null;
  /** The voice (name or blend) and speed this chunk is spoken with. */
  readonly voice: string;
  readonly speed: number;
  /** Words the user lexicon said in the sentences that completed this chunk. */
  readonly lexiconHits: number;
}

/** A stretch of one sentence: normalized text for the front end, or phonemes given by the user (lexicon, markup, phoneme input). */
export type SentencePart = { readonly kind: 'text'; readonly text: TrackedText } | { readonly kind: 'phonemes'; readonly phonemes: TrackedText };

/** Who speaks a sentence and how: a chunk has one voicing. */
export interface Voicing {
  readonly voice: string;
  readonly speed: number;
  readonly frontEnd: FrontEnd;
}

/** A sentence to speak; `breakAfterS` (an inline break after it) or `endsChunk` (the voicing changes after it) ends a chunk there. */
export interface FeedSentence {
  /** Text parts' ranges point into the input; phoneme parts' too. */
  readonly parts: readonly SentencePart[];
  readonly voicing: Voicing;
  readonly breakAfterS: number | null;
  readonly endsChunk: boolean;
  readonly lexiconHits: number;
}

const OPENS = /[“"(]$/u;
const CLOSES = /^[;:,.!?—…"”)]/u;

/** Parts' phonemes (ranges in the input) joined as one sentence: a space between words, none before punctuation that closes or after one that opens. */
export function joinParts(parts: readonly TrackedText[]): TrackedText {
  const out: TrackedText[] = [];
  for (const p of parts.map((x) => x.trim()).filter((x) => x.length > 0)) {
    const last = out[out.length - 1];
    if (last && !OPENS.test(last.text) && !CLOSES.test(p.text)) out.push(TrackedText.uniform(' ', p.rangeAt(0)[0], p.rangeAt(0)[0]));
    out.push(p);
  }
  return out.length === 0 ? TrackedText.of('') : TrackedText.concat(out);
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
  private readonly pending: (Promise<{ phonemes: TrackedText; dropped: string[] }> | undefined)[] = [];
  private next = 0; // the next sentence to take from `pending`
  private readonly chunker: SpanChunker;
  private readonly ready: (TextChunk & { breakAfterS: number | null; voicing: Voicing })[] = [];
  private dropped: string[] = [];
  private hits = 0;

  constructor(
    private readonly store: Phonemes,
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
      const ps = this.phonemesOf(this.sentences[j]!);
      ps.catch(() => undefined); // awaited later; an early failure must not be an unhandled rejection
      this.pending[j] = ps;
    }
  }

  /** A sentence's phonemes, ranges in the input: its text parts from the store (cached by their text), its given phonemes as they are. */
  async phonemesOf(s: FeedSentence): Promise<{ phonemes: TrackedText; dropped: string[] }> {
    const dropped: string[] = [];
    const parts = await Promise.all(
      s.parts.map(async (p) => {
        if (p.kind === 'phonemes') return p.phonemes;
        const ps = await this.store.get(s.voicing.frontEnd, p.text.text);
        dropped.push(...tokenize(ps.text).dropped);
        // Phoneme ranges point into the part's string; through the part they point into the input.
        return ps.through(p.text);
      }),
    );
    return { phonemes: joinParts(parts), dropped };
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
      this.dropped.push(...ps.dropped);
      this.hits += sentence.lexiconHits;
      const voiced = (c: TextChunk): TextChunk & { breakAfterS: number | null; voicing: Voicing } => ({ ...c, breakAfterS: null, voicing: sentence.voicing });
      this.ready.push(...this.chunker.push(ps.phonemes.filter((ch) => VOCAB.has(ch))).map(voiced));
      const cut = sentence.breakAfterS;
      if (cut !== null || sentence.endsChunk || this.next === n) {
        this.ready.push(...this.chunker.finish().map(voiced));
        const last = this.ready[this.ready.length - 1];
        // A break closes the chunk its sentence ended (a segment with no phonemes adds its break to the one before).
        if (cut !== null && last) this.ready[this.ready.length - 1] = { ...last, breakAfterS: (last.breakAfterS ?? 0) + cut };
      }
      if (this.next === n && this.plan.release && !this.plan.frontEndFirst) await this.store.release();
    }
    const chunk = this.ready.shift();
    if (chunk === undefined) return undefined;
    const { dropped, hits } = this;
    this.dropped = [];
    this.hits = 0;
    const { voicing, ...rest } = chunk;
    return { ...rest, dropped, voice: voicing.voice, speed: voicing.speed, lexiconHits: hits };
  }
}
