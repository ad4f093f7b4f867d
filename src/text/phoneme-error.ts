import { tokenize } from './vocab';

/**
 * Phoneme error rate (pure): Levenshtein distance between two phoneme strings counted in Kokoro
 * tokens (the symbols the model reads, spaces and punctuation included; others dropped), over the
 * reference's token count. Whitespace runs count as one space; ends are trimmed.
 */
export function kokoroTokens(phonemes: string): number[] {
  return tokenize(phonemes.replace(/\s+/g, ' ').trim()).ids;
}

/** Edits (insertions, deletions, substitutions) that turn `a` into `b`. */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export interface PhonemeErrors {
  readonly edits: number;
  readonly referenceTokens: number;
}

export function phonemeErrors(hypothesis: string, reference: string): PhonemeErrors {
  const ref = kokoroTokens(reference);
  return { edits: editDistance(kokoroTokens(hypothesis), ref), referenceTokens: ref.length };
}

/** PER over many pairs: total edits / total reference tokens (0 when there is no reference). */
export function phonemeErrorRate(pairs: readonly { hypothesis: string; reference: string }[]): number {
  let edits = 0;
  let n = 0;
  for (const p of pairs) {
    const e = phonemeErrors(p.hypothesis, p.reference);
    edits += e.edits;
    n += e.referenceTokens;
  }
  return n === 0 ? 0 : edits / n;
}
