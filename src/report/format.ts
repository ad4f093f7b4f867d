import type { BenchReport } from '../bench/types';
/** Number formatting shared by the reporters. */
export const fx = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');
export const ms = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '-');
export const pct = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : '-');

/** bench --timestamps: what making word timings and captions cost, per case (wall time with / without). */
export function timestampsLine(r: BenchReport): string {
  const timed = r.cases.filter((c) => c.timestamps);
  if (timed.length === 0) return '';
  return `word timings + captions cost (wall with / without, median): ${timed.map((c) => `${c.name} ${fx(c.timestamps!.costRatio.median, 4)}x (${c.timestamps!.words} words)`).join(', ')}\n`;
}
