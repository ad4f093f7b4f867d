import type { BenchReport, CaseResult } from '../bench/types';
import type { ResultSet, ResultSource } from '../results/types';
import { categoryChart } from './svg/frame';
import { lineBand, refLine } from './svg/marks';
import { COLOUR } from './svg/palette';
import { domainOf } from './svg/scale';
import { num } from './svg/text';

interface Run {
  readonly source: ResultSource;
  readonly report: BenchReport;
}

/** Bench runs (not batch, not tune) in the order they were measured; files with equal times keep their input order. */
export function historyRuns(set: ResultSet): Run[] {
  return set.files.flatMap((f) => (f.kind === 'bench' ? [{ source: f.source, report: f.report }] : []))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Date.parse(a.r.source.time) - Date.parse(b.r.source.time) || a.i - b.i)
    .map((x) => x.r);
}

/** "bench-int8-t2\n11-25 20:52 · 0a5467b": the file, its time, its commit. */
function runLabel(r: Run): string {
  const t = r.source.time.slice(5, 16).replace('T', ' ');
  const commit = r.report.environment.gitCommit?.slice(0, 7);
  return `${r.source.name.replace(/\.json$/i, '')}\n${t}${r.source.timeFrom === 'mtime' ? ' (file)' : ''}${commit ? `\n${commit}` : ''}`;
}

function pointLabel(r: Run, c: CaseResult): string {
  const e = r.report.environment;
  return `${r.source.name} (${e.model.standIn ? 'STAND-IN' : 'real model'}, intra-op ${e.session.intraOpNumThreads || 'auto'}): ${c.name} median RTF ${num(c.rtf.median)} ± ${num(c.rtf.robustStddev)} (${c.rtf.n} runs)`;
}

/**
 * One chart per case over the bench runs in time order: median RTF with its noise band (± robust sd),
 * and the CI baseline's median as a dashed line. Drawn with two runs or more, or one and a baseline.
 */
export function historyCharts(set: ResultSet): string[] {
  const runs = historyRuns(set);
  const base = set.baseline;
  if (runs.length < 2 && !(runs.length === 1 && base)) return [];
  const names = [...new Set(runs.flatMap((r) => r.report.cases.map((c) => c.name)))];
  const categories = runs.map(runLabel);
  return names.map((name) => {
    const points = runs.flatMap((r, i) => {
      const c = r.report.cases.find((x) => x.name === name);
      return c ? [{ at: i, mid: c.rtf.median, lo: c.rtf.median - c.rtf.robustStddev, hi: c.rtf.median + c.rtf.robustStddev, label: pointLabel(r, c), standIn: r.report.environment.model.standIn }] : [];
    });
    const b = base?.report.cases.find((x) => x.name === name);
    const baseStandIn = base?.report.environment.model.standIn === true;
    const baseLabel = `CI baseline${baseStandIn ? ' (STAND-IN)' : ''}`;
    return categoryChart({
      kind: 'history',
      title: `History of "${name}": median RTF per run`,
      note: `band = median ± robust sd of each run${b ? `; dashed = ${base!.source.name} median` : ''}`,
      categories,
      xLabel: 'run (file, time, git commit), oldest first',
      yLabel: 'median RTF',
      yDomain: domainOf([...points.flatMap((pt) => [pt.lo, pt.hi]), ...(b ? [b.rtf.median] : [])], { zero: true }),
      standIn: points.some((pt) => pt.standIn),
      legend: [
        { label: 'median RTF ± noise', colour: COLOUR.warm, shape: 'line' },
        ...(b ? [{ label: baseLabel, colour: COLOUR.baseline, shape: 'dash' as const }] : []),
      ],
      width: 560,
      height: 300,
    }, (p) => (b ? refLine(p, b.rtf.median, baseLabel, 'baseline', COLOUR.baseline) : '') + lineBand(p, name, COLOUR.warm, points));
  });
}
