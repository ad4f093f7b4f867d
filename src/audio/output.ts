import type { Writable } from 'node:stream';
import { isSpecialFile, type TempTracker } from '../util/fs';
import { PcmBuffer } from './pcm-buffer';
import { bufferedSink, fileSink, isSeekable, specialFileSink, streamSink, type AudioFormat, type AudioSink } from './sink';

/** Where a synthesis goes: standard output (a stream and its descriptor) or a path. */
export type OutputTarget =
  | { readonly kind: 'stdout'; readonly stream: Writable; readonly fd: number }
  | { readonly kind: 'path'; readonly path: string };

export interface OutputChoice {
  readonly format: AudioFormat;
  /** Each chunk goes out as it is made; otherwise the output counts only when complete. */
  readonly stream: boolean;
  /** Expected samples, to size the buffer of a whole file sent to a pipe. */
  readonly estimateSamples: number;
}

/**
 * The sink for a target: a streamed pipe gets a streaming WAV header (or raw PCM); a streamed stdout redirected
 * to a file gets its sizes patched; a whole file to stdout is buffered and sent at the end with exact
 * sizes; a device or FIFO path is written into; any other path is a temp file renamed when complete
 * (`onTemp` tracks it, for cleanup on interrupt, until it is renamed or removed).
 */
export async function openOutput(t: OutputTarget, o: OutputChoice, onTemp: TempTracker): Promise<AudioSink> {
  if (t.kind === 'stdout') {
    if (o.stream) return streamSink(t.stream, o.format, isSeekable(t.fd) ? t.fd : null);
    const emit = (bytes: Uint8Array): Promise<void> => new Promise((res, rej) => t.stream.write(bytes, (e) => (e ? rej(e) : res())));
    return bufferedSink(o.format, new PcmBuffer(o.estimateSamples), emit);
  }
  if (await isSpecialFile(t.path)) return specialFileSink(t.path, o.format);
  return fileSink(t.path, o.format, onTemp);
}
