/**
 * The q-quantile (q in [0, 1]) of sorted values; NaN for none. `linear`: between the two nearest ranks (numpy's
 * and hyperfine's default; every figure kokoro-ts reports); `floor`: the value at ⌊n·q⌋ (the real tier's clicks).
 */
export function quantile(sorted: ArrayLike<number>, q: number, method: 'linear' | 'floor' = 'linear'): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (method === 'floor') return sorted[Math.min(n - 1, Math.floor(n * q))]!;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.ceil(pos)]! - sorted[lo]!) * (pos - lo);
}

/** The linear q-quantile of values in any order (they are not changed). */
export const quantileOf = (values: Iterable<number>, q: number): number => quantile([...values].sort((a, b) => a - b), q);

/** The median of values in any order (NaN for none). */
export const median = (values: Iterable<number>): number => quantileOf(values, 0.5);
