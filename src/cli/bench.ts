import { Option, type Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { checkCaseLanguages, loadSuite, selectCases } from '../bench/cases';
import { parseLangFlag } from './lang';
import { runBench, runBenchModels, type BenchOptions, type ModelsReport } from '../bench/suite-run';
import { isFile } from '../util/fs';
import { collectEnvironment } from '../bench/env';
import { checkBaseline, compareReports, type GateMetric } from '../bench/compare';
import type { BenchReport, Environment } from '../bench/types';
import { tableReporter } from '../report/table';
import { benchRenderers, ExportManager, modelsRenderers, type ExportPlan } from '../report/export';
import { renderHtml } from '../report/html';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { commaList } from '../util/list';
import { intFlag, intListFlag, numberFlag, parseFormat } from './parse';
import { PACKAGE_ROOT } from './paths';
import { exportIo, resolveExports } from './exports';
import { addEngineFlags, configFor } from './settings';
import { engineDepsOf, engineOptionsOf, hostSetups, resolveEngineSettings, withNamedModel, type EngineSettings } from './engine-settings';
import { downloadMissing } from './first-run';
import { benchResultSet } from '../results/load';
import type { ResolvedConfig } from '../config/resolve';
import { AUDIO_FORMATS, type AudioFormat } from '../audio/formats';
import { parseConcurrency, resolveServerBench, runServerBenchCommand } from './bench-server';

interface BenchFlags {
  iterations: number;
  warmup: number;
  json?: string;
  markdown?: string;
  html?: string;
  compare?: string;
  gate: GateMetric[];
  maxRegression: number;
  cache?: boolean;
  cases?: string;
  text?: string;
  suite?: string;
  stream?: boolean;
  timestamps?: boolean;
  batch?: boolean;
  batchJobs?: number[];
  batchLines: number;
  server?: string;
  serve?: boolean;
  concurrency: number[];
  requests: number;
  format: AudioFormat;
  models?: string[];
  lang?: string;
}

/** `bench` as resolved at the edge: the run itself, and what the CLI does with its report. */
export interface BenchCommand {
  readonly run: BenchOptions;
  readonly settings: EngineSettings;
  readonly exports: ExportPlan;
  readonly baseline: BenchReport | null;
  readonly baselinePath: string | null;
  readonly maxRegressionPct: number;
  readonly gate: readonly GateMetric[];
}

async function readBaseline(path: string): Promise<BenchReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new KokoroError('input-unreadable', `cannot read baseline ${path}: ${messageOf(e)}`, undefined, ExitCode.Io);
  }
  return checkBaseline(raw, path);
}

const GATES: Record<string, GateMetric> = { rtf: 'rtf', overhead: 'overheadRatio' };

export function parseGate(raw: string): GateMetric[] {
  const names = commaList(raw);
  const bad = names.filter((n) => !(n in GATES));
  if (names.length === 0 || bad.length) throw new KokoroError('usage', `--gate must list rtf and/or overhead, not "${raw}"`);
  return names.map((n) => GATES[n]!);
}

/** "1,2,4" -> [1, 2, 4]. */
export const parseJobsList = intListFlag('--batch-jobs', 1, 256, 'keep');

/** --batch-jobs, else 1 up to the number of cores. */
export function jobsOrDefault(jobs: readonly number[] | undefined, cores: number): number[] {
  return jobs ? [...jobs] : Array.from({ length: Math.max(1, cores) }, (_, i) => i + 1);
}

export async function resolveBenchOptions(f: BenchFlags, config: ResolvedConfig, cwd: string): Promise<BenchCommand> {
  const v = config.values;
  const settings = await resolveEngineSettings(config, cwd);
  const suite = await loadSuite(f.suite ? resolve(cwd, f.suite) : join(PACKAGE_ROOT, 'benchmarks', 'suite.json'));
  const cases = selectCases(suite, f.cases ? commaList(f.cases) : null, f.text ?? null);
  checkCaseLanguages(cases, settings.voice, f.lang);
  const exports = await resolveExports(f, cwd, 'bench');
  // Warm runs redo the front end unless asked: a cache hit is not what a new text costs.
  const engine = { ...engineOptionsOf(settings), phonemeCacheSize: f.cache ? Math.max(v.phonemeCacheSize, 1) : 0 };
  const cores = availableParallelism();
  const run: BenchOptions = {
    cases,
    iterations: f.iterations,
    warmup: f.warmup,
    voice: settings.voice,
    ...(f.lang !== undefined ? { lang: f.lang } : {}),
    speed: settings.speed,
    engine,
    streamFirstChunkTokens: f.stream ? Math.min(v.firstChunkTokens, v.maxChunkTokens) : null,
    timestamps: f.timestamps === true,
    batch: f.batch
      ? { jobs: jobsOrDefault(f.batchJobs, cores), lines: f.batchLines, setupsFor: (jobs) => hostSetups(settings, jobs, cores) }
      : null,
    deps: engineDepsOf(settings, cores),
  };
  return {
    run,
    settings,
    exports,
    baseline: f.compare ? await readBaseline(resolve(cwd, f.compare)) : null,
    baselinePath: f.compare ?? null,
    maxRegressionPct: f.maxRegression,
    gate: f.gate,
  };
}

/** bench/tune --models: every file resolved and present, in the order given, or a clear error before any run. */
export async function existingModels(paths: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!(await isFile(abs))) throw new KokoroError('model-missing', `model file ${abs} not found`, 'kokoro-ts models lists the installed files', ExitCode.Model);
    out.push(abs);
  }
  return out;
}

/** bench --models A,B: the suite on each file, interleaved; the side-by-side table and one JSON. */
async function runModelsCommand(paths: readonly string[], flags: BenchFlags, config: ResolvedConfig, progress: (m: string) => void): Promise<void> {
  if (paths.length < 2) throw new KokoroError('usage', '--models needs two or more model files, comma-separated');
  const cwd = process.cwd();
  const files = await existingModels(paths, cwd);
  const o = await resolveBenchOptions(flags, await withNamedModel(config, cwd, files[0]!), cwd);
  const models: { path: string; environment: Environment }[] = [];
  for (const path of files) models.push({ path, environment: await collectEnvironment(path, o.settings.session, o.settings.sessionSources, cwd, o.settings.runtime.label) });
  const out = new ExportManager<ModelsReport>(o.exports, modelsRenderers, exportIo);
  await out.finish(await runBenchModels(o.run, models, progress, (r) => out.save(r)));
}

export function registerBench(program: Command): void {
  const cmd = program
    .command('bench')
    .description('measure real-time factor (RTF) on the benchmark suite; compare with a baseline')
    .option('--iterations <n>', 'measured runs per case', intFlag('--iterations', 1, 10000), 5)
    .option('--warmup <n>', 'discarded runs per case before measuring', intFlag('--warmup', 0, 1000), 1)
    .option('--cases <names>', 'comma-separated case names from the suite, e.g. short,long')
    .option('--text <text>', 'add a custom text case')
    .option('--suite <path>', 'suite file (default: benchmarks/suite.json); a case may carry its own "voice" and "lang"')
    .option('--lang <code>', 'read the cases\' texts as this language (letter or tag: f, fr, ja...), e.g. with -v ff_siwis and --text or --suite; default the voice\'s', parseLangFlag)
    .option('--json <path>', 'write the JSON results here, or - for stdout (then the table goes to stderr) (default: bench-results/bench-TIMESTAMP.json in the data folder)')
    .option('--markdown <path>', 'also write a Markdown summary')
    .option('--html <path>', 'also write the HTML report with charts (as kokoro-ts report makes; the --compare baseline drawn too); - for stdout')
    .option('--compare <baseline>', 'compare with an earlier JSON result; exit 1 on a regression')
    .option('--max-regression <pct>', 'slowdown in percent that counts as a regression (beyond noise)', numberFlag('--max-regression'), 10)
    .addOption(new Option('--gate <metrics>', 'metrics that fail --compare: rtf,overhead (rtf is compared only on the same CPU, model and threads)').argParser(parseGate).default(parseGate('rtf,overhead'), 'rtf,overhead'))
    .option('--cache', 'keep the phoneme cache on, so warm runs reuse phonemes')
    .option('--no-cache', 'phoneme cache off: warm runs redo the front end (the default)')
    .option('--first-chunk-tokens <n>', 'first-chunk limit of the streamed form (with --stream)')
    .option('--stream', 'also time the streamed form (short first chunk) of each case: time to first audio')
    .option('--timestamps', 'also time each case with word timings and captions made (needs a model with durations): their cost')
    .addOption(new Option('--batch', 'measure batch throughput (audio s per wall s) for each --batch-jobs value instead of the cases').conflicts(['compare', 'stream', 'timestamps']))
    .option('--batch-jobs <list>', 'jobs values for --batch, e.g. 1,2 (default: 1 up to the number of cores)', parseJobsList)
    .option('--batch-lines <n>', 'lines per batch for --batch: the cases\' texts cycled', intFlag('--batch-lines', 1, 100000), 16)
    .addOption(new Option('--server <url>', 'load a running speech server (kokoro-ts serve or any OpenAI-compatible one) instead of timing the engine').conflicts(['batch', 'compare', 'stream', 'timestamps', 'serve']))
    .addOption(new Option('--serve', 'start kokoro-ts serve with these settings and load it; also measures the server path against in-process synthesis').conflicts(['batch', 'compare', 'stream', 'timestamps']))
    .option('--concurrency <list>', 'clients in flight for --server/--serve, e.g. 1,2,4,8', parseConcurrency, [1, 2, 4, 8])
    .option('--requests <n>', 'requests per concurrency level for --server/--serve', intFlag('--requests', 1, 1_000_000), 20)
    .option('--format <fmt>', `response_format for --server/--serve: ${AUDIO_FORMATS.join(', ')}`, parseFormat, 'wav' as AudioFormat)
    .option('--workers <n>', 'engine workers of the server --serve starts (default: from the cores and --threads)')
    .addOption(new Option('--models <paths>', 'model files side by side in one run (comma-separated; iterations interleaved; wall time relative to the first)').argParser((v: string) => commaList(v)).conflicts(['batch', 'compare', 'server', 'serve', 'model']));
  addEngineFlags(cmd).action(async (flags: BenchFlags, c: Command) => {
      const config = await configFor(c);
      if ((flags as { download?: boolean }).download) await downloadMissing(config, process.env, process.cwd());
      const progress = (m: string): void => void process.stderr.write(`  ${m}\n`);
      if (flags.server !== undefined || flags.serve) {
        const suite = await loadSuite(flags.suite ? resolve(process.cwd(), flags.suite) : join(PACKAGE_ROOT, 'benchmarks', 'suite.json'));
        const cases = selectCases(suite, flags.cases ? commaList(flags.cases) : null, flags.text ?? null);
        await runServerBenchCommand(await resolveServerBench(flags, cases, config, process.cwd(), availableParallelism()), process.cwd(), progress);
        return;
      }
      if (flags.models) {
        await runModelsCommand(flags.models, flags, config, progress);
        return;
      }
      const o = await resolveBenchOptions(flags, config, process.cwd());
      const environment = await collectEnvironment(o.settings.modelPath, o.settings.session, o.settings.sessionSources, process.cwd(), o.settings.runtime.label);
      // --json -: the JSON alone on stdout (written once, at the end); everything for people on stderr.
      const out = new ExportManager(o.exports, benchRenderers((r) => renderHtml(benchResultSet(r, o.baseline, o.baselinePath ?? undefined), 'kokoro-ts bench')), exportIo);
      const report = await runBench(o.run, environment, progress, (r) => out.save(r));
      await out.finish(report);
      if (o.baseline) {
        const cmp = compareReports(o.baseline, report, o.maxRegressionPct, o.gate);
        await out.human(tableReporter(out.colour).comparison(cmp));
        if (cmp.regression) {
          const slow = cmp.cases.filter((c) => c.regression).map((c) => c.name).join(', ');
          throw new KokoroError('regression', `performance regression against the baseline in: ${slow}`, undefined, ExitCode.Failure);
        }
      }
    });
}
