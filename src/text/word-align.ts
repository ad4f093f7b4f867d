import { editDistance } from '../util/edit-distance';
/**
 * Which spoken words (espeak's, read in context) go with which written words (pure). espeak runs some
 * words together ("and the" -> one word) and, rarely, splits one; when the counts differ, each written
 * word's phonemes on its own tell where the joins are: a minimum-cost alignment pairs groups of one to
 * three spoken words with groups of one to three written words (one of the two sides a single word),
 * the cost being the edit distance between the spoken group and the written group's own phonemes.
 */

function distance(a: string, b: string): number {
  return editDistance([...a], [...b]) / Math.max(1, [...a].length, [...b].length);
}

/** A run of spoken words [from, to) that says the written words [wordFrom, wordTo). */
export interface WordGroup {
  readonly spoken: readonly [number, number];
  readonly written: readonly [number, number];
}

const MAX_GROUP = 3;

/**
 * Groups covering both sequences in order; `spoken` are the in-context words, `alone` each written
 * word's phonemes by itself. Returns null when no alignment exists (e.g. one side is empty).
 */
export function alignWords(spoken: readonly string[], alone: readonly string[]): WordGroup[] | null {
  const m = spoken.length;
  const n = alone.length;
  if (m === 0 || n === 0) return null;
  const cost: number[][] = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(Infinity));
  const from: ([number, number] | null)[][] = Array.from({ length: m + 1 }, () => Array<[number, number] | null>(n + 1).fill(null));
  cost[0]![0] = 0;
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const here = cost[i]![j]!;
      if (!Number.isFinite(here)) continue;
      for (let a = 1; a <= MAX_GROUP && i + a <= m; a++) {
        for (let b = 1; b <= MAX_GROUP && j + b <= n; b++) {
          if (a > 1 && b > 1) continue;
          const c = here + distance(spoken.slice(i, i + a).join(''), alone.slice(j, j + b).join('')) * Math.max(a, b);
          if (c < cost[i + a]![j + b]!) {
            cost[i + a]![j + b] = c;
            from[i + a]![j + b] = [i, j];
          }
        }
      }
    }
  }
  if (!Number.isFinite(cost[m]![n]!)) return null;
  const groups: WordGroup[] = [];
  for (let i = m, j = n; i > 0 || j > 0; ) {
    const [pi, pj] = from[i]![j]!;
    groups.push({ spoken: [pi, i], written: [pj, j] });
    i = pi;
    j = pj;
  }
  return groups.reverse();
}
