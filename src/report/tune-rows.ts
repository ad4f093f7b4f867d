import { describeTrial } from '../tune/types';

export { describeTrial };
import { hottest, type ThermalReading, type TuneReport, type TuneTrial } from '../tune/types';
import { basename } from 'node:path';
import { pct } from './format';

/** RTF to three significant digits: tiny stand-in figures stay readable. */
const fx = (v: number): string => (Number.isFinite(v) ? (v >= 0.1 ? v.toFixed(3) : v.toPrecision(3)) : '-');

/** The cells every tune renderer shows, as text. */
export interface TuneRow {
  readonly mark: string;
  readonly intra: string;
  readonly inter: string;
  readonly mode: string;
  /** Model file and chunk limit, when the sweep covered them ('' otherwise). */
  readonly variant: string;
  readonly median: string;
  readonly spread: string;
  readonly p95: string;
  readonly tempBefore: string;
  readonly tempAfter: string;
  readonly load: string;
  readonly note: string;
}

export const temp = (r: ThermalReading): string => {
  const h = hottest(r);
  return h === null ? 'n/a' : `${(r.mainC ?? h).toFixed(0)}/${h.toFixed(0)} °C`;
};

const load = (a: ThermalReading, b: ThermalReading): string =>
  a.loadPct === null || b.loadPct === null ? 'n/a' : `${a.loadPct.toFixed(0)}→${b.loadPct.toFixed(0)}%`;

export function tuneRows(r: TuneReport): TuneRow[] {
  return r.trials.map((t: TuneTrial, i) => {
    const s = t.result.rtf;
    const notes = [
      i === r.winner ? 'WINNER' : '',
      t.current ? 'current' : '',
      i !== r.winner && r.tied.includes(i) ? 'within noise of best' : '',
      t.hot ? 'HOT (may be throttled)' : '',
      t.cooldownMs > 0 ? `waited ${(t.cooldownMs / 1000).toFixed(0)} s to cool` : '',
    ].filter(Boolean);
    return {
      mark: i === r.winner ? '*' : '',
      intra: t.settings.intraOpNumThreads === 0 ? 'auto' : String(t.settings.intraOpNumThreads),
      inter: t.settings.executionMode === 'parallel' ? String(t.settings.interOpNumThreads) : '-',
      mode: t.settings.executionMode,
      variant: [t.settings.modelPath !== undefined ? basename(t.settings.modelPath) : '', t.settings.maxChunkTokens !== undefined ? `chunks ${t.settings.maxChunkTokens}` : '', t.settings.sessions !== undefined ? `sessions ${t.settings.sessions}` : ''].filter(Boolean).join(', '),
      median: fx(s.median),
      spread: Number.isFinite(s.robustStddev) && s.median > 0 ? `±${((s.robustStddev / s.median) * 100).toFixed(1)}%` : '-',
      p95: fx(s.p95),
      tempBefore: temp(t.before),
      tempAfter: temp(t.after),
      load: load(t.before, t.after),
      note: notes.join(', '),
    };
  });
}

/** One-paragraph verdict under the table. */
export function tuneSummary(r: TuneReport): string {
  const lines: string[] = [];
  if (r.interrupted) lines.push(`Interrupted after ${r.trials.length} of ${r.planned} trials.`);
  if (r.winner === null) {
    lines.push('No trial finished: nothing to choose.');
  } else {
    const w = r.trials[r.winner]!;
    const cur = r.trials.find((t) => t.current);
    const curIndex = r.trials.findIndex((t) => t.current);
    const same = curIndex === r.winner || r.tied.includes(curIndex);
    const gain = r.gainOverCurrent === null || !cur ? ''
      : same ? `; within the measured noise of the current settings (${describeTrial(cur.settings)}, RTF ${fx(cur.result.rtf.median)}, ${pct(r.gainOverCurrent)} apart)`
      : `; ${gainText(r.gainOverCurrent)} the current settings (${describeTrial(cur.settings)}, RTF ${fx(cur.result.rtf.median)})`;
    lines.push(`Winner: ${describeTrial(w.settings)}, RTF median ${fx(w.result.rtf.median)}${gain}.`);
    if (r.tied.length > 1) lines.push(`${r.tied.length} trials were within the measured noise of the best; the one with the fewest threads won.`);
  }
  if (r.temperature === 'unavailable') lines.push('Temperature: unavailable on this machine (no sensor); no thermal guard was possible.');
  lines.push(r.override.written ? `Wrote the winner to ${r.override.path}.` : `${r.override.path} left as it was: ${r.override.reason}.`);
  return lines.join('\n');
}

function gainText(g: number): string {
  if (Math.abs(g) < 0.005) return 'the same speed as';
  return g > 0 ? `${pct(g).slice(1)} faster than` : `${pct(-g).slice(1)} slower than`;
}
