import { createEngine, requireDurations, type EngineOptions, type EngineDeps } from '../engine';
import { hrClock, type Clock } from '../util/clock';
import type { BenchCase } from './cases';
import { timeRawModel, timeSynthesis, type RawTiming, type Timing } from './measure';
import { summarize, type Summary } from './stats';
import type { CaseResult, StreamResult } from './types';

export interface BenchRunOptions {
  readonly engine: EngineOptions;
  readonly voice: string;
  /** The language to read the text as (letter or tag); undefined: the voice's. A case's own voice/lang wins. */
  readonly lang: string | undefined;
  readonly speed: number;
  readonly iterations: number;
  readonly warmup: number;
  /** Time bare session.run on the same ids after each iteration (bench does; tune leaves it out). */
  readonly rawReference: boolean;
  /** Also time the streamed form (short first chunk of this many tokens) in each iteration; undefined: not. */
  readonly streamFirstChunkTokens: number | undefined;
  /** Also time the synthesis with word timings and captions made, in each iteration. */
  readonly timestamps: boolean;
}

export interface BenchHooks {
  readonly clock?: Clock;
  readonly deps?: EngineDeps;
  /** Peak resident set size of the process so far, in MB. */
  readonly peakRssMb?: () => number;
  readonly onProgress?: (message: string) => void;
}

const processPeakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** A case being measured: opened (engine loaded, cold and warm-up runs done), iterated, finished. */
export interface CaseRun {
  /** One measured iteration (end-to-end, raw model on the same ids, and the optional forms). */
  iterate(i: number): Promise<void>;
  /** The result of the iterations so far. */
  result(): CaseResult;
  close(): Promise<void>;
}

/**
 * One case: a fresh engine (so the first synthesis is truly cold), the cold run reported apart,
 * warm-up runs discarded, then `iterations` pairs of (end-to-end synthesis, raw model calls on the
 * same ids), interleaved so drift on a shared machine hits both sides alike.
 */
export async function benchCase(c: BenchCase, o: BenchRunOptions, hooks: BenchHooks = {}): Promise<CaseResult> {
  const run = await openCase(c, o, hooks);
  try {
    for (let i = 0; i < o.iterations; i++) await run.iterate(i);
    return run.result();
  } finally {
    await run.close();
  }
}

/**
 * Opens a case for measurement: `benchCase` iterates one; `bench --models` opens the case on every
 * model and interleaves their iterations, so drift hits each file alike.
 */
export async function openCase(c: BenchCase, o: BenchRunOptions, hooks: BenchHooks = {}): Promise<CaseRun> {
  const clock = hooks.clock ?? hrClock;
  const progress = hooks.onProgress ?? (() => undefined);
  const engine = await createEngine(o.engine, hooks.deps);
  try {
    if (o.timestamps) requireDurations(engine.contract.durationsOutput !== null, engine.modelPath, 'bench --timestamps (word timings)');
    const voice = c.voice ?? o.voice;
    const lang = c.lang ?? o.lang;
    const req = { text: c.text, voice, speed: o.speed, ...(lang !== undefined ? { lang } : {}) };
    const sreq = o.streamFirstChunkTokens !== undefined ? { ...req, firstChunkTokens: o.streamFirstChunkTokens } : null;
    const cold = await timeSynthesis(engine, req, clock);
    for (let i = 0; i < o.warmup; i++) {
      await timeSynthesis(engine, req, clock);
      if (o.timestamps) await timeSynthesis(engine, req, clock, true);
      if (sreq) await timeSynthesis(engine, sreq, clock);
    }
    const warm: Timing[] = [];
    const raw: RawTiming[] = [];
    const streamed: Timing[] = [];
    const streamRaw: number[] = [];
    const timed: Timing[] = [];
    const iterate = async (i: number): Promise<void> => {
      progress(`${c.name}: iteration ${i + 1}/${o.iterations}`);
      const t = await timeSynthesis(engine, req, clock);
      warm.push(t);
      if (o.timestamps) timed.push(await timeSynthesis(engine, req, clock, true));
      if (o.rawReference) raw.push(await timeRawModel(engine, voice, t.chunkIds, o.speed, clock));
      if (sreq) {
        const st = await timeSynthesis(engine, sreq, clock);
        streamed.push(st);
        if (o.rawReference) streamRaw.push((await timeRawModel(engine, voice, st.chunkIds.slice(0, 1), o.speed, clock)).firstChunkMs);
      }
    };
    const result = (): CaseResult => {
      const audioSeconds = cold.audioSeconds;
      const wall = warm.map((t) => t.wallMs);
      const rawTotal = raw.map((r) => r.totalMs);
      const stats = engine.cacheStats();
      const ratioTo = (ts: readonly Timing[], firstRaw: readonly number[]): Summary =>
        summarize(firstRaw.length ? ts.map((t, i) => t.timeToFirstAudioMs / (firstRaw[i]! + t.firstChunkFrontEndMs)) : []);
      let stream: StreamResult | undefined;
      if (sreq && streamed.length) {
        stream = {
          firstChunkTokens: sreq.firstChunkTokens,
          chunks: streamed[0]!.chunkIds.length,
          rtf: summarize(streamed.map((t) => t.wallMs / 1000 / t.audioSeconds)),
          timeToFirstAudioMs: summarize(streamed.map((t) => t.timeToFirstAudioMs)),
          firstChunk: { tokens: streamed[0]!.chunkIds[0]!.length - 2, frontEndMs: summarize(streamed.map((t) => t.firstChunkFrontEndMs)), rawModelMs: summarize(streamRaw) },
          ttfaRatio: ratioTo(streamed, streamRaw),
        };
      }
      return {
        name: c.name,
        text: c.text,
        ...(c.voice !== undefined ? { voice: c.voice } : {}),
        ...(lang !== undefined ? { lang } : {}),
        characters: c.text.length,
        tokens: cold.chunkIds.reduce((n, ids) => n + ids.length - 2, 0),
        chunks: cold.chunkIds.length,
        audioSeconds,
        iterations: o.iterations,
        warmup: o.warmup,
        sessionCreateMs: engine.sessionCreateMs,
        cold: { wallMs: cold.wallMs, rtf: cold.wallMs / 1000 / audioSeconds, timeToFirstAudioMs: cold.timeToFirstAudioMs },
        rtf: summarize(wall.map((ms) => ms / 1000 / audioSeconds)),
        wallMs: summarize(wall),
        rawModelMs: summarize(rawTotal),
        rawRtf: summarize(rawTotal.map((ms) => ms / 1000 / audioSeconds)),
        overheadRatio: summarize(raw.length ? wall.map((w, i) => w / rawTotal[i]!) : []),
        timeToFirstAudioMs: summarize(warm.map((t) => t.timeToFirstAudioMs)),
        stages: {
          frontEndMs: summarize(warm.map((t) => t.frontEndMs)),
          modelMs: summarize(warm.map((t) => t.modelMs)),
          outputMs: summarize(warm.map((t) => t.outputMs)),
        },
        peakRssMb: (hooks.peakRssMb ?? processPeakRssMb)(),
        cache: { enabled: o.engine.phonemeCacheSize > 0, hits: stats.hits, misses: stats.misses },
        pipeline: { maxChunkTokens: o.engine.maxChunkTokens, pipelineDepth: o.engine.pipelineDepth, engineWarmupMs: engine.warmupMs, sessions: engine.sessions, g2p: o.engine.g2p, rewrites: engine.rewrites?.choice ?? null },
        firstChunk: {
          tokens: cold.chunkIds[0]!.length - 2,
          frontEndMs: summarize(warm.map((t) => t.firstChunkFrontEndMs)),
          rawModelMs: summarize(raw.map((r) => r.firstChunkMs)),
        },
        ttfaRatio: ratioTo(warm, raw.map((r) => r.firstChunkMs)),
        ...(stream ? { stream } : {}),
        ...(timed.length
          ? { timestamps: { rtf: summarize(timed.map((t) => t.wallMs / 1000 / t.audioSeconds)), costRatio: summarize(timed.map((t, i) => t.wallMs / warm[i]!.wallMs)), words: timed[0]!.words } }
          : {}),
        samples: { wallMs: wall, rawModelMs: rawTotal },
      };
    };
    return { iterate, result, close: () => engine.close() };
  } catch (e) {
    await engine.close();
    throw e;
  }
}
