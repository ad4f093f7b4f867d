/**
 * How a quantile falls between two ranks. `linear`: interpolated between them (the method numpy and
 * hyperfine use by default; every figure kokoro-ts reports). `floor`: the value at index ⌊n·q⌋, no
 * interpolation, always a value that occurred (the real tier's click threshold).
 */
export type QuantileMethod = 'linear' | 'floor';

/** The q-quantile (q in [0, 1]) of sorted values; NaN for none. */
export function quantile(sorted: ArrayLike<number>, q: number, method: QuantileMethod = 'linear'): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (method === 'floor') return sorted[Math.min(n - 1, Math.floor(n * q))]!;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Values in any order, sorted once (a copy). */
export const sortedCopy = (values: Iterable<number>): number[] => [...values].sort((a, b) => a - b);

/** The q-quantile of values in any order (they are not changed). */
export function quantileOf(values: Iterable<number>, q: number, method: QuantileMethod = 'linear'): number {
  return quantile(sortedCopy(values), q, method);
}

/** The median of values in any order (NaN for none). */
export function median(values: Iterable<number>): number {
  return quantileOf(values, 0.5);
}
