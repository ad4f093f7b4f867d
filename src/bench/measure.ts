import { PcmBuffer, estimateSamples } from '../audio/pcm-buffer';
import { memorySink } from '../audio/sink';
import { SAMPLE_RATE } from '../spec';
import { speak, styleRow, TimingTrack, type Engine, type SynthesisRequest } from '../engine';
import { timingFiles } from '../captions/files';
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
  /** Words timed (with timings on), else 0. */
  readonly words: number;
}

/**
 * The pipeline exactly as `synth` runs it (the engine's chunks through the one fold, `speak`, into an
 * in-memory sink: convert, append to a pre-sized buffer, WAV header), timed. The audio stays in
 * memory and is dropped, so disk speed does not enter the figures.
 */
export async function timeSynthesis(engine: Engine, req: SynthesisRequest, clock: Clock, timings = false): Promise<Timing> {
  const chunkIds: number[][] = [];
  const track = timings ? new TimingTrack(req.text) : null;
  const t0 = clock();
  const r = await speak(engine.synthesize(req), memorySink(new PcmBuffer(estimateSamples(req.text.length, req.speed))), {
    clock,
    onChunk: (c) => {
      chunkIds.push([...c.ids]);
      track?.add(c);
    },
  });
  // With timings, the files synth would write are made too (JSON with words, SRT), in memory.
  if (track) timingFiles(track, req.text, { json: true, phonemes: false, srt: true, vtt: false });
  return {
    wallMs: track ? clock() - t0 : r.wallMs,
    words: track?.words.length ?? 0, frontEndMs: r.frontEndMs, modelMs: r.modelMs, outputMs: r.sinkMs, timeToFirstAudioMs: r.timeToFirstAudioMs,
    firstChunkFrontEndMs: r.firstChunkFrontEndMs, audioSeconds: r.samples / SAMPLE_RATE, chunkIds,
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

