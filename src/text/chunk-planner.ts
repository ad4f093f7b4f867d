import { MAX_TOKENS } from '../spec';
import { chunkPhonemes } from './chunk';
import { balanceChunks } from './chunk-balance';

/**
 * How many chunks at the end of a segment are balanced: the planner holds back this many chunks'
 * worth of phonemes (greedy packing's last `BALANCE_WINDOW` chunks) until it knows where the
 * segment ends. A text of up to this many chunks is balanced as a whole.
 */
export const BALANCE_WINDOW = 4;

/**
 * Incremental chunk planning (pure): sentences' phonemes go in one at a time, finished chunks come
 * out as soon as no later sentence can change them, so synthesis can start on chunk 0 before the
 * rest of the text is phonemized. `finish()` ends a segment (an inline break or the end of the text).
 *
 * The rule: greedy packing (chunkPhonemes) decides every chunk of a segment but its last `window`
 * ones; those are re-planned together by balanceChunks once the segment ends. Greedy packing only
 * ever extends its last, still open chunk, so a greedy chunk with `window` greedy chunks after it
 * is final and goes out at once: the planner holds at most `window` chunks' worth of phonemes (plus
 * the sentence being added), a book is pipelined, and the chunks never depend on when sentences
 * arrive. The whole plan is the same as greedy's but for the last `window` chunks of each segment:
 * as many chunks, as good cuts (or better), as even as those cuts allow (a property test checks the
 * incremental plan against the same rule applied to the whole text at once). `window` 1 is plain
 * greedy packing.
 *
 * With `firstTokens` below `maxTokens` the first chunk is packed to at most `firstTokens` (a clause
 * or two, cut where chunkPhonemes would cut), so the first audio of a stream comes early; the rest
 * is planned as above.
 */
export class ChunkPlanner {
  /** The segment's phonemes not in a chunk yet: sentences joined by one space. */
  private text = '';
  /** Where each of those sentences starts in `text` (the first may be the rest of a cut sentence). */
  private starts: number[] = [];
  private first: boolean;

  constructor(
    private readonly maxTokens: number = MAX_TOKENS,
    private readonly firstTokens: number = maxTokens,
    private readonly window: number = BALANCE_WINDOW,
  ) {
    if (!Number.isInteger(firstTokens) || firstTokens < 1 || firstTokens > maxTokens) {
      throw new RangeError(`firstTokens must be an integer in 1..${maxTokens}, got ${firstTokens}`);
    }
    if (!(Number.isInteger(window) || window === Infinity) || window < 1) {
      throw new RangeError(`window must be a positive integer or Infinity, got ${window}`);
    }
    chunkPhonemes([], maxTokens); // validates maxTokens
    this.first = firstTokens < maxTokens;
  }

  /** Adds one sentence's phonemes (vocabulary symbols only); returns the chunks it closed. */
  push(sentence: string): string[] {
    const s = sentence.trim();
    if (s === '') return [];
    if (this.text !== '') this.text += ' ';
    this.starts.push(this.text.length);
    this.text += s;
    const out: string[] = [];
    if (this.first) {
      const head = chunkPhonemes(this.sentences(), this.firstTokens);
      if (head.length === 1) return [];
      // The first chunk is closed; what follows it is planned to the full length from here on. The
      // rest is taken from the text itself, not from the other short chunks: those may be pieces of
      // one word cut hard (a first-chunk limit shorter than a word), and joining them would put
      // spaces (tokens) into the word.
      out.push(...this.take(head.slice(0, 1)));
      this.first = false;
    }
    const chunks = chunkPhonemes(this.sentences(), this.maxTokens);
    out.push(...this.take(chunks.slice(0, Math.max(0, chunks.length - this.window))));
    return out;
  }

  /** Ends the segment: the chunks still held, balanced. */
  finish(): string[] {
    const rest = this.sentences();
    const out = this.first ? chunkPhonemes(rest, this.firstTokens) : balanceChunks(rest, this.maxTokens);
    this.text = '';
    this.starts = [];
    this.first = false;
    return out;
  }

  private sentences(): string[] {
    return this.starts.map((at, i) => this.text.slice(at, this.starts[i + 1] ?? this.text.length).trim());
  }

  /** Removes chunks (in order) from the front of the held text and returns them. */
  private take(chunks: string[]): string[] {
    if (chunks.length === 0) return chunks;
    let cut = 0;
    for (const c of chunks) {
      cut = prefixEnd(this.text, c, cut);
      while (this.text[cut] === ' ') cut++;
    }
    this.text = this.text.slice(cut);
    this.starts = this.text === '' ? [] : [0, ...this.starts.map((at) => at - cut).filter((at) => at > 0)];
    return chunks;
  }
}

/** Where `prefix` ends in `text` read from `from`, where the prefix may have single spaces for runs of spaces in the text. */
function prefixEnd(text: string, prefix: string, from: number): number {
  let j = from;
  for (let i = 0; i < prefix.length; i++) {
    while (text[j] !== prefix[i] && text[j] === ' ') j++;
    if (text[j] === prefix[i]) j++;
  }
  return j;
}

/** All chunks of one segment's sentences through the planner (what a full plan uses). */
export function planChunks(
  sentences: readonly string[],
  maxTokens: number = MAX_TOKENS,
  firstTokens: number = maxTokens,
  window: number = BALANCE_WINDOW,
): string[] {
  const p = new ChunkPlanner(maxTokens, firstTokens, window);
  const out: string[] = [];
  for (const s of sentences) out.push(...p.push(s));
  out.push(...p.finish());
  return out;
}
