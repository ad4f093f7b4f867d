import { floatToInt16 } from '../audio/pcm';
import { encodeWav } from '../audio/wav';
import { SAMPLE_RATE } from '../spec';
import { styleRow, type ChunkPlan, type Engine, type SynthesisRequest } from '../engine';
import type { Clock } from '../util/clock';

/** One timed end-to-end synthesis: text in, WAV bytes out (in memory), split by stage. */
export interface Timing {
  readonly wallMs: number;
  readonly frontEndMs: number;
  readonly modelMs: number;
  readonly outputMs: number;
  readonly timeToFirstAudioMs: number;
  readonly audioSeconds: number;
  readonly plan: ChunkPlan;
}

/**
 * The pipeline exactly as `synth` runs it (plan, render, convert, join, encode), timed. The WAV
 * is built in memory and dropped, so disk speed does not enter the figures.
 */
export async function timeSynthesis(engine: Engine, req: SynthesisRequest, clock: Clock): Promise<Timing> {
  const t0 = clock();
  const plan = await engine.plan(req);
  const frontEndMs = clock() - t0;
  let modelMs = 0;
  let outputMs = 0;
  let firstAt = NaN;
  const parts: Int16Array[] = [];
  let total = 0;
  for await (const c of engine.render(plan, req.speed)) {
    if (Number.isNaN(firstAt)) firstAt = clock() - t0;
    modelMs += c.modelMs;
    const o0 = clock();
    parts.push(floatToInt16(c.samples));
    total += c.samples.length;
    outputMs += clock() - o0;
  }
  const o1 = clock();
  const all = new Int16Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  encodeWav(all);
  outputMs += clock() - o1;
  return { wallMs: clock() - t0, frontEndMs, modelMs, outputMs, timeToFirstAudioMs: firstAt, audioSeconds: total / SAMPLE_RATE, plan };
}

/** The raw-model reference: the same ids and style rows through bare model calls, nothing else. */
export async function timeRawModel(engine: Engine, plan: ChunkPlan, speed: number, clock: Clock): Promise<number> {
  const inputs = plan.chunks.map((c) => ({ ids: c.ids, style: styleRow(plan.voice, c.ids.length - 2) }));
  const t0 = clock();
  for (const { ids, style } of inputs) await engine.runIds(ids, style, speed);
  return clock() - t0;
}
