/** Descriptive statistics over repeated measurements (pure). */
import { median, quantile } from '../util/quantile';

export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  /** Sample standard deviation (n - 1); 0 for fewer than two values. */
  readonly stddev: number;
  /** 1.4826 x median absolute deviation: a standard deviation that one outlier cannot inflate. */
  readonly robustStddev: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: NaN, median: NaN, p95: NaN, min: NaN, max: NaN, stddev: NaN, robustStddev: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return {
    n, mean, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), min: sorted[0]!, max: sorted[n - 1]!, stddev: Math.sqrt(variance),
    robustStddev: robustSpread(values),
  };
}

/** Median absolute deviation scaled to estimate a standard deviation (robust to outliers). */
export function robustSpread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const med = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - med)));
}
