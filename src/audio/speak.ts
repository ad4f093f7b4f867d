import type { AudioChunk, Engine, SynthesisRequest } from '../engine';
import { SAMPLE_RATE } from '../spec';
import { floatToInt16 } from './pcm';
import type { AudioSink } from './sink';

export interface SpeakResult {
  readonly samples: number;
  readonly chunks: number;
  /** From the call to the first chunk reaching the sink, in ms. */
  readonly timeToFirstAudioMs: number;
  readonly wallMs: number;
}

/**
 * Text -> sink, chunk by chunk: each chunk's samples are converted and queued to the sink as soon as
 * the model returns them; the sink writes while the model makes the next chunk, and no chunk is kept
 * after it is handed over. On any failure the sink is aborted (no partial file).
 */
export async function speakTo(engine: Engine, req: SynthesisRequest, sink: AudioSink, onChunk?: (c: AudioChunk) => void): Promise<SpeakResult> {
  const t0 = performance.now();
  let samples = 0;
  let chunks = 0;
  let firstAt = NaN;
  try {
    for await (const c of engine.synthesize(req)) {
      onChunk?.(c);
      sink.write(floatToInt16(c.samples));
      if (chunks === 0) firstAt = performance.now() - t0;
      samples += c.samples.length;
      chunks++;
    }
    await sink.finish();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return { samples, chunks, timeToFirstAudioMs: firstAt, wallMs: performance.now() - t0 };
}

export const secondsOf = (samples: number): number => samples / SAMPLE_RATE;
