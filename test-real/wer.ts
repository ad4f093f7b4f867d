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
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i++) {
    const cur = [i];
    for (let j = 1; j <= h.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  const errors = prev[h.length]!;
  return { errors, words: r.length, rate: r.length ? errors / r.length : h.length ? 1 : 0 };
}
