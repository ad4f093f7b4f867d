import type { Progress } from '../download/fetch';

const mb = (b: number): string => (b / 1e6).toFixed(1);
const clock = (s: number): string => (Number.isFinite(s) ? `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}` : '?:??');

/** One progress line: bytes, rate and ETA, with a bar when the total is known. */
export function progressLine(p: Progress, width = 24): string {
  const rate = `${mb(p.bytesPerSecond)} MB/s`;
  if (p.total === null) return `${mb(p.received)} MB  ${rate}`;
  const frac = Math.min(1, p.received / Math.max(1, p.total));
  const bar = `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}]`;
  const eta = p.bytesPerSecond > 0 ? (p.total - p.received) / p.bytesPerSecond : NaN;
  return `${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${mb(p.received)}/${mb(p.total)} MB  ${rate}  ETA ${clock(eta)}`;
}

/** A redrawn bar on a terminal; on a pipe, a plain line every 10% (or 5 s without a total). */
export function progressPrinter(isTTY: boolean, write: (s: string) => void): { update(p: Progress): void; end(): void } {
  let lastDecile = -1;
  let lastAt = 0;
  let drawn = false;
  return {
    update(p) {
      if (isTTY) {
        write(`\r  ${progressLine(p)}\x1b[K`);
        drawn = true;
        return;
      }
      const decile = p.total ? Math.floor((p.received / p.total) * 10) : -1;
      const now = Date.now();
      if ((p.total && decile !== lastDecile) || (!p.total && now - lastAt > 5000)) {
        lastDecile = decile;
        lastAt = now;
        write(`  ${progressLine(p)}\n`);
      }
    },
    end() {
      if (drawn) write('\n');
      drawn = false;
      lastDecile = -1;
    },
  };
}
