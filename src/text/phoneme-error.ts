import { editDistance } from '../util/edit-distance';
import { keepKnown } from './vocab';

/**
 * Phoneme error rate of a phoneme string against a reference (pure): the edit distance
 * (substitutions, insertions, deletions) over Kokoro tokens, i.e. the vocabulary symbols each string
 * keeps (what the model is actually given), divided by the reference's token count.
 */
export interface PhonemeErrors {
  /** Edits that turn the hypothesis into the reference. */
  readonly edits: number;
  /** Tokens in the reference. */
  readonly length: number;
}

export { editDistance };

/** Kokoro tokens of a phoneme string: its vocabulary symbols, one per code point; whitespace runs count as one space, ends trimmed. */
export function kokoroTokens(phonemes: string): string[] {
  return [...keepKnown(phonemes.replace(/\s+/g, ' ').trim())];
}

export function phonemeErrors(hypothesis: string, reference: string): PhonemeErrors {
  const ref = kokoroTokens(reference);
  return { edits: editDistance(kokoroTokens(hypothesis), ref), length: ref.length };
}

/** Errors summed over sentences / reference tokens summed (0 for an empty reference). */
export function phonemeErrorRate(pairs: readonly PhonemeErrors[]): number {
  const length = pairs.reduce((n, p) => n + p.length, 0);
  return length === 0 ? 0 : pairs.reduce((n, p) => n + p.edits, 0) / length;
}
