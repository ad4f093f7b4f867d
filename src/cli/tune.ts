import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { checkSpeed, dialectOf, parseVoiceSpec, type ExecutionMode, type SessionSettings } from '../engine';
import { loadSuite, selectCases, type BenchCase } from '../bench/cases';
import { benchCase } from '../bench/run';
import { collectEnvironment, hardwareFacts } from '../bench/env';
import type { CaseResult } from '../bench/types';
import { sessionOf, sessionSourcesOf, type ResolvedConfig } from '../config/resolve';
import { updateOverride } from '../config/override';
import { buildGrid, trialOf, type TrialSettings } from '../tune/space';
import { realTime, systemThermal, type GuardOptions, type GuardTime, type ThermalSource } from '../tune/thermal';
import { gainOverCurrent, pickWinner, runSweep, SweepError, type SweepResult } from '../tune/sweep';
import { TUNE_SCHEMA_VERSION, type TuneReport } from '../tune/types';
import { tableReporter } from '../report/table';
import { jsonReporter } from '../report/json';
import { markdownReporter } from '../report/markdown';
import { atomicWriteFile } from '../util/fs';
import { ExitCode, KokoroError } from '../util/errors';
import { checkOutputPath, handleInterruptWith, writeStdout } from './io';
import { parseIntFlag, parseNumberFlag } from './parse';
import { PACKAGE_ROOT, resolveModelPath, resolveVoicesDir } from './paths';
import { configFor } from './settings';

interface TuneFlags {
  threads?: string;
  interOp?: string;
  modes?: string;
  case: string;
  suite?: string;
  iterations: string;
  warmup: string;
  maxTemp: string;
  cooldownTemp: string;
  cooldownTimeout: string;
  dryRun?: boolean;
  json?: string;
  markdown?: string;
}

/** Everything `tune` needs, resolved and validated at the edge. */
export interface TuneOptions {
  readonly case: BenchCase;
  readonly threads: number[] | null;
  readonly interOp: number[] | null;
  readonly modes: ExecutionMode[] | null;
  readonly iterations: number;
  readonly warmup: number;
  readonly guard: GuardOptions;
  readonly dryRun: boolean;
  readonly jsonPath: string | null;
  readonly markdownPath: string | null;
  readonly voice: string;
  readonly speed: number;
  readonly modelPath: string;
  readonly voicesDir: string;
  readonly session: SessionSettings;
  readonly config: ResolvedConfig;
  readonly phonemeCacheSize: number;
  readonly maxChunkTokens: number;
  readonly pipelineDepth: number;
}

function intList(flag: string, raw: string | undefined, min: number, max: number): number[] | null {
  if (raw === undefined) return null;
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new KokoroError('usage', `${flag} needs a comma-separated list, e.g. 1,2,4`);
  return [...new Set(parts.map((p) => parseIntFlag(flag, p, min, max)))];
}

function modeList(raw: string | undefined): ExecutionMode[] | null {
  if (raw === undefined) return null;
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.filter((p) => p !== 'sequential' && p !== 'parallel');
  if (parts.length === 0 || bad.length) throw new KokoroError('usage', `--modes must list sequential and/or parallel, not "${raw}"`);
  return [...new Set(parts)] as ExecutionMode[];
}

export async function resolveTuneOptions(f: TuneFlags, config: ResolvedConfig, cwd: string): Promise<TuneOptions> {
  const v = config.values;
  checkSpeed(v.speed);
  dialectOf(parseVoiceSpec(v.voice)[0]!.name);
  const suite = await loadSuite(f.suite ? resolve(cwd, f.suite) : join(PACKAGE_ROOT, 'benchmarks', 'suite.json'));
  const [chosen] = selectCases(suite, [f.case], null);
  const maxTempC = parseNumberFlag('--max-temp', f.maxTemp);
  const cooldownTempC = parseNumberFlag('--cooldown-temp', f.cooldownTemp);
  if (cooldownTempC >= maxTempC) throw new KokoroError('usage', `--cooldown-temp (${cooldownTempC}) must be below --max-temp (${maxTempC})`);
  const cooldownTimeoutS = parseNumberFlag('--cooldown-timeout', f.cooldownTimeout);
  if (cooldownTimeoutS < 0) throw new KokoroError('usage', '--cooldown-timeout must be 0 or more seconds');
  return {
    case: chosen!,
    threads: intList('--threads', f.threads, 1, 1024),
    interOp: intList('--inter-op', f.interOp, 1, 1024),
    modes: modeList(f.modes),
    iterations: parseIntFlag('--iterations', f.iterations, 1, 10000),
    warmup: parseIntFlag('--warmup', f.warmup, 0, 1000),
    guard: { maxTempC, cooldownTempC, cooldownTimeoutMs: cooldownTimeoutS * 1000, pollMs: 5000 },
    dryRun: f.dryRun === true,
    jsonPath: f.json ? await checkOutputPath(f.json, cwd) : null,
    markdownPath: f.markdown ? await checkOutputPath(f.markdown, cwd) : null,
    voice: v.voice,
    speed: v.speed,
    modelPath: await resolveModelPath(v.model ?? undefined, cwd),
    voicesDir: await resolveVoicesDir(v.voicesDir ?? undefined, cwd),
    session: sessionOf(v),
    config,
    // Trials measure the whole pipeline as bench does: phoneme cache off, so every run redoes the front end.
    phonemeCacheSize: 0,
    maxChunkTokens: v.maxChunkTokens,
    pipelineDepth: v.pipelineDepth,
  };
}

export interface TuneDeps {
  readonly thermal: ThermalSource;
  readonly time: GuardTime;
  readonly notify: (m: string) => void;
  readonly signal?: AbortSignal;
}

/** The sweep, the winner and (unless --dry-run or interrupted) the atomic override update. */
export async function runTune(o: TuneOptions, deps: TuneDeps): Promise<TuneReport> {
  const hw = await hardwareFacts();
  const environment = await collectEnvironment(o.modelPath, o.session, sessionSourcesOf(o.config.origins), process.cwd());
  const grid = buildGrid(hw, { threads: o.threads, interOp: o.interOp, modes: o.modes });
  const runner = (t: TrialSettings): Promise<CaseResult> => {
    deps.notify(`trial: intra ${t.intraOpNumThreads || 'auto'}, ${t.executionMode}${t.executionMode === 'parallel' ? `, inter ${t.interOpNumThreads}` : ''}`);
    return benchCase(o.case, {
      engine: { modelPath: o.modelPath, voicesDir: o.voicesDir, session: { ...o.session, ...t }, maxChunkTokens: o.maxChunkTokens, pipelineDepth: o.pipelineDepth, phonemeCacheSize: o.phonemeCacheSize },
      voice: o.voice, speed: o.speed, iterations: o.iterations, warmup: o.warmup, rawReference: false,
    });
  };
  let sweep: SweepResult<CaseResult & { rtf: CaseResult['rtf'] }>;
  let failure: unknown = null;
  try {
    sweep = await runSweep(grid, trialOf(o.session), runner, { guard: o.guard, signal: deps.signal }, {
      thermal: deps.thermal, time: deps.time, notify: deps.notify,
      onTrial: (t, i, n) => deps.notify(`trial ${i + 1}/${n} done: RTF median ${t.measurement.rtf.median.toFixed(3)}`),
    });
  } catch (e) {
    if (!(e instanceof SweepError)) throw e;
    sweep = e.partial as typeof sweep;
    failure = e.cause;
  }
  const trials = sweep.trials.map((t) => ({ settings: t.settings, current: t.current, result: t.measurement, before: t.before, after: t.after, cooldownMs: t.cooldownMs, hot: t.hot }));
  const winner = pickWinner(sweep.trials, hw.physicalCores);
  const path = o.config.overridePath;
  let written = false;
  let reason = '';
  if (sweep.interrupted) reason = failure ? 'a trial failed' : 'the sweep was interrupted';
  else if (!winner) reason = 'no trial finished';
  else if (o.dryRun) reason = '--dry-run';
  else {
    const w = sweep.trials[winner.index]!.settings;
    await updateOverride(path, {
      'session.intraOpNumThreads': w.intraOpNumThreads,
      'session.interOpNumThreads': w.interOpNumThreads,
      'session.executionMode': w.executionMode,
    });
    written = true;
  }
  const report: TuneReport = {
    schemaVersion: TUNE_SCHEMA_VERSION,
    tool: 'kokoro-ts tune',
    environment,
    case: { name: o.case.name, text: o.case.text },
    iterations: o.iterations,
    warmup: o.warmup,
    guard: { maxTempC: o.guard.maxTempC, cooldownTempC: o.guard.cooldownTempC, cooldownTimeoutS: o.guard.cooldownTimeoutMs / 1000 },
    temperature: sweep.sensor ? 'available' : 'unavailable',
    planned: sweep.planned,
    trials,
    winner: winner?.index ?? null,
    tied: winner?.tied ?? [],
    gainOverCurrent: winner ? gainOverCurrent(sweep.trials, winner) : null,
    interrupted: sweep.interrupted,
    override: { path, written, reason },
  };
  if (failure) throw new TuneFailure(failure, report);
  return report;
}

/** A trial failed: the report of what was measured before it, and the cause. */
export class TuneFailure extends Error {
  constructor(readonly cause: unknown, readonly report: TuneReport) {
    super('tune failed');
  }
}

async function emit(report: TuneReport, o: TuneOptions): Promise<void> {
  await writeStdout(tableReporter(process.stdout.isTTY === true).tune!(report));
  if (o.jsonPath) {
    await atomicWriteFile(o.jsonPath, jsonReporter.tune!(report));
    process.stderr.write(`Trials: ${o.jsonPath}\n`);
  }
  if (o.markdownPath) await atomicWriteFile(o.markdownPath, markdownReporter.tune!(report));
}

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description('sweep ONNX Runtime thread settings on a bench case, watching CPU temperature; write the fastest to override.json')
    .option('--threads <list>', 'intra-op thread counts to try, e.g. 1,2,4 (default: from the CPU\'s cores)')
    .option('--inter-op <list>', 'inter-op thread counts for parallel mode (default 1,2)')
    .option('--modes <list>', 'execution modes: sequential,parallel (default both)')
    .option('--case <name>', 'bench case each trial synthesizes', 'long')
    .option('--suite <path>', 'suite file (default: benchmarks/suite.json)')
    .option('--iterations <n>', 'measured runs per trial', '5')
    .option('--warmup <n>', 'discarded runs per trial', '1')
    .option('--max-temp <c>', 'pause the sweep at or above this CPU temperature (°C)', '85')
    .option('--cooldown-temp <c>', 'resume at or below this temperature (°C)', '75')
    .option('--cooldown-timeout <s>', 'longest pause for cooling, seconds; later trials are marked hot', '300')
    .option('-v, --voice <voice>', 'voice (default af_heart)')
    .option('-m, --model <path>', 'Kokoro ONNX model file')
    .option('--voices-dir <dir>', 'folder of voice packs')
    .option('--dry-run', 'measure and report, write nothing to the override file')
    .option('--json <path>', 'save every trial with the environment as JSON')
    .option('--markdown <path>', 'save a Markdown summary')
    .action(async (flags: TuneFlags, cmd: Command) => {
      const config = await configFor(cmd, false, ['threads', 'interOp']);
      const o = await resolveTuneOptions(flags, config, process.cwd());
      const abort = new AbortController();
      const release = handleInterruptWith(() => abort.abort());
      const notify = (m: string): void => void process.stderr.write(`  ${m}\n`);
      let report: TuneReport;
      try {
        report = await runTune(o, { thermal: systemThermal, time: realTime, notify, signal: abort.signal });
      } catch (e) {
        if (!(e instanceof TuneFailure)) throw e;
        await emit(e.report, o);
        throw e.cause instanceof KokoroError ? e.cause : new KokoroError('usage', `a trial failed: ${e.cause instanceof Error ? e.cause.message : String(e.cause)}; ${o.config.overridePath} left as it was`, undefined, ExitCode.Failure, { cause: e.cause });
      } finally {
        release();
      }
      await emit(report, o);
      if (report.interrupted) throw new KokoroError('interrupted', `interrupted: ${report.trials.length} of ${report.planned} trials measured; ${report.override.path} left as it was`, undefined, ExitCode.Interrupted);
    });
}
