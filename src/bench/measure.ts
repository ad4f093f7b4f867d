import { floatToInt16 } from '../audio/pcm';
import { PcmBuffer, estimateSamples } from '../audio/pcm-buffer';
import { wavHeader } from '../audio/wav';
import { SAMPLE_RATE } from '../spec';
import { styleRow, type Engine, type SynthesisRequest } from '../engine';
import type { Clock } from '../util/clock';

/** One timed end-to-end synthesis: text in, WAV bytes out (in memory), split by stage. */
export interface Timing {
  readonly wallMs: number;
  readonly frontEndMs: number;
  readonly modelMs: number;
  readonly outputMs: number;
  readonly timeToFirstAudioMs: number;
  /** Front-end time before the first model call. */
  readonly firstChunkFrontEndMs: number;
  readonly audioSeconds: number;
  /** The padded ids of each model call, in order. */
  readonly chunkIds: number[][];
}

/**
 * The pipeline exactly as `synth` runs it (pipelined front end, model, convert, append to a
 * pre-sized buffer, WAV header), timed. The audio stays in memory and is dropped, so disk speed
 * does not enter the figures.
 */
export async function timeSynthesis(engine: Engine, req: SynthesisRequest, clock: Clock): Promise<Timing> {
  const t0 = clock();
  let frontEndMs = 0;
  let modelMs = 0;
  let outputMs = 0;
  let firstAt = NaN;
  let firstFront = NaN;
  const buffer = new PcmBuffer(estimateSamples(req.text.length, req.speed));
  const chunkIds: number[][] = [];
  for await (const c of engine.synthesize(req)) {
    frontEndMs += c.frontEndMs;
    modelMs += c.modelMs;
    chunkIds.push([...c.ids]);
    const o0 = clock();
    buffer.append(floatToInt16(c.samples));
    if (Number.isNaN(firstAt)) {
      firstAt = clock() - t0;
      firstFront = c.frontEndMs;
    }
    outputMs += clock() - o0;
  }
  const o1 = clock();
  wavHeader(buffer.samples().byteLength);
  outputMs += clock() - o1;
  return {
    wallMs: clock() - t0, frontEndMs, modelMs, outputMs, timeToFirstAudioMs: firstAt, firstChunkFrontEndMs: firstFront,
    audioSeconds: buffer.length / SAMPLE_RATE, chunkIds,
  };
}

export interface RawTiming {
  readonly totalMs: number;
  readonly firstChunkMs: number;
}

/** The raw-model reference: the same ids and style rows through bare model calls, nothing else. */
export async function timeRawModel(engine: Engine, voice: string, chunkIds: readonly number[][], speed: number, clock: Clock): Promise<RawTiming> {
  const pack = await engine.voicePack(voice);
  const inputs = chunkIds.map((ids) => ({ ids, style: styleRow(pack, ids.length - 2) }));
  let first = NaN;
  const t0 = clock();
  for (const { ids, style } of inputs) {
    const c0 = clock();
    await engine.runIds(ids, style, speed);
    if (Number.isNaN(first)) first = clock() - c0;
  }
  return { totalMs: clock() - t0, firstChunkMs: first };
}

