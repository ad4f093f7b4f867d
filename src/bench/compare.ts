import { KokoroError } from '../util/errors';
import type { Summary } from './stats';
import { SCHEMA_VERSION, type BenchReport, type CaseResult } from './types';

export type Verdict = 'faster' | 'same' | 'slower' | 'not comparable';

export interface MetricComparison {
  readonly metric: 'rtf' | 'overheadRatio';
  readonly baseline: number;
  readonly current: number;
  /** current / baseline - 1 (positive = slower). */
  readonly change: number;
  /** The change the two runs' own spread can explain, as a fraction of the baseline. */
  readonly noise: number;
  readonly verdict: Verdict;
  readonly reason?: string;
}

export interface CaseComparison {
  readonly name: string;
  readonly metrics: MetricComparison[];
  readonly regression: boolean;
}

export interface Comparison {
  readonly cases: CaseComparison[];
  readonly rtfComparable: boolean;
  readonly rtfReason: string | null;
  readonly maxRegression: number;
  readonly gate: readonly GateMetric[];
  readonly regression: boolean;
}

/**
 * A difference counts only if it exceeds both the threshold and what noise explains. Noise: the
 * relative standard error of each median (about 1.25 * sd / sqrt(n) / median, with the
 * outlier-proof robust sd, since one disturbed iteration on a shared machine should neither hide
 * nor fake a regression), combined for the two runs, times 3. Relative errors keep the rule
 * scale-free: a much faster baseline does not inflate the current run's noise.
 */
export function noiseOf(base: Summary, cur: Summary): number {
  const sd = (s: Summary): number => (Number.isFinite(s.robustStddev) ? s.robustStddev : s.stddev);
  const rse = (s: Summary): number => (s.n > 0 && s.median > 0 ? (1.2533 * sd(s)) / Math.sqrt(s.n) / s.median : 0);
  return 3 * Math.hypot(rse(base), rse(cur));
}

export function judge(metric: MetricComparison['metric'], base: Summary, cur: Summary, maxRegression: number): MetricComparison {
  const change = cur.median / base.median - 1;
  const noise = noiseOf(base, cur);
  const bar = Math.max(maxRegression, noise);
  const verdict: Verdict = change > bar ? 'slower' : change < -bar ? 'faster' : 'same';
  return { metric, baseline: base.median, current: cur.median, change, noise, verdict };
}

/** Why absolute RTF cannot be compared between two runs, or null if it can. */
export function rtfMismatch(base: BenchReport, cur: BenchReport): string | null {
  const b = base.environment;
  const c = cur.environment;
  if (b.cpu.brand !== c.cpu.brand) return `CPU differs (${b.cpu.brand} vs ${c.cpu.brand})`;
  if (b.cpu.id && c.cpu.id && b.cpu.id !== c.cpu.id) return `CPU generation differs (${b.cpu.id} vs ${c.cpu.id})`;
  if (b.cpu.logicalCores !== c.cpu.logicalCores) return `core count differs (${b.cpu.logicalCores} vs ${c.cpu.logicalCores})`;
  if (b.model.sha256 !== c.model.sha256) return 'model file differs (sha256)';
  // The runtime release alone moves RTF by up to 2x on the int8 file (benchmarks/README.md).
  if (b.onnxruntime !== c.onnxruntime) return `onnxruntime-node differs (${b.onnxruntime} vs ${c.onnxruntime})`;
  const keys = ['intraOpNumThreads', 'interOpNumThreads', 'executionMode'] as const;
  for (const k of keys) if (b.session[k] !== c.session[k]) return `session ${k} differs (${b.session[k]} vs ${c.session[k]})`;
  return null;
}

export function checkBaseline(raw: unknown, path: string): BenchReport {
  const r = raw as Partial<BenchReport> | null;
  if (!r || typeof r !== 'object' || !('schemaVersion' in r)) throw new KokoroError('usage', `${path} is not a kokoro-ts bench result (no schemaVersion)`);
  if (r.schemaVersion !== SCHEMA_VERSION) {
    throw new KokoroError('usage', `${path} has schemaVersion ${String(r.schemaVersion)}; this kokoro-ts writes and compares ${SCHEMA_VERSION}`, 'make a new baseline with this version (see benchmarks/README.md)');
  }
  if (!Array.isArray(r.cases) || !r.environment) throw new KokoroError('usage', `${path} lacks cases or environment`);
  return r as BenchReport;
}

/** Which metrics may fail the gate: RTF is machine-bound, the overhead ratio travels between machines. */
export type GateMetric = MetricComparison['metric'];

export function compareReports(base: BenchReport, cur: BenchReport, maxRegressionPct: number, gate: readonly GateMetric[] = ['rtf', 'overheadRatio']): Comparison {
  const maxRegression = maxRegressionPct / 100;
  const mismatch = rtfMismatch(base, cur);
  const cases = cur.cases.map((c: CaseResult): CaseComparison => {
    const b = base.cases.find((x) => x.name === c.name);
    if (!b) {
      throw new KokoroError('usage', `the baseline has no case "${c.name}"`, `its cases: ${base.cases.map((x) => x.name).join(', ')}; pick cases with --cases`);
    }
    const metrics = [judge('overheadRatio', b.overheadRatio, c.overheadRatio, maxRegression)];
    if (mismatch === null) metrics.push(judge('rtf', b.rtf, c.rtf, maxRegression));
    else metrics.push({ metric: 'rtf', baseline: b.rtf.median, current: c.rtf.median, change: c.rtf.median / b.rtf.median - 1, noise: NaN, verdict: 'not comparable', reason: mismatch });
    return { name: c.name, metrics, regression: metrics.some((m) => m.verdict === 'slower' && gate.includes(m.metric)) };
  });
  return { cases, rtfComparable: mismatch === null, rtfReason: mismatch, maxRegression, gate, regression: cases.some((c) => c.regression) };
}
