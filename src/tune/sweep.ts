import { noiseOf } from '../bench/compare';
import type { Summary } from '../bench/stats';
import { KokoroError } from '../util/errors';
import { coolDown, hottest, type GuardOptions, type GuardTime, type ThermalReading, type ThermalSource } from './thermal';
import { changesFrom, sameTrial, threadCost, type TrialSettings } from './space';

/** What a runner measures for one trial: the bench statistics of the chosen case. */
export interface TrialMeasurement {
  readonly rtf: Summary;
}

export type TrialRunner<M extends TrialMeasurement> = (settings: TrialSettings) => Promise<M>;

export interface TrialResult<M extends TrialMeasurement = TrialMeasurement> {
  readonly settings: TrialSettings;
  /** These are the settings in force before the sweep. */
  readonly current: boolean;
  readonly measurement: M;
  readonly before: ThermalReading;
  readonly after: ThermalReading;
  readonly cooldownMs: number;
  /** Started after a cool-down that timed out, or reached the limit while it ran: throttling may have slowed it. */
  readonly hot: boolean;
}

export interface SweepResult<M extends TrialMeasurement = TrialMeasurement> {
  readonly trials: TrialResult<M>[];
  /** Trials planned (the grid plus the current settings if not in it). */
  readonly planned: number;
  readonly interrupted: boolean;
  readonly sensor: boolean;
}

export interface SweepOptions {
  readonly guard: GuardOptions;
  readonly signal?: AbortSignal;
}

export interface SweepHooks {
  readonly thermal: ThermalSource;
  readonly time: GuardTime;
  readonly notify: (message: string) => void;
  readonly onTrial?: (t: TrialResult, index: number, planned: number) => void;
}

/** The grid with the current settings first (measured once, so the gain over them is a same-run ratio). */
export function planTrials(grid: readonly TrialSettings[], current: TrialSettings): { settings: TrialSettings; current: boolean }[] {
  const rest = grid.filter((t) => !sameTrial(t, current));
  return [{ settings: current, current: true }, ...rest.map((settings) => ({ settings, current: false }))];
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, rej) => {
    if (!signal) return;
    const fail = (): void => rej(new KokoroError('interrupted', 'interrupted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * Runs every trial in turn behind the thermal guard, reading temperature and load before and
 * after each. An abort (Ctrl-C) or a failing trial stops the sweep; what was measured so far is
 * returned (interrupted) or attached to the error, never lost.
 */
export async function runSweep<M extends TrialMeasurement>(
  grid: readonly TrialSettings[],
  current: TrialSettings,
  runner: TrialRunner<M>,
  o: SweepOptions,
  hooks: SweepHooks,
): Promise<SweepResult<M>> {
  const plan = planTrials(grid, current);
  const trials: TrialResult<M>[] = [];
  let sensor: boolean | null = null;
  const stop = aborted(o.signal);
  stop.catch(() => undefined);
  for (const [i, p] of plan.entries()) {
    if (o.signal?.aborted) return { trials, planned: plan.length, interrupted: true, sensor: sensor ?? false };
    try {
      const cool = await Promise.race([coolDown(hooks.thermal, o.guard, hooks.time, hooks.notify), stop]);
      if (sensor === null) {
        sensor = hottest(cool.reading) !== null;
        if (!sensor) hooks.notify('temperature: unavailable (no CPU sensor reported); the sweep runs without the thermal guard');
      }
      const measurement = await Promise.race([runner(p.settings), stop]);
      const after = await hooks.thermal.read();
      const peak = hottest(after);
      const t: TrialResult<M> = {
        settings: p.settings, current: p.current, measurement, before: cool.reading, after, cooldownMs: cool.waitedMs,
        hot: cool.timedOut || (peak !== null && peak >= o.guard.maxTempC),
      };
      trials.push(t);
      hooks.onTrial?.(t, i, plan.length);
    } catch (e) {
      if (o.signal?.aborted) return { trials, planned: plan.length, interrupted: true, sensor: sensor ?? false };
      throw new SweepError(e, { trials, planned: plan.length, interrupted: true, sensor: sensor ?? false });
    }
  }
  return { trials, planned: plan.length, interrupted: false, sensor: sensor ?? false };
}

/** A trial failed: the cause, and the trials measured before it. */
export class SweepError<M extends TrialMeasurement = TrialMeasurement> extends Error {
  constructor(readonly cause: unknown, readonly partial: SweepResult<M>) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export interface Winner {
  readonly index: number;
  /** Trials whose median is within noise of the best one (the best among them). */
  readonly tied: number[];
  readonly bestIndex: number;
}

/**
 * The winner: the best median RTF, except that among trials within the measured noise of the best
 * (the comparison rule of `bench --compare`), the one with fewer threads wins; then the one that
 * changes less (model file, chunk limit) from the current settings; then the lower median.
 */
export function pickWinner(trials: readonly TrialResult[], physicalCores: number): Winner | null {
  if (trials.length === 0) return null;
  const medians = trials.map((t) => t.measurement.rtf.median);
  let bestIndex = 0;
  for (let i = 1; i < trials.length; i++) if (medians[i]! < medians[bestIndex]!) bestIndex = i;
  const best = trials[bestIndex]!.measurement.rtf;
  const tied = trials
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => t.measurement.rtf.median <= best.median * (1 + noiseOf(best, t.measurement.rtf)))
    .map(({ i }) => i);
  const current = trials.find((t) => t.current)?.settings;
  const cost = (i: number): number => threadCost(trials[i]!.settings, physicalCores);
  const changes = (i: number): number => changesFrom(trials[i]!.settings, current);
  const index = [...tied].sort((a, b) => cost(a) - cost(b) || changes(a) - changes(b) || medians[a]! - medians[b]!)[0]!;
  return { index, tied, bestIndex };
}

/** Fraction by which the winner is faster than the current settings (positive = faster), or null if current was not measured. */
export function gainOverCurrent(trials: readonly TrialResult[], winner: Winner): number | null {
  const cur = trials.find((t) => t.current);
  if (!cur) return null;
  return cur.measurement.rtf.median / trials[winner.index]!.measurement.rtf.median - 1;
}
