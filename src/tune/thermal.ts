import { hottest, type ThermalReading } from './types';

export { hottest, type ThermalReading } from './types';

export interface ThermalSource {
  read(): Promise<ThermalReading>;
}

/** systeminformation returns null, -1 or 0 where a VM or OS has no sensor; none of those is a reading. */
function plausible(c: unknown): number | null {
  return typeof c === 'number' && Number.isFinite(c) && c > 0 && c < 150 ? c : null;
}

/** Reads through systeminformation (loaded on demand). */
export const systemThermal: ThermalSource = {
  async read() {
    const si = await import('systeminformation');
    const [t, l] = await Promise.all([si.cpuTemperature(), si.currentLoad().catch(() => null)]);
    const cores = (t.cores ?? []).map(plausible).filter((x): x is number => x !== null);
    return {
      mainC: plausible(t.main),
      maxC: plausible(t.max) ?? (cores.length ? Math.max(...cores) : null),
      loadPct: l && Number.isFinite(l.currentLoad) ? l.currentLoad : null,
    };
  },
};

export interface GuardOptions {
  /** At or above this (°C) the sweep pauses. */
  readonly maxTempC: number;
  /** ...until the CPU is at or below this. */
  readonly cooldownTempC: number;
  /** Longest pause, ms; after it the sweep goes on and the trial is marked hot. */
  readonly cooldownTimeoutMs: number;
  /** How often to look while paused, ms. */
  readonly pollMs: number;
}

export interface GuardTime {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realTime: GuardTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface CoolDown {
  /** The reading the next trial starts from. */
  readonly reading: ThermalReading;
  /** Whether the guard had to pause. */
  readonly paused: boolean;
  readonly waitedMs: number;
  /** Still at or above the limit when the timeout ran out. */
  readonly timedOut: boolean;
}

/**
 * The thermal guard before a trial: when the hottest reading is at or above maxTemp, wait (polling)
 * until it is at or below cooldownTemp, at most cooldownTimeout. Without a sensor it never waits
 * and never guesses.
 */
export async function coolDown(source: ThermalSource, o: GuardOptions, time: GuardTime, notify: (m: string) => void): Promise<CoolDown> {
  let reading = await source.read();
  const first = hottest(reading);
  if (first === null || first < o.maxTempC) return { reading, paused: false, waitedMs: 0, timedOut: false };
  const start = time.now();
  notify(`CPU at ${first.toFixed(0)} °C (limit ${o.maxTempC} °C): pausing until ${o.cooldownTempC} °C or ${(o.cooldownTimeoutMs / 1000).toFixed(0)} s`);
  for (;;) {
    const waited = time.now() - start;
    if (waited >= o.cooldownTimeoutMs) {
      notify(`still ${String(hottest(reading)?.toFixed(0) ?? '?')} °C after ${(waited / 1000).toFixed(0)} s: going on; the next trial is marked hot`);
      return { reading, paused: true, waitedMs: waited, timedOut: true };
    }
    await time.sleep(Math.min(o.pollMs, o.cooldownTimeoutMs - waited));
    reading = await source.read();
    const c = hottest(reading);
    if (c === null || c <= o.cooldownTempC) {
      const w = time.now() - start;
      notify(`cooled to ${c === null ? 'unknown' : `${c.toFixed(0)} °C`} after ${(w / 1000).toFixed(0)} s: resuming`);
      return { reading, paused: true, waitedMs: w, timedOut: false };
    }
  }
}
