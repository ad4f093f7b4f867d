import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGrid, intraCandidates, threadCost, type TrialSettings } from '../src/tune/space';
import { coolDown, hottest, type GuardOptions, type GuardTime, type ThermalReading, type ThermalSource } from '../src/tune/thermal';
import { pickWinner, runSweep, SweepError, gainOverCurrent, type TrialResult } from '../src/tune/sweep';
import { summarize } from '../src/bench/stats';

const twoCore = { physicalCores: 2, logicalCores: 2, performanceCores: 2, efficiencyCores: 0 };
const hybrid = { physicalCores: 14, logicalCores: 20, performanceCores: 6, efficiencyCores: 8 }; // i5-13600K-like

test('default grid from the hardware: 2-core VM and a hybrid desktop', () => {
  assert.deepEqual(intraCandidates(twoCore), [1, 2]);
  assert.deepEqual(intraCandidates(hybrid), [1, 2, 4, 6, 8, 14, 20]);
  assert.deepEqual(intraCandidates({ physicalCores: 8, logicalCores: 16, performanceCores: null, efficiencyCores: null }), [1, 2, 4, 8, 16]);
  const grid = buildGrid(twoCore, { threads: null, interOp: null, modes: null });
  assert.deepEqual(grid, [
    { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' },
    { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'parallel' },
    { intraOpNumThreads: 1, interOpNumThreads: 2, executionMode: 'parallel' },
    { intraOpNumThreads: 2, interOpNumThreads: 1, executionMode: 'sequential' },
    { intraOpNumThreads: 2, interOpNumThreads: 1, executionMode: 'parallel' },
    { intraOpNumThreads: 2, interOpNumThreads: 2, executionMode: 'parallel' },
  ]);
});

test('--threads, --inter-op and --modes replace the hardware grid; sequential never repeats per inter-op count', () => {
  const g = buildGrid(hybrid, { threads: [4, 6], interOp: [1, 2, 3], modes: ['sequential'] });
  assert.deepEqual(g.map((t) => [t.intraOpNumThreads, t.executionMode, t.interOpNumThreads]), [[4, 'sequential', 1], [6, 'sequential', 1]]);
  assert.equal(buildGrid(twoCore, { threads: [3], interOp: [2], modes: ['parallel'] }).length, 1);
  assert.equal(threadCost({ intraOpNumThreads: 2, interOpNumThreads: 2, executionMode: 'parallel' }, 2), 3);
  assert.equal(threadCost({ intraOpNumThreads: 0, interOpNumThreads: 4, executionMode: 'sequential' }, 8), 8);
});

const seq = (n: number): TrialSettings => ({ intraOpNumThreads: n, interOpNumThreads: 1, executionMode: 'sequential' });
const none: ThermalReading = { mainC: null, maxC: null, loadPct: null };
function trial(settings: TrialSettings, rtf: number[], current = false): TrialResult {
  return { settings, current, measurement: { rtf: summarize(rtf) }, before: none, after: none, cooldownMs: 0, hot: false };
}

test('winner: a clearly faster trial wins even with more threads', () => {
  const w = pickWinner([trial(seq(1), [0.4, 0.41, 0.4, 0.39, 0.4]), trial(seq(2), [0.2, 0.21, 0.2, 0.2, 0.19])], 2)!;
  assert.equal(w.index, 1);
  assert.deepEqual(w.tied, [1]);
});

test('winner: within the measured noise of the best, fewer threads win', () => {
  const trials = [
    trial(seq(4), [0.2, 0.25, 0.18, 0.22, 0.21]),
    trial(seq(2), [0.21, 0.26, 0.19, 0.23, 0.22]),
    trial(seq(8), [0.3, 0.31, 0.3, 0.29, 0.3]),
  ];
  const w = pickWinner(trials, 8)!;
  assert.equal(w.bestIndex, 0);
  assert.deepEqual(w.tied, [0, 1]);
  assert.equal(w.index, 1, 'two threads within noise of four: two win');
  assert.ok(Math.abs(gainOverCurrent([{ ...trials[2]!, current: true }, ...trials.slice(0, 2)], { index: 2, tied: [], bestIndex: 1 })! - (0.3 / 0.22 - 1)) < 1e-9);
  assert.equal(pickWinner([], 2), null);
});

test('models and chunk limits: the grid covers them when asked; a tie keeps the current file and limit', () => {
  const twoCore = { physicalCores: 2, logicalCores: 2, performanceCores: null, efficiencyCores: null };
  const g = buildGrid(twoCore, { threads: [1, 2], interOp: null, modes: ['sequential'], models: ['a.onnx', 'b.onnx'], chunkTokens: [200, 400] });
  assert.equal(g.length, 8);
  assert.deepEqual(g.slice(0, 2), [
    { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', modelPath: 'a.onnx', maxChunkTokens: 200 },
    { intraOpNumThreads: 2, interOpNumThreads: 1, executionMode: 'sequential', modelPath: 'a.onnx', maxChunkTokens: 200 },
  ]);
  assert.equal(buildGrid(twoCore, { threads: [1], interOp: null, modes: ['sequential'] })[0]!.modelPath, undefined, 'not swept: not part of the trial');
  const cur = { ...seq(1), modelPath: 'a.onnx', maxChunkTokens: 200 };
  const trials = [
    trial(cur, [0.21, 0.26, 0.19, 0.23, 0.22], true),
    trial({ ...seq(1), modelPath: 'b.onnx', maxChunkTokens: 400 }, [0.2, 0.25, 0.18, 0.22, 0.21]),
    trial({ ...seq(1), modelPath: 'b.onnx', maxChunkTokens: 200 }, [0.205, 0.255, 0.185, 0.225, 0.215]),
  ];
  const w = pickWinner(trials, 2)!;
  assert.equal(w.bestIndex, 1);
  assert.deepEqual(w.tied, [0, 1, 2]);
  assert.equal(w.index, 0, 'all within noise and the same threads: the current file and limit stay');
  const clear = pickWinner([trials[0]!, trial({ ...seq(1), modelPath: 'b.onnx', maxChunkTokens: 400 }, [0.1, 0.1, 0.11, 0.1, 0.1])], 2)!;
  assert.equal(clear.index, 1, 'a clearly faster file wins');
});

test('sessions per text: several sessions only with a thread each, always sequential; a tie keeps the current count', () => {
  const twoCore = { physicalCores: 2, logicalCores: 2, performanceCores: null, efficiencyCores: null };
  const g = buildGrid(twoCore, { threads: [1, 2], interOp: null, modes: null, sessions: [1, 2] });
  assert.deepEqual(g.map((t) => `${t.intraOpNumThreads}${t.executionMode[0]}${t.interOpNumThreads}x${t.sessions}`), ['1s1x1', '1p1x1', '1p2x1', '2s1x1', '2p1x1', '2p2x1', '2s1x2']);
  const trials = [
    trial({ ...seq(2), sessions: 1 }, [0.21, 0.26, 0.19, 0.23, 0.22], true),
    trial({ ...seq(2), sessions: 2 }, [0.2, 0.25, 0.18, 0.22, 0.21]),
  ];
  assert.equal(pickWinner(trials, 2)!.index, 0, 'within noise: one session stays');
  assert.equal(pickWinner([trials[0]!, trial({ ...seq(2), sessions: 2 }, [0.1, 0.11, 0.1, 0.1, 0.1])], 2)!.index, 1, 'clearly faster: two sessions win');
});

/** A fake sensor that plays back readings and a fake clock that sleeps instantly. */
function fakeThermal(seqC: (number | null)[]): ThermalSource & { reads: number } {
  const src = {
    reads: 0,
    async read(): Promise<ThermalReading> {
      const c = seqC[Math.min(src.reads, seqC.length - 1)]!;
      src.reads++;
      return { mainC: c === null ? null : c - 2, maxC: c, loadPct: c === null ? null : 50 };
    },
  };
  return src;
}
function fakeTime(): GuardTime & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } };
}
const guard: GuardOptions = { maxTempC: 85, cooldownTempC: 75, cooldownTimeoutMs: 60_000, pollMs: 5000 };

test('thermal guard: below the limit it does not wait; at the limit it pauses until the cool-down temperature', async () => {
  const time = fakeTime();
  const notes: string[] = [];
  const cool = await coolDown(fakeThermal([84.9]), guard, time, (m) => notes.push(m));
  assert.deepEqual([cool.paused, cool.waitedMs, time.slept.length], [false, 0, 0]);

  const hot = await coolDown(fakeThermal([85, 83, 76, 75, 60]), guard, time, (m) => notes.push(m));
  assert.equal(hot.paused, true);
  assert.equal(hot.timedOut, false);
  assert.equal(hot.waitedMs, 15_000, 'three polls of 5 s: 83, 76, then 75 is cool enough');
  assert.equal(hottest(hot.reading), 75);
  assert.match(notes.join('\n'), /CPU at 85 °C .*pausing/);
  assert.match(notes.join('\n'), /cooled to 75 °C after 15 s: resuming/);
});

test('thermal guard: a CPU that stays hot is waited for at most the timeout', async () => {
  const time = fakeTime();
  const r = await coolDown(fakeThermal([95]), { ...guard, cooldownTimeoutMs: 12_000 }, time, () => undefined);
  assert.equal(r.timedOut, true);
  assert.equal(r.waitedMs, 12_000);
  assert.deepEqual(time.slept, [5000, 5000, 2000]);
});

test('sweep: pause and resume between trials, hot trials marked, temperatures recorded', async () => {
  // Reads per trial: guard (one or more), then after. Trial 1 starts cool and ends at 86 (hot);
  // trial 2's guard sees 86, pauses, cools to 74; trial 3's guard sees 95 and times out.
  const thermal = fakeThermal([70, 86, 86, 80, 74, 78, 95, 95, 95, 95, 90]);
  const time = fakeTime();
  const ran: TrialSettings[] = [];
  const notes: string[] = [];
  const res = await runSweep([seq(1), seq(2)], seq(4), async (s) => {
    ran.push(s);
    return { rtf: summarize([0.5 / s.intraOpNumThreads]) };
  }, { guard: { ...guard, cooldownTimeoutMs: 10_000 } }, { thermal, time, notify: (m) => notes.push(m) });
  assert.deepEqual(ran, [seq(4), seq(1), seq(2)], 'current settings first, then the grid');
  assert.equal(res.sensor, true);
  assert.equal(res.interrupted, false);
  const [t1, t2, t3] = res.trials;
  assert.deepEqual([t1!.current, t2!.current, t3!.current], [true, false, false]);
  assert.deepEqual([t1!.hot, t2!.hot, t3!.hot], [true, false, true]);
  assert.equal(hottest(t1!.before), 70);
  assert.equal(hottest(t1!.after), 86);
  assert.equal(t2!.cooldownMs, 10_000);
  assert.equal(hottest(t2!.before), 74);
  assert.equal(t3!.cooldownMs, 10_000);
  assert.ok(!notes.some((m) => /unavailable/.test(m)));
});

test('sweep without a sensor: says "temperature: unavailable" once, never waits, invents no reading', async () => {
  const thermal = fakeThermal([null]);
  const time = fakeTime();
  const notes: string[] = [];
  const res = await runSweep([seq(1), seq(2)], seq(1), async () => ({ rtf: summarize([0.2]) }), { guard }, { thermal, time, notify: (m) => notes.push(m) });
  assert.equal(res.trials.length, 2, 'current (1) is in the grid, so it is not measured twice');
  assert.equal(res.sensor, false);
  assert.equal(notes.filter((m) => /^temperature: unavailable/.test(m)).length, 1);
  assert.deepEqual(time.slept, []);
  for (const t of res.trials) assert.deepEqual([t.before.maxC, t.after.maxC, t.hot], [null, null, false]);
});

test('sweep: an abort mid-trial returns the trials measured so far; a failing trial keeps them too', async () => {
  const ctl = new AbortController();
  const res = await runSweep([seq(1), seq(2), seq(3)], seq(1), async (s) => {
    if (s.intraOpNumThreads === 2) {
      ctl.abort();
      return new Promise<never>(() => undefined); // never finishes: the abort must not wait for it
    }
    return { rtf: summarize([0.3]) };
  }, { guard, signal: ctl.signal }, { thermal: fakeThermal([null]), time: fakeTime(), notify: () => undefined });
  assert.equal(res.interrupted, true);
  assert.deepEqual(res.trials.map((t) => t.settings.intraOpNumThreads), [1]);
  assert.equal(res.planned, 3);

  await assert.rejects(
    runSweep([seq(1), seq(2)], seq(1), async (s) => {
      if (s.intraOpNumThreads === 2) throw new Error('session failed');
      return { rtf: summarize([0.3]) };
    }, { guard }, { thermal: fakeThermal([null]), time: fakeTime(), notify: () => undefined }),
    (e: unknown) => e instanceof SweepError && e.partial.trials.length === 1 && /session failed/.test(e.message),
  );
});
