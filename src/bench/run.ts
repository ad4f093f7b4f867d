import { createEngine, type EngineOptions, type EngineDeps } from '../engine';
import { hrClock, type Clock } from '../util/clock';
import type { BenchCase } from './cases';
import { timeRawModel, timeSynthesis, type Timing } from './measure';
import { summarize } from './stats';
import type { CaseResult } from './types';

export interface BenchRunOptions {
  readonly engine: EngineOptions;
  readonly voice: string;
  readonly speed: number;
  readonly iterations: number;
  readonly warmup: number;
  /** Time bare session.run on the same ids after each iteration (default true); tune leaves it out. */
  readonly rawReference?: boolean;
}

export interface BenchHooks {
  readonly clock?: Clock;
  readonly deps?: EngineDeps;
  /** Peak resident set size of the process so far, in MB. */
  readonly peakRssMb?: () => number;
  readonly onProgress?: (message: string) => void;
}

const processPeakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/**
 * One case: a fresh engine (so the first synthesis is truly cold), the cold run reported apart,
 * warm-up runs discarded, then `iterations` pairs of (end-to-end synthesis, raw model calls on the
 * same ids), interleaved so drift on a shared machine hits both sides alike.
 */
export async function benchCase(c: BenchCase, o: BenchRunOptions, hooks: BenchHooks = {}): Promise<CaseResult> {
  const clock = hooks.clock ?? hrClock;
  const progress = hooks.onProgress ?? (() => undefined);
  const engine = await createEngine(o.engine, hooks.deps);
  try {
    const req = { text: c.text, voice: o.voice, speed: o.speed };
    const cold = await timeSynthesis(engine, req, clock);
    for (let i = 0; i < o.warmup; i++) await timeSynthesis(engine, req, clock);
    const warm: Timing[] = [];
    const raw: number[] = [];
    for (let i = 0; i < o.iterations; i++) {
      progress(`${c.name}: iteration ${i + 1}/${o.iterations}`);
      const t = await timeSynthesis(engine, req, clock);
      warm.push(t);
      if (o.rawReference !== false) raw.push(await timeRawModel(engine, t.plan, o.speed, clock));
    }
    const audioSeconds = cold.audioSeconds;
    const wall = warm.map((t) => t.wallMs);
    const stats = engine.cacheStats();
    return {
      name: c.name,
      text: c.text,
      characters: c.text.length,
      tokens: cold.plan.chunks.reduce((n, ch) => n + ch.ids.length - 2, 0),
      chunks: cold.plan.chunks.length,
      audioSeconds,
      iterations: o.iterations,
      warmup: o.warmup,
      sessionCreateMs: engine.sessionCreateMs,
      cold: { wallMs: cold.wallMs, rtf: cold.wallMs / 1000 / audioSeconds, timeToFirstAudioMs: cold.timeToFirstAudioMs },
      rtf: summarize(wall.map((ms) => ms / 1000 / audioSeconds)),
      wallMs: summarize(wall),
      rawModelMs: summarize(raw),
      rawRtf: summarize(raw.map((ms) => ms / 1000 / audioSeconds)),
      overheadRatio: summarize(raw.length ? wall.map((w, i) => w / raw[i]!) : []),
      timeToFirstAudioMs: summarize(warm.map((t) => t.timeToFirstAudioMs)),
      stages: {
        frontEndMs: summarize(warm.map((t) => t.frontEndMs)),
        modelMs: summarize(warm.map((t) => t.modelMs)),
        outputMs: summarize(warm.map((t) => t.outputMs)),
      },
      peakRssMb: (hooks.peakRssMb ?? processPeakRssMb)(),
      cache: { enabled: o.engine.phonemeCacheSize > 0, hits: stats.hits, misses: stats.misses },
      samples: { wallMs: wall, rawModelMs: raw },
    };
  } finally {
    await engine.close();
  }
}
