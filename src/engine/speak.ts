import { floatToInt16 } from '../audio/pcm';
import type { AudioSink } from '../audio/sink';
import { hrClock, type Clock } from '../util/clock';
import type { AudioChunk } from './engine';

export interface SpeakResult {
  /** Samples handed to the sink. */
  readonly samples: number;
  readonly chunks: number;
  /** From the call to the first chunk reaching the sink, in ms. */
  readonly timeToFirstAudioMs: number;
  readonly wallMs: number;
  /** Summed over chunks: waiting for the front end, and model calls, in ms. */
  readonly frontEndMs: number;
  readonly modelMs: number;
  /** Converting and handing samples to the sink, and finishing it, in ms. */
  readonly sinkMs: number;
  /** The first chunk's front-end wait, in ms. */
  readonly firstChunkFrontEndMs: number;
}

export interface SpeakHooks {
  /** Sees each chunk (phonemes, spans, durations, timings) before its samples go to the sink. */
  readonly onChunk?: (c: AudioChunk) => void;
  readonly clock?: Clock;
}

/**
 * The one fold from chunks to a sink (file, pipe, memory, HTTP response): each chunk's samples are
 * converted and queued to the sink as soon as they exist; the sink writes while the next chunk is
 * made, and no chunk is kept after it is handed over. On any failure, or when the consumer stops
 * early, the sink is aborted (no partial file) and the chunk source is closed.
 */
export async function speak(chunks: AsyncIterable<AudioChunk>, sink: AudioSink, hooks: SpeakHooks = {}): Promise<SpeakResult> {
  const clock = hooks.clock ?? hrClock;
  const t0 = clock();
  let samples = 0;
  let count = 0;
  let firstAt = NaN;
  let firstFront = NaN;
  let frontEndMs = 0;
  let modelMs = 0;
  let sinkMs = 0;
  try {
    for await (const c of chunks) {
      hooks.onChunk?.(c);
      frontEndMs += c.frontEndMs;
      modelMs += c.modelMs;
      const s0 = clock();
      sink.write(floatToInt16(c.samples));
      if (count === 0) {
        firstAt = clock() - t0;
        firstFront = c.frontEndMs;
      }
      sinkMs += clock() - s0;
      samples += c.samples.length;
      count++;
      await sink.ready(); // a reader that lags holds the next chunk back
    }
    const f0 = clock();
    await sink.finish();
    sinkMs += clock() - f0;
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return { samples, chunks: count, timeToFirstAudioMs: firstAt, wallMs: clock() - t0, frontEndMs, modelMs, sinkMs, firstChunkFrontEndMs: firstFront };
}
