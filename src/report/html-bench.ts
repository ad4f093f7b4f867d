import type { BatchResult, BenchReport, CaseResult } from '../bench/types';
import type { ResultSource } from '../results/types';
import { categoryChart } from './svg/frame';
import { boxStrip, dotWhisker, lineBand, refLine } from './svg/marks';
import { COLOUR, seriesColour } from './svg/palette';
import { domainOf } from './svg/scale';
import { stackedBars } from './svg/stacked';
import { num } from './svg/text';

const rtfOf = (ms: number, c: CaseResult): number => ms / 1000 / c.audioSeconds;

/** Per case: every measured run's RTF (box + strip, the cold run apart) with the raw-model reference beside it. */
export function rtfDistribution(r: BenchReport, standIn: boolean): string {
  const cases = r.cases;
  const warm = cases.map((c) => c.samples.wallMs.map((v) => rtfOf(v, c)));
  const raw = cases.map((c) => c.samples.rawModelMs.map((v) => rtfOf(v, c)));
  const all = [...warm.flat(), ...raw.flat(), ...cases.map((c) => c.cold.rtf)];
  return categoryChart({
    kind: 'rtf-distribution',
    title: 'RTF of every run, per case (lower is faster)',
    note: 'box = quartiles, whiskers = range; raw model = the same ids through bare model calls',
    categories: cases.map((c) => c.name),
    xLabel: 'case',
    yLabel: 'RTF (synthesis s / audio s)',
    yDomain: domainOf(all, { zero: true }),
    standIn,
    width: 580,
    height: 470,
    legend: [
      { label: 'warm runs (end to end)', colour: COLOUR.warm, shape: 'dot' },
      { label: 'cold run (first synthesis)', colour: COLOUR.cold, shape: 'triangle' },
      { label: 'raw model', colour: COLOUR.raw, shape: 'dot' },
    ],
  }, (p) => cases.map((c, i) => boxStrip(p, {
    series: `${c.name} end to end`, colour: COLOUR.warm, at: i, offset: -0.17, values: warm[i]!,
    pointLabel: (v, k) => `${c.name} warm run ${k + 1}: RTF ${num(v)} (${num(c.samples.wallMs[k]!)} ms)`,
    cold: { value: c.cold.rtf, colour: COLOUR.cold, label: `${c.name} cold run: RTF ${num(c.cold.rtf)} (${num(c.cold.wallMs)} ms)` },
  }) + boxStrip(p, {
    series: `${c.name} raw model`, colour: COLOUR.raw, at: i, offset: 0.17, values: raw[i]!,
    pointLabel: (v, k) => `${c.name} raw model, run ${k + 1}: RTF ${num(v)} (${num(c.samples.rawModelMs[k]!)} ms)`,
  })).join(''));
}

/** Per case: where the time goes (median front end / model / sink), as shares of their sum. */
export function stageSplit(r: BenchReport, standIn: boolean): string {
  return stackedBars({
    kind: 'stage-split',
    title: 'Stage split per case (medians)',
    parts: [{ label: 'front end', colour: COLOUR.frontEnd }, { label: 'model', colour: COLOUR.model }, { label: 'sink', colour: COLOUR.sink }],
    rows: r.cases.map((c) => ({ label: c.name, values: [c.stages.frontEndMs.median, c.stages.modelMs.median, c.stages.outputMs.median] })),
    unit: 'ms',
    xLabel: 'share of the stages\' time',
    standIn,
    width: 560,
  });
}

/** Per case: end-to-end / raw model time (median, whiskers min–max), against 1.0 (no overhead). */
export function overheadRatio(r: BenchReport, standIn: boolean): string {
  const s = r.cases.map((c) => c.overheadRatio);
  return categoryChart({
    kind: 'overhead-ratio',
    title: 'Overhead ratio per case: end to end / raw model',
    note: 'dot = median, whiskers = min–max over the runs; dashed = 1.0, no overhead',
    categories: r.cases.map((c) => c.name),
    xLabel: 'case',
    yLabel: 'overhead ratio',
    yDomain: domainOf(s.flatMap((x) => [x.min, x.max]), { include: [1] }),
    standIn,
    width: 560,
    height: 250,
  }, (p) => refLine(p, 1, '', 'reference', COLOUR.reference)
    + dotWhisker(p, 'overhead ratio', COLOUR.warm, s.map((x, i) => ({ at: i, mid: x.median, lo: x.min, hi: x.max, label: `${r.cases[i]!.name}: median ${num(x.median)}, ${num(x.min)}–${num(x.max)} (${x.n} runs)` }))));
}

const jobsLabel = (b: BatchResult, i: number): string => `${b.results[i]!.jobs} job${b.results[i]!.jobs === 1 ? '' : 's'}\n${b.results[i]!.threadsPerJob} thread${b.results[i]!.threadsPerJob === 1 ? '' : 's'} each`;

/** bench --batch: audio seconds per wall second for each jobs value (median, band min–max), the best marked. */
export function batchThroughput(b: BatchResult, standIn: boolean): string {
  const cats = b.results.map((_, i) => jobsLabel(b, i));
  return categoryChart({
    kind: 'load-throughput',
    title: 'Throughput vs concurrency (higher is better)',
    note: 'line = median, band = min–max over the iterations; star = best (fewest jobs within noise of the top)',
    categories: cats,
    xLabel: 'concurrency (parallel jobs)',
    yLabel: 'audio s per wall s',
    yDomain: domainOf(b.results.flatMap((x) => [x.throughput.min, x.throughput.max]), { zero: true }),
    standIn,
    legend: [{ label: 'throughput', colour: COLOUR.warm, shape: 'line' }, { label: 'best', colour: COLOUR.warm, shape: 'star' }],
  }, (p) => lineBand(p, 'throughput', COLOUR.warm, b.results.map((x, i) => ({
    at: i, mid: x.throughput.median, lo: x.throughput.min, hi: x.throughput.max,
    label: `${x.jobs} jobs: ${num(x.throughput.median)} audio s/s (${num(x.throughput.min)}–${num(x.throughput.max)}), ${x.failedLines} failed lines`,
  })), { marker: (pt) => b.results[pt.at]!.jobs === b.bestJobs }));
}

/** bench --batch: wall time of the whole batch per jobs value, as percentiles over the iterations. */
export function batchLatency(b: BatchResult, standIn: boolean): string {
  const pcts = [['min', (s: BatchResult['results'][number]) => s.wallMs.min], ['median', (s: BatchResult['results'][number]) => s.wallMs.median], ['p95', (s: BatchResult['results'][number]) => s.wallMs.p95], ['max', (s: BatchResult['results'][number]) => s.wallMs.max]] as const;
  const values = b.results.flatMap((x) => pcts.map(([, f]) => f(x) / 1000));
  return categoryChart({
    kind: 'load-latency',
    title: `Batch latency vs concurrency (${b.lines} lines, lower is better)`,
    note: 'wall time of the whole batch, percentiles over the iterations',
    categories: b.results.map((_, i) => jobsLabel(b, i)),
    xLabel: 'concurrency (parallel jobs)',
    yLabel: 'wall time (s)',
    yDomain: domainOf(values, { zero: true }),
    standIn,
    legend: pcts.map(([name], i) => ({ label: name, colour: seriesColour(i), shape: 'line' as const })),
  }, (p) => pcts.map(([name, f], k) => lineBand(p, name, seriesColour(k), b.results.map((x, i) => ({
    at: i, mid: f(x) / 1000, lo: NaN, hi: NaN, label: `${x.jobs} jobs: ${name} ${num(f(x) / 1000)} s`,
  })))).join(''));
}

/** A headline for a result's section: what ran, on what, when. */
export function runLine(r: BenchReport, source: ResultSource): string {
  const e = r.environment;
  const c = r.cases[0];
  const runs = c ? `${c.iterations} runs after ${c.warmup} warm-up per case` : r.batch ? `${r.batch.iterations} iteration(s) per jobs value, ${r.batch.lines} lines` : '';
  return `${e.model.standIn ? 'STAND-IN model (not Kokoro)' : 'real model'} ${e.model.path.split('/').pop() ?? ''}; intra-op ${e.session.intraOpNumThreads || 'auto'}, ${e.session.executionMode}; voice ${r.voice}, speed ${r.speed}; ${runs}; measured ${source.time}${source.timeFrom === 'mtime' ? ' (file time)' : ''}`;
}
