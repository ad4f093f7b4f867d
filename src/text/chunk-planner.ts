import { MAX_TOKENS } from '../spec';
import { chunkPhonemes } from './chunk';

/**
 * Incremental form of chunkPhonemes (pure): sentences' phonemes go in one at a time, finished
 * chunks come out as soon as no later sentence can change them, so synthesis can start on chunk 0
 * before the rest of the text is phonemized. Greedy packing only ever extends the last, still open
 * chunk, so pushing sentences one by one gives exactly the chunks of chunkPhonemes(all sentences)
 * (a property test checks this).
 *
 * With `firstTokens` below `maxTokens` the first chunk is packed to at most `firstTokens` (a clause
 * or two, cut where chunkPhonemes would cut), so the first audio of a stream comes early; the rest
 * is packed to `maxTokens` as usual.
 */
export class ChunkPlanner {
  private open: string | null = null;
  private first: boolean;

  constructor(
    private readonly maxTokens: number = MAX_TOKENS,
    private readonly firstTokens: number = maxTokens,
  ) {
    if (!Number.isInteger(firstTokens) || firstTokens < 1 || firstTokens > maxTokens) {
      throw new RangeError(`firstTokens must be an integer in 1..${maxTokens}, got ${firstTokens}`);
    }
    chunkPhonemes([], maxTokens); // validates maxTokens
    this.first = firstTokens < maxTokens;
  }

  /** Adds one sentence's phonemes (vocabulary symbols only); returns the chunks it closed. */
  push(sentence: string): string[] {
    const s = sentence.trim();
    if (s === '') return [];
    if (this.first) return this.pushFirst(s);
    const chunks = chunkPhonemes(this.open === null ? [s] : [this.open, s], this.maxTokens);
    this.open = chunks.pop() ?? null;
    return chunks;
  }

  /** Closes the last chunk. */
  finish(): string[] {
    const out = this.open === null ? [] : [this.open];
    this.open = null;
    this.first = false;
    return out;
  }

  private pushFirst(s: string): string[] {
    const chunks = chunkPhonemes(this.open === null ? [s] : [this.open, s], this.firstTokens);
    if (chunks.length === 1) {
      this.open = chunks[0]!;
      return [];
    }
    // The first chunk is closed; what follows it is packed to the full length from here on. The rest
    // is taken from the text itself, not from the other short chunks joined with spaces: those may be
    // pieces of one word cut hard (a first-chunk limit shorter than a word), and joining them would
    // put spaces (tokens) into the word.
    const whole = this.open === null ? s : `${this.open} ${s}`;
    this.first = false;
    this.open = null;
    const head = chunks[0]!;
    return [head, ...this.push(whole.slice(prefixEnd(whole, head)))];
  }
}

/** Where `prefix` ends in `text`, where the prefix may have single spaces for runs of spaces in the text. */
function prefixEnd(text: string, prefix: string): number {
  let j = 0;
  for (let i = 0; i < prefix.length; i++) {
    while (text[j] !== prefix[i] && text[j] === ' ') j++;
    if (text[j] === prefix[i]) j++;
  }
  return j;
}

/** All chunks of a list of sentences through the planner (what a full plan uses). */
export function planChunks(sentences: readonly string[], maxTokens: number = MAX_TOKENS, firstTokens: number = maxTokens): string[] {
  const p = new ChunkPlanner(maxTokens, firstTokens);
  const out: string[] = [];
  for (const s of sentences) out.push(...p.push(s));
  out.push(...p.finish());
  return out;
}
