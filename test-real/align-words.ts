/** Matching two word sequences (ours and a recognizer's) for timing comparisons (pure). */

export interface TimedWord {
  readonly text: string;
  readonly start: number;
}

/** Lowercase letters and digits only: "Hello," and "hello" are the same word. */
export function wordKey(w: string): string {
  return w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Pairs of words that are the same after wordKey, in order, from a minimum-edit alignment of the two
 * sequences (substitutions, insertions and deletions cost 1, a match 0). Words the recognizer heard
 * differently are left out, so only words both sides agree on are compared.
 */
export function matchWords<A extends TimedWord, B extends TimedWord>(ours: readonly A[], heard: readonly B[]): [A, B][] {
  const a = ours.map((w) => wordKey(w.text));
  const b = heard.map((w) => wordKey(w.text));
  const n = a.length;
  const m = b.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  const pairs: [A, B][] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const same = a[i - 1] === b[j - 1];
    if (d[i]![j] === d[i - 1]![j - 1]! + (same ? 0 : 1)) {
      if (same && a[i - 1] !== '') pairs.push([ours[i - 1]!, heard[j - 1]!]);
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return pairs.reverse();
}


/**
 * Where speech starts again after a silence, from the signal alone (pure): in 10 ms frames, the first
 * frame above `onDb` that follows at least `quietMs` of frames below `quietDb`, searched within
 * `aroundS` of a time. null when there is no such silence-then-speech there (words inside running
 * speech have no clean onset to check).
 */
export function onsetNear(samples: Int16Array, sampleRate: number, t: number, aroundS = 0.2, quietDb = -50, onDb = -40, quietMs = 80): number | null {
  const w = Math.round(sampleRate / 100);
  const db = (f: number): number => {
    let e = 0;
    for (let i = f * w; i < Math.min(samples.length, (f + 1) * w); i++) e += (samples[i]! / 32768) ** 2;
    return 10 * Math.log10(e / w + 1e-12);
  };
  const from = Math.max(0, Math.floor((t - aroundS) * 100));
  const to = Math.min(Math.floor(samples.length / w), Math.ceil((t + aroundS) * 100));
  let quiet = 0;
  for (let f = Math.max(0, from - quietMs / 10); f < to; f++) {
    const d = db(f);
    if (d < quietDb) quiet++;
    else if (d > onDb && quiet >= quietMs / 10 && f >= from) return f / 100;
    else if (d >= quietDb) quiet = 0;
  }
  return null;
}
