import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseRewrites, rewriteName, type ExecutionMode } from '../engine';
import { checkCaseLanguages, loadSuite, selectCases } from '../bench/cases';
import { parseLangFlag } from './lang';
import type { ResolvedConfig } from '../config/resolve';
import { realTime, systemThermal } from '../tune/thermal';
import { runTune, TuneFailure, type TuneOptions } from '../tune/run';
import type { TuneReport } from '../tune/types';
import { ExportManager, tuneRenderers, type ExportPlan } from '../report/export';
import { renderHtml } from '../report/html';
import { ExitCode, KokoroError } from '../util/errors';
import { commaList } from '../util/list';
import { intFlag, intListFlag, numberFlag, parseNumberFlag } from './parse';
import { handleInterruptWith } from './io';
import { PACKAGE_ROOT } from './paths';
import { configFor } from './settings';
import { engineOptionsOf, resolveEngineSettings, sessionsRunner, withNamedModel } from './engine-settings';
import { exportIo, resolveExports } from './exports';
import { existingModels } from './bench';
import { tuneResultSet } from '../results/load';

interface TuneFlags {
  threads?: number[];
  interOp?: number[];
  modes?: ExecutionMode[];
  models?: string[];
  chunkTokens?: number[];
  sessions?: number[];
  rewrites?: string[];
  case: string;
  suite?: string;
  iterations: number;
  warmup: number;
  maxTemp: number;
  cooldownTemp: number;
  cooldownTimeout: number;
  dryRun?: boolean;
  json?: string;
  markdown?: string;
  html?: string;
  lang?: string;
}

/** `tune` as resolved at the edge: the sweep, and where its report goes. */
interface TuneCommand {
  readonly run: TuneOptions;
  readonly exports: ExportPlan;
}

/** "sequential,parallel" (a commander argument parser). */
function modeList(raw: string): ExecutionMode[] {
  const parts = commaList(raw);
  const bad = parts.filter((p) => p !== 'sequential' && p !== 'parallel');
  if (parts.length === 0 || bad.length) throw new KokoroError('usage', `--modes must list sequential and/or parallel, not "${raw}"`);
  return [...new Set(parts)] as ExecutionMode[];
}

/** "none,tiles:512" -> canonical rewrite settings (a commander argument parser). */
function rewriteList(raw: string): string[] {
  const parts = commaList(raw);
  if (parts.length === 0) throw new KokoroError('usage', '--rewrites needs a comma-separated list, e.g. none,tiles:1024');
  return [...new Set(parts.map((p) => {
    try {
      const r = parseRewrites(p);
      return r === 'auto' ? 'auto' : rewriteName(r);
    } catch (e) {
      throw new KokoroError('usage', `--rewrites: ${e instanceof Error ? e.message : String(e)}`, 'e.g. --rewrites none,conv2d,tiles:1024,conv2d+tiles:1024');
    }
  }))];
}

function cooldownSeconds(raw: string): number {
  const s = parseNumberFlag('--cooldown-timeout', raw);
  if (s < 0) throw new KokoroError('usage', '--cooldown-timeout must be 0 or more seconds');
  return s;
}

export async function resolveTuneOptions(f: TuneFlags, config: ResolvedConfig, cwd: string): Promise<TuneCommand> {
  const models = f.models ? [...new Set(await existingModels(f.models, cwd))] : null;
  const settings = await resolveEngineSettings(models ? await withNamedModel(config, cwd, models[0]!) : config, cwd);
  if (f.rewrites && settings.modelCacheDir === null) throw new KokoroError('usage', '--rewrites needs the optimized-model cache: rewrites live in its copies', 'drop --model-cache off (or KOKORO_MODEL_CACHE=off)');
  const suite = await loadSuite(f.suite ? resolve(cwd, f.suite) : join(PACKAGE_ROOT, 'benchmarks', 'suite.json'));
  const [chosen] = selectCases(suite, [f.case], null);
  checkCaseLanguages([chosen!], settings.voice, f.lang);
  const maxTempC = f.maxTemp;
  const cooldownTempC = f.cooldownTemp;
  if (cooldownTempC >= maxTempC) throw new KokoroError('usage', `--cooldown-temp (${cooldownTempC}) must be below --max-temp (${maxTempC})`);
  const cooldownTimeoutS = f.cooldownTimeout;
  const run: TuneOptions = {
    case: chosen!,
    threads: f.threads ?? null,
    interOp: f.interOp ?? null,
    modes: f.modes ?? null,
    models,
    chunkTokens: f.chunkTokens ?? null,
    sessions: f.sessions ?? null,
    rewrites: f.rewrites ?? null,
    configuredSessions: settings.sessions,
    parallelRunner: (n, intra) => sessionsRunner(n, intra, availableParallelism()),
    iterations: f.iterations,
    warmup: f.warmup,
    guard: { maxTempC, cooldownTempC, cooldownTimeoutMs: cooldownTimeoutS * 1000, pollMs: 5000 },
    dryRun: f.dryRun === true,
    voice: settings.voice,
    ...(f.lang !== undefined ? { lang: f.lang } : {}),
    speed: settings.speed,
    // Trials measure the whole pipeline as bench does: phoneme cache off, so every run redoes the front end.
    engine: { ...engineOptionsOf(settings), phonemeCacheSize: 0, warmup: false },
    sessionSources: settings.sessionSources,
    onnxruntime: settings.runtime.label,
    overridePath: config.overridePath,
  };
  // No JSON unless asked: the override file is tune's result.
  return { run, exports: await resolveExports(f, cwd, null) };
}

/** --json - (or --html -): that alone on stdout; the table for people on stderr. */
function emit(report: TuneReport, o: TuneCommand): Promise<void> {
  return new ExportManager(o.exports, tuneRenderers((r) => renderHtml(tuneResultSet(r), 'kokoro-ts tune')), exportIo, 'Trials').finish(report);
}

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description('sweep ONNX Runtime thread settings on a bench case, watching CPU temperature; write the fastest to override.json')
    .option('--threads <list>', 'intra-op thread counts to try, e.g. 1,2,4 (default: from the CPU\'s cores)', intListFlag('--threads', 1, 1024))
    .option('--inter-op <list>', 'inter-op thread counts for parallel mode (default 1,2)', intListFlag('--inter-op', 1, 1024))
    .option('--modes <list>', 'execution modes: sequential,parallel (default both)', modeList)
    .option('--models <paths>', 'model files to try too, comma-separated (e.g. the int8 file and its fp32-compute copy); the winner\'s is written', (v: string) => commaList(v))
    .option('--chunk-tokens <list>', 'chunk limits (most tokens per model call) to try too, e.g. 200,300,510; the winner\'s is written', intListFlag('--chunk-tokens', 1, 510))
    .option('--sessions <list>', 'sessions per text to try too, e.g. 1,2 (N sessions share a trial\'s threads, a thread each at least); the winner\'s is written', intListFlag('--sessions', 1, 64))
    .option('--rewrites <list>', 'graph rewrites of the optimized copy to try too, e.g. none,conv2d,tiles:512,tiles:1024,tiles:2048,conv2d+tiles:1024 (the configured one, auto by default, is measured too); the winner\'s is written', rewriteList)
    .option('--case <name>', 'bench case each trial synthesizes', 'long')
    .option('--suite <path>', 'suite file (default: benchmarks/suite.json); a case may carry its own "voice" and "lang"')
    .option('--lang <code>', 'read the case\'s text as this language (letter or tag); default the voice\'s', parseLangFlag)
    .option('--iterations <n>', 'measured runs per trial', intFlag('--iterations', 1, 10000), 5)
    .option('--warmup <n>', 'discarded runs per trial', intFlag('--warmup', 0, 1000), 1)
    .option('--max-temp <c>', 'pause the sweep at or above this CPU temperature (°C)', numberFlag('--max-temp'), 85)
    .option('--cooldown-temp <c>', 'resume at or below this temperature (°C)', numberFlag('--cooldown-temp'), 75)
    .option('--cooldown-timeout <s>', 'longest pause for cooling, seconds; later trials are marked hot', cooldownSeconds, 300)
    .option('-v, --voice <voice>', 'voice (default af_heart)')
    .option('-m, --model <path>', 'Kokoro ONNX model file')
    .option('--voices-dir <dir>', 'folder of voice packs')
    .option('--dry-run', 'measure and report, write nothing to the override file')
    .option('--json <path>', 'save every trial with the environment as JSON; - for stdout (then the table goes to stderr)')
    .option('--markdown <path>', 'save a Markdown summary')
    .option('--html <path>', 'save the HTML report with charts (as kokoro-ts report makes); - for stdout')
    .action(async (flags: TuneFlags, cmd: Command) => {
      const config = await configFor(cmd, false, ['threads', 'interOp', 'chunkTokens', 'sessions', 'rewrites']);
      const o = await resolveTuneOptions(flags, config, process.cwd());
      const abort = new AbortController();
      const release = handleInterruptWith(() => abort.abort());
      const notify = (m: string): void => void process.stderr.write(`  ${m}\n`);
      let report: TuneReport;
      try {
        report = await runTune(o.run, { thermal: systemThermal, time: realTime, notify, signal: abort.signal, cwd: process.cwd() });
      } catch (e) {
        if (!(e instanceof TuneFailure)) throw e;
        await emit(e.report, o);
        throw e.cause instanceof KokoroError ? e.cause : new KokoroError('trial', `a trial failed: ${e.cause instanceof Error ? e.cause.message : String(e.cause)}; ${o.run.overridePath} left as it was`, undefined, ExitCode.Failure, { cause: e.cause });
      } finally {
        release();
      }
      await emit(report, o);
      if (report.interrupted) throw new KokoroError('interrupted', `interrupted: ${report.trials.length} of ${report.planned} trials measured; ${report.override.path} left as it was`, undefined, ExitCode.Interrupted);
    });
}
