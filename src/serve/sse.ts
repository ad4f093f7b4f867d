import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { streamSink, writeTo, type AudioFormat, type AudioSink } from '../audio/sink';
import type { WordTiming } from '../engine';
import { lazySink } from './respond';

/** A streamed answer as server-sent events (`stream_format: "sse"`). */
export interface SseAnswer {
  /** Takes the samples; their bytes (in the response format) go out as `speech.audio.delta` events. */
  readonly sink: AudioSink;
  /** Word timings to send with the next delta (they never come after the audio they time). */
  words(words: readonly WordTiming[]): void;
  /** After the sink has finished: any words still held, then the `speech.audio.done` event with `fields`. */
  done(fields: Record<string, unknown>): Promise<void>;
}

/**
 * OpenAI's event stream for speech: `data: {"type": "speech.audio.delta", "audio": BASE64}` for each
 * piece of audio as it is made, then `data: {"type": "speech.audio.done", ...}`. The deltas' audio,
 * joined, is byte for byte the bare stream of the same request (`stream_format: "audio"`). kokoro-ts
 * adds `words` to a delta: the timings of the words whose audio starts in or after it, so a client
 * can follow the words while it plays. Headers go out with the first audio, as for a bare stream.
 */
export function sseAnswer(res: ServerResponse, format: AudioFormat, headers: Record<string, string>): SseAnswer {
  let pending: WordTiming[] = [];
  const send = (event: Record<string, unknown>): Promise<void> => writeTo(res, Buffer.from(`data: ${JSON.stringify(event)}\n\n`));
  const delta = (audio: Buffer): Promise<void> => {
    const words = pending;
    pending = [];
    return send({ type: 'speech.audio.delta', audio: audio.toString('base64'), ...(words.length > 0 ? { words } : {}) });
  };
  // The audio sinks write to a stream: this one turns each write into an event, with backpressure from the response.
  const events = new Writable({
    write(chunk: Buffer, _encoding, done) {
      delta(chunk).then(() => done(), done);
    },
  });
  res.once('close', () => events.destroy());
  const sink = lazySink(() => {
    // no-transform, X-Accel-Buffering: proxies must pass each event on as it comes.
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store, no-transform', 'X-Accel-Buffering': 'no', ...headers });
    res.flushHeaders();
    return streamSink(events, format);
  });
  return {
    sink,
    words: (words) => void pending.push(...words),
    async done(fields) {
      if (pending.length > 0) await delta(Buffer.alloc(0));
      await send({ type: 'speech.audio.done', ...fields });
    },
  };
}
