/** Number formatting shared by the reporters. */
export const fx = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');
export const ms = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '-');
export const pct = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : '-');
