import { editDistance } from '../src/util/edit-distance';
/** Word error rate: word-level edit distance (substitutions + deletions + insertions) / reference words. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\w)[.'’](?=\w)/g, '$1') // T.T.S -> tts, it's -> its
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

export function wordErrorRate(reference: string, hypothesis: string): { errors: number; words: number; rate: number } {
  const r = words(reference);
  const h = words(hypothesis);
  const errors = editDistance(r, h);
  return { errors, words: r.length, rate: r.length ? errors / r.length : h.length ? 1 : 0 };
}
