import { fstatSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { openTempFile, type TempTracker } from '../util/fs';
import { WriteQueue } from '../util/write-queue';
import { pcmBytes, wavHeader, WAV_HEADER_BYTES, STREAMING_SIZE } from './wav';
import type { PcmBuffer } from './pcm-buffer';
import { isEncoded, openEncoder } from './encode';
import type { AudioFormat } from './formats';

/** Where synthesized 16-bit samples go, chunk by chunk. Writes are queued in order; finish() waits for them. */
export interface AudioSink {
  /** Queues samples for writing and returns at once, so the next model call need not wait for the disk or pipe. */
  write(samples: Int16Array): void;
  /**
   * Resolves when the sink can take more: at once while less than QUEUE_HIGH_WATER bytes wait to be
   * written, else when the reader has caught up. Backpressure for slow readers (a pipe, a client).
   * Rejects once a write has failed, so the producer stops instead of making audio nobody can take.
   */
  ready(): Promise<void>;
  /** Waits for every queued write, fixes the header, makes the output final. */
  finish(): Promise<void>;
  /** Drops what was written where that is possible (a temp file is removed). */
  abort(): Promise<void>;
}

export type { AudioFormat } from './formats';

/** Bytes queued for a sink beyond which the producer waits (about 20 s of audio). */
export const QUEUE_HIGH_WATER = 1 << 20;

interface SampleWriter extends Pick<AudioSink, 'write' | 'ready'> {
  /** Sample bytes written so far (the WAV data size). */
  dataBytes(): number;
  /** Queues the encoder's tail (nothing for wav and pcm); call once, before draining the queue at finish. */
  end(): void;
  /** Frees the encoder, if any. */
  close(): void;
}

/**
 * The write side every streaming sink shares: samples queued in order as bytes, their total counted.
 * `emit` runs inside the queue, one call at a time. For mp3 and opus the samples go through an
 * encoder in the queue (it is opened at once; its bytes are emitted as it makes them).
 */
function sampleWriter(queue: WriteQueue, format: AudioFormat, emit: (bytes: Uint8Array) => Promise<void>): SampleWriter {
  let dataBytes = 0;
  const ready = (): Promise<void> => queue.ready();
  if (!isEncoded(format)) {
    return {
      write(samples) {
        dataBytes += samples.byteLength;
        const bytes = pcmBytes(samples);
        queue.push(() => emit(bytes), bytes.byteLength);
      },
      ready,
      dataBytes: () => dataBytes,
      end: () => undefined,
      close: () => undefined,
    };
  }
  const encoder = openEncoder(format);
  encoder.catch(() => undefined); // a failure to open surfaces through the first queued job
  const through = (encode: (e: Awaited<typeof encoder>) => Uint8Array) => async (): Promise<void> => {
    const bytes = encode(await encoder);
    if (bytes.byteLength > 0) await emit(bytes);
  };
  return {
    write(samples) {
      dataBytes += samples.byteLength;
      queue.push(through((e) => e.encode(samples)), samples.byteLength);
    },
    ready,
    dataBytes: () => dataBytes,
    end: () => queue.push(through((e) => e.finish())),
    close: () => void encoder.then((e) => e.close(), () => undefined),
  };
}

/**
 * A file written as it is made: to a temp file beside the target (header first, sizes patched at the
 * end), fsynced and renamed over the target only when complete, so readers never see a partial file
 * and a failure or interruption leaves what was there before. `onTemp` tracks the temp file.
 */
export async function fileSink(target: string, format: AudioFormat, onTemp?: TempTracker): Promise<AudioSink> {
  const file = await openTempFile(target, onTemp);
  const queue = new WriteQueue(QUEUE_HIGH_WATER);
  let position = 0;
  const emit = async (bytes: Uint8Array): Promise<void> => {
    const at = position;
    position += bytes.byteLength;
    await file.handle.write(bytes, 0, bytes.byteLength, at);
  };
  if (format === 'wav') queue.push(() => emit(wavHeader(0)), WAV_HEADER_BYTES);
  const pcm = sampleWriter(queue, format, emit);
  return {
    write: pcm.write,
    ready: pcm.ready,
    async finish() {
      try {
        pcm.end();
        await queue.drain();
        if (format === 'wav') await file.handle.write(wavHeader(pcm.dataBytes()), 0, WAV_HEADER_BYTES, 0);
        await file.commit();
      } catch (e) {
        pcm.close();
        await file.discard();
        throw e;
      }
    },
    async abort() {
      await queue.drain().catch(() => undefined);
      pcm.close();
      await file.discard();
    },
  };
}

/**
 * A device or named pipe given as the output path (/dev/null, /dev/stdout, a FIFO): written straight
 * into, as a stream, since a temp file renamed over it would replace the device with a file.
 */
export async function specialFileSink(path: string, format: AudioFormat): Promise<AudioSink> {
  const fh = await open(path, 'w');
  // The stream closes the handle itself: FileHandle.close() on a handle a stream was made from with
  // autoClose off never settles (Node 20), which let `synth -o /dev/null` exit before its last lines.
  const stream = fh.createWriteStream();
  const inner = streamSink(stream, format);
  const close = async (): Promise<void> => {
    if (stream.closed) return;
    await new Promise<void>((res) => {
      stream.once('close', () => res());
      stream.end();
    });
  };
  return {
    write: (samples) => inner.write(samples),
    ready: () => inner.ready(),
    async finish() {
      try {
        await inner.finish();
      } finally {
        await close();
      }
    },
    async abort() {
      await inner.abort();
      await close().catch(() => undefined);
    },
  };
}

/**
 * Writes to a stream in order, resolving when the stream has taken the bytes (its callback), so a
 * slow reader holds us back. Rejects once the stream is closed or destroyed without taking them: an
 * HTTP response whose socket is gone may keep a write (and never call back) when the write lands
 * between the socket's end and the response's own 'close'; waiting for that callback would hang.
 */
export function writeTo(out: Writable, bytes: Uint8Array): Promise<void> {
  return new Promise((res, rej) => {
    const gone = (): void => rej(new Error('the output was closed before it took the audio'));
    if (out.destroyed) return gone();
    out.once('close', gone);
    out.write(bytes, (e) => {
      out.off('close', gone);
      if (e) rej(e);
      else res();
    });
  });
}

/** Whether an open descriptor is a regular file (so a header written first can be patched later). */
export function isSeekable(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * A Node writable stream (stdout, a FIFO, an HTTP response) fed in order, with backpressure. As WAV
 * the header goes first: when `seekableFd` is given (stdout redirected to a regular file, `> out.wav`)
 * its sizes are patched at the end through that descriptor; otherwise (a pipe) it carries the
 * streaming size STREAMING_SIZE that players read as "until the end". As PCM: bare little-endian int16.
 */
export function streamSink(out: Writable, format: AudioFormat, seekableFd: number | null = null): AudioSink {
  const queue = new WriteQueue(QUEUE_HIGH_WATER);
  let start = 0;
  if (seekableFd !== null) {
    try {
      start = fstatSync(seekableFd).size; // writes go after anything already there
    } catch {
      start = 0;
    }
  }
  const emit = (bytes: Uint8Array): Promise<void> => writeTo(out, bytes);
  if (format === 'wav') {
    const header = wavHeader(seekableFd !== null ? 0 : STREAMING_SIZE);
    queue.push(() => emit(header), header.byteLength);
  }
  const pcm = sampleWriter(queue, format, emit);
  return {
    write: pcm.write,
    ready: pcm.ready,
    async finish() {
      pcm.end();
      await queue.drain();
      if (format === 'wav' && seekableFd !== null) writeSync(seekableFd, wavHeader(pcm.dataBytes()), 0, WAV_HEADER_BYTES, start);
    },
    async abort() {
      await queue.drain().catch(() => undefined);
      pcm.close();
    },
  };
}

/**
 * Collects the whole audio, then hands it over in one piece with exact sizes: for a pipe that must
 * carry a complete, exact WAV header (no streaming). The buffer is sized from an estimate up front.
 * `emit` learns with each part the size of all of them (an HTTP Content-Length). mp3 and opus are
 * encoded at the end, in one piece.
 */
export function bufferedSink(format: AudioFormat, buffer: PcmBuffer, emit: (bytes: Uint8Array, totalBytes: number) => Promise<void>): AudioSink {
  return {
    write(samples) {
      buffer.append(samples);
    },
    ready: () => Promise.resolve(),
    async finish() {
      const samples = buffer.samples();
      if (isEncoded(format)) {
        const encoder = await openEncoder(format);
        let encoded: Uint8Array;
        try {
          encoded = Buffer.concat([encoder.encode(samples), encoder.finish()]);
        } finally {
          encoder.close();
        }
        await emit(encoded, encoded.byteLength);
        return;
      }
      // Header and samples go out separately: the audio is not copied into a second buffer.
      const total = (format === 'wav' ? WAV_HEADER_BYTES : 0) + samples.byteLength;
      if (format === 'wav') await emit(wavHeader(samples.byteLength), total);
      await emit(pcmBytes(samples), total);
    },
    async abort() {
      return undefined;
    },
  };
}

/** Audio kept in memory (bench: the output stage without a disk); the WAV header is made at the end as for a file. */
export function memorySink(buffer: PcmBuffer): AudioSink {
  return bufferedSink('wav', buffer, async () => undefined);
}
