import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { BenchReport } from '../bench/types';
import type { TuneReport } from '../tune/types';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { classify } from './classify';
import type { ResultFile, ResultSet, ResultSource } from './types';

/** A file named baseline*.json among the inputs is the CI baseline (benchmarks/baseline-ci.json). */
export const isBaselineName = (path: string): boolean => /^baseline.*\.json$/i.test(basename(path));

/** Folders expand to their *.json files (not recursively), in name order; files stay as given. */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      throw new KokoroError('input-unreadable', `cannot read ${input}: ${messageOf(e)}`, 'give bench or tune JSON files, or folders of them', ExitCode.Io);
    }
    if (!st.isDirectory()) {
      out.push(input);
      continue;
    }
    const names = (await readdir(abs)).filter((n) => n.toLowerCase().endsWith('.json') && !n.startsWith('.')).sort();
    if (names.length === 0) throw new KokoroError('bad-result', `${input}: a folder with no .json files`, 'give bench or tune JSON files, or folders of them');
    out.push(...names.map((n) => join(input, n)));
  }
  return out;
}

/** Reads and recognises one result file; errors name the file. */
export async function loadResult(path: string, cwd: string): Promise<ResultFile> {
  const abs = resolve(cwd, path);
  let text: string;
  let mtime: Date;
  try {
    [text, mtime] = await Promise.all([readFile(abs, 'utf8'), stat(abs).then((s) => s.mtime)]);
  } catch (e) {
    throw new KokoroError('input-unreadable', `cannot read ${path}: ${messageOf(e)}`, undefined, ExitCode.Io);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KokoroError('bad-result', `${path}: not JSON (${messageOf(e)})`, 'report reads the JSON that bench --json and tune --json write');
  }
  const stamp = (raw as { environment?: { timestamp?: unknown } } | null)?.environment?.timestamp;
  const fromEnv = typeof stamp === 'string' && !Number.isNaN(Date.parse(stamp));
  const source: ResultSource = { path, name: basename(path), time: fromEnv ? stamp : mtime.toISOString(), timeFrom: fromEnv ? 'environment' : 'mtime' };
  return classify(raw, path, source);
}

/**
 * The inputs of `kokoro-ts report`: files and folders, any mix of bench, bench --batch and tune
 * results. The baseline is `baselinePath`, else a baseline*.json among the inputs (it is then shown
 * as the reference line, not as a run of its own).
 */
export async function loadResultSet(inputs: readonly string[], cwd: string, baselinePath: string | null = null): Promise<ResultSet> {
  if (inputs.length === 0) throw new KokoroError('usage', 'no result files given', 'kokoro-ts report benchmarks/real/ -o report.html');
  const paths = await expandInputs(inputs, cwd);
  const named = baselinePath === null ? paths.filter(isBaselineName) : [];
  if (named.length > 1) throw new KokoroError('usage', `several baselines among the inputs: ${named.join(', ')}`, 'name the one to draw with --baseline FILE');
  const basePath = baselinePath ?? named[0] ?? null;
  const files = await Promise.all(paths.filter((p) => p !== basePath).map((p) => loadResult(p, cwd)));
  let baseline: ResultSet['baseline'] = null;
  if (basePath !== null) {
    const b = await loadResult(basePath, cwd);
    if (b.kind !== 'bench') throw new KokoroError('bad-result', `${basePath}: a baseline must be a bench result with cases, not a ${b.kind} result`);
    baseline = { source: b.source, report: b.report };
  }
  if (files.length === 0) throw new KokoroError('usage', `only a baseline given (${basePath}): nothing to report`, 'add the bench or tune results to draw against it');
  return { files, baseline };
}

const runSource = (r: { environment: { timestamp: string } }): ResultSource => ({ path: 'this run', name: 'this run', time: r.environment.timestamp, timeFrom: 'environment' });

/** bench --html: the run's own report (and its --compare baseline) as a result set. */
export function benchResultSet(report: BenchReport, baseline: BenchReport | null = null, baselinePath = 'baseline'): ResultSet {
  const source = runSource(report);
  const file: ResultFile = report.batch ? { kind: 'batch', source, report, batch: report.batch } : { kind: 'bench', source, report };
  return { files: [file], baseline: baseline ? { source: { ...runSource(baseline), path: baselinePath, name: basename(baselinePath) }, report: baseline } : null };
}

/** tune --html: the run's own report as a result set. */
export function tuneResultSet(report: TuneReport): ResultSet {
  return { files: [{ kind: 'tune', source: runSource(report), report }], baseline: null };
}
