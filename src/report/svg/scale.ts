/** Linear scales, "nice" ticks and domains for the charts (pure). */
import { quantile } from '../../util/quantile';

export type Scale = (v: number) => number;

export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Round tick values covering [min, max], about `count` of them (1, 2, 5 x 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max <= min) max = min + (Math.abs(min) || 1);
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  return ticks;
}

/** A domain that holds every value (and `include`), widened to round ticks; from 0 when `zero`. */
export function domainOf(values: readonly number[], opts: { zero?: boolean; include?: readonly number[] } = {}): [number, number] {
  const v = [...values, ...(opts.include ?? [])].filter(Number.isFinite);
  if (v.length === 0) return [0, 1];
  let lo = opts.zero ? Math.min(0, ...v) : Math.min(...v);
  let hi = Math.max(...v);
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.1 || 1;
    lo -= opts.zero && lo === 0 ? 0 : pad;
    hi += pad;
  } else if (!opts.zero) {
    const pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
  } else hi += (hi - lo) * 0.05;
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return [Math.min(lo, Math.floor(lo / step) * step), Math.max(hi, Math.ceil(hi / step) * step)];
}

/** Quartiles for a box: linear-interpolated, as the bench statistics compute them. */
export function quartiles(values: readonly number[]): { q1: number; median: number; q3: number; min: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? { q1: quantile(s, 0.25), median: quantile(s, 0.5), q3: quantile(s, 0.75), min: s[0]!, max: s[s.length - 1]! } : { q1: NaN, median: NaN, q3: NaN, min: NaN, max: NaN };
}
