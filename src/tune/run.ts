import { parseRewrites, rewriteName, type EngineDeps, type EngineOptions, type ExecutionMode, type SessionSettings } from '../engine';
import type { BenchCase } from '../bench/cases';
import { benchCase } from '../bench/run';
import { collectEnvironment, hardwareFacts } from '../bench/env';
import type { CaseResult } from '../bench/types';
import type { Layer } from '../config/resolve';
import { updateOverride } from '../config/override';
import { buildGrid, trialOf, type TrialSettings } from './space';
import { describeTrial } from './types';
import type { GuardOptions, GuardTime, ThermalSource } from './thermal';
import { gainOverCurrent, pickWinner, runSweep, SweepError, type SweepResult } from './sweep';
import { TUNE_SCHEMA_VERSION, type TuneReport } from './types';

function settingName(r: NonNullable<EngineOptions['rewrites']>): string {
  return r === 'auto' ? 'auto' : rewriteName(r);
}

/** A tune run, resolved and validated (by the CLI) into plain values. */
export interface TuneOptions {
  readonly case: BenchCase;
  /** Grid overrides; null = from the hardware. */
  readonly threads: number[] | null;
  readonly interOp: number[] | null;
  readonly modes: ExecutionMode[] | null;
  /** Model files to sweep (the configured one among them or not); null = the configured one only. */
  readonly models: string[] | null;
  /** Chunk limits to sweep; null = the configured one only. */
  readonly chunkTokens: number[] | null;
  /** Sessions per text to sweep; null = the configured count only. */
  readonly sessions: number[] | null;
  /** Rewrite settings to sweep (auto, none, tiles:1024...); null = the configured one only. */
  readonly rewrites: string[] | null;
  /** The configured sessions per text. */
  readonly configuredSessions: number;
  /** How `sessions` (> 1) worker sessions sharing `intraThreads` run a trial's model calls. */
  readonly parallelRunner: (sessions: number, intraThreads: number) => NonNullable<EngineDeps['runner']>;
  readonly iterations: number;
  readonly warmup: number;
  readonly guard: GuardOptions;
  readonly dryRun: boolean;
  readonly voice: string;
  /** tune --lang: the language the case's text is read as (the case's own lang wins). */
  readonly lang?: string;
  readonly speed: number;
  /** The engine each trial starts from (its session settings are the current ones). */
  readonly engine: EngineOptions;
  readonly sessionSources: Record<keyof SessionSettings, Layer>;
  /** The onnxruntime in use, for the environment. */
  readonly onnxruntime: string;
  /** The override file the winner is written to. */
  readonly overridePath: string;
}

export interface TuneDeps {
  readonly thermal: ThermalSource;
  readonly time: GuardTime;
  readonly notify: (m: string) => void;
  readonly signal?: AbortSignal;
  /** Folder whose git commit the environment records. */
  readonly cwd: string;
}

/** The sweep, the winner and (unless --dry-run or interrupted) the atomic override update. */
export async function runTune(o: TuneOptions, deps: TuneDeps): Promise<TuneReport> {
  const hw = await hardwareFacts();
  const environment = await collectEnvironment(o.engine.modelPath, o.engine.session, o.sessionSources, deps.cwd, o.onnxruntime);
  const grid = buildGrid(hw, { threads: o.threads, interOp: o.interOp, modes: o.modes, models: o.models, chunkTokens: o.chunkTokens, sessions: o.sessions, rewrites: o.rewrites });
  const swept = {
    ...(o.models ? { modelPath: o.engine.modelPath } : {}),
    ...(o.chunkTokens ? { maxChunkTokens: o.engine.maxChunkTokens } : {}),
    ...(o.sessions ? { sessions: o.configuredSessions } : {}),
    ...(o.rewrites ? { rewrites: settingName(o.engine.rewrites) } : {}),
  };
  const runner = (t: TrialSettings): Promise<CaseResult> => {
    deps.notify(`trial: ${describeTrial(t)}`);
    const { modelPath, maxChunkTokens, sessions = o.configuredSessions, rewrites, ...threads } = t;
    const session = { ...o.engine.session, ...threads };
    return benchCase(o.case, {
      engine: {
        ...o.engine, modelPath: modelPath ?? o.engine.modelPath, maxChunkTokens: maxChunkTokens ?? o.engine.maxChunkTokens, session,
        ...(rewrites !== undefined ? { rewrites: parseRewrites(rewrites) } : {}),
      },
      voice: o.voice, lang: o.lang, speed: o.speed, iterations: o.iterations, warmup: o.warmup, rawReference: false, streamFirstChunkTokens: undefined, timestamps: false,
    }, sessions > 1 ? { deps: { runner: o.parallelRunner(sessions, session.intraOpNumThreads) } } : {});
  };
  let sweep: SweepResult<CaseResult & { rtf: CaseResult['rtf'] }>;
  let failure: unknown = null;
  try {
    sweep = await runSweep(grid, trialOf(o.engine.session, swept), runner, { guard: o.guard, signal: deps.signal }, {
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
  const path = o.overridePath;
  let written = false;
  let reason = '';
  if (sweep.interrupted) reason = failure ? 'a trial failed' : 'the sweep was interrupted';
  else if (!winner) reason = 'no trial finished';
  else if (o.dryRun) reason = '--dry-run';
  else {
    const w = sweep.trials[winner.index]!.settings;
    // The model, chunk limit and sessions are written only when swept: otherwise they stay as configured (or searched for).
    await updateOverride(path, {
      'session.intraOpNumThreads': w.intraOpNumThreads,
      'session.interOpNumThreads': w.interOpNumThreads,
      'session.executionMode': w.executionMode,
      ...(w.modelPath !== undefined ? { model: w.modelPath } : {}),
      ...(w.maxChunkTokens !== undefined ? { maxChunkTokens: w.maxChunkTokens } : {}),
      ...(w.sessions !== undefined ? { sessions: w.sessions } : {}),
      ...(w.rewrites !== undefined ? { rewrites: w.rewrites } : {}),
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

