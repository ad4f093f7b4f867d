import type { Writable } from 'node:stream';
import { isSpecialFile, tempPathFor } from '../util/fs';
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
 * (`onTemp` learns its name, for cleanup on interrupt, and returns "it is gone").
 */
export async function openOutput(t: OutputTarget, o: OutputChoice, onTemp: (path: string) => () => void): Promise<{ sink: AudioSink; done: () => void }> {
  const none = (): void => undefined;
  if (t.kind === 'stdout') {
    if (o.stream) return { sink: streamSink(t.stream, o.format, isSeekable(t.fd) ? t.fd : null), done: none };
    const emit = (bytes: Uint8Array): Promise<void> => new Promise((res, rej) => t.stream.write(bytes, (e) => (e ? rej(e) : res())));
    return { sink: bufferedSink(o.format, new PcmBuffer(o.estimateSamples), emit), done: none };
  }
  if (await isSpecialFile(t.path)) return { sink: await specialFileSink(t.path, o.format), done: none };
  const tmp = tempPathFor(t.path);
  const done = onTemp(tmp);
  return { sink: await fileSink(t.path, tmp, o.format), done };
}
