import type { ServerResponse } from 'node:http';
import { bufferedSink, streamSink, writeTo, type AudioFormat, type AudioSink } from '../audio/sink';
import { PcmBuffer } from '../audio/pcm-buffer';
import type { ApiError } from './errors';
import { contentTypeOf } from './request';

/**
 * A sink that opens its inner sink (and so sends the status line and headers) only with the first
 * audio, or at finish: a failure before any audio can still be answered as a JSON error.
 */
export function lazySink(open: () => AudioSink): AudioSink {
  let inner: AudioSink | null = null;
  const get = (): AudioSink => (inner ??= open());
  return {
    write: (samples) => get().write(samples),
    ready: () => (inner ? inner.ready() : Promise.resolve()),
    finish: () => get().finish(),
    abort: async () => {
      await inner?.abort();
    },
  };
}

/**
 * The audio answer to a speech request. Streamed: chunked transfer, the WAV header with the streaming
 * size (or the encoder's bytes as it makes them: mp3 frames, Ogg Opus pages), each chunk sent as it is
 * made. Whole: the audio is buffered (and encoded), then sent with exact sizes and Content-Length, so
 * the client gets a complete file or none.
 */
export function audioResponse(res: ServerResponse, format: AudioFormat, stream: boolean, estimateSamples: number, headers: Record<string, string>): AudioSink {
  const head = { 'Content-Type': contentTypeOf(format), 'Cache-Control': 'no-store', ...headers };
  if (stream) {
    return lazySink(() => {
      res.writeHead(200, head);
      res.flushHeaders();
      return streamSink(res, format);
    });
  }
  const buffer = new PcmBuffer(estimateSamples);
  return bufferedSink(format, buffer, (bytes, total) => {
    if (!res.headersSent) res.writeHead(200, { ...head, 'Content-Length': String(total) });
    return writeTo(res, bytes);
  });
}

/** The whole audio as bytes (in any served format), for a JSON answer. */
export function audioBytes(format: AudioFormat, estimateSamples: number): { sink: AudioSink; bytes: () => Buffer } {
  const parts: Uint8Array[] = [];
  const sink = bufferedSink(format, new PcmBuffer(estimateSamples), async (b) => {
    parts.push(b);
  });
  return { sink, bytes: () => Buffer.concat(parts) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(res, e.status, e.body(), { ...e.headers });
}
