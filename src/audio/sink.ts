import { fstatSync, write as fsWrite } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { pcmBytes, wavHeader, WAV_HEADER_BYTES, STREAMING_SIZE } from './wav';
import type { PcmBuffer } from './pcm-buffer';

/** Where synthesized 16-bit samples go, chunk by chunk. Writes are queued in order; finish() waits for them. */
export interface AudioSink {
  /** Queues samples for writing and returns at once, so the next model call need not wait for the disk or pipe. */
  write(samples: Int16Array): void;
  /** Waits for every queued write, fixes the header, makes the output final. */
  finish(): Promise<void>;
  /** Drops what was written where that is possible (a temp file is removed). */
  abort(): Promise<void>;
}

export type AudioFormat = 'wav' | 'pcm';

/** A queue of async writes that run in order; the first failure is kept and rethrown by `drain`. */
class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  push(job: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure === null) await job();
    }).catch((e: unknown) => {
      this.failure ??= e;
    });
  }

  async drain(): Promise<void> {
    await this.tail;
    if (this.failure !== null) throw this.failure;
  }
}

/**
 * A file written as it is made: to a temp file beside the target (header first, sizes patched at the
 * end), fsynced and renamed over the target only when complete, so readers never see a partial file
 * and a failure or interruption leaves what was there before.
 */
export async function fileSink(target: string, tempPath: string, format: AudioFormat): Promise<AudioSink> {
  const fh: FileHandle = await open(tempPath, 'w');
  const queue = new WriteQueue();
  let dataBytes = 0;
  let position = 0;
  const append = (bytes: Uint8Array): void => {
    const at = position;
    position += bytes.byteLength;
    queue.push(async () => {
      await fh.write(bytes, 0, bytes.byteLength, at);
    });
  };
  if (format === 'wav') append(wavHeader(0));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };
  return {
    write(samples) {
      dataBytes += samples.byteLength;
      append(pcmBytes(samples));
    },
    async finish() {
      try {
        await queue.drain();
        if (format === 'wav') await fh.write(wavHeader(dataBytes), 0, WAV_HEADER_BYTES, 0);
        await fh.sync();
        await close();
        await rename(tempPath, target);
      } catch (e) {
        await close().catch(() => undefined);
        await rm(tempPath, { force: true });
        throw e;
      }
    },
    async abort() {
      await queue.drain().catch(() => undefined);
      await close().catch(() => undefined);
      await rm(tempPath, { force: true });
    },
  };
}

/**
 * A device or named pipe given as the output path (/dev/null, /dev/stdout, a FIFO): written straight
 * into, as a stream, since a temp file renamed over it would replace the device with a file.
 */
export async function specialFileSink(path: string, format: AudioFormat): Promise<AudioSink> {
  const fh = await open(path, 'w');
  const inner = descriptorSink(fh.fd, format, false);
  return {
    write: (samples) => inner.write(samples),
    async finish() {
      try {
        await inner.finish();
      } finally {
        await fh.close();
      }
    },
    async abort() {
      await inner.abort();
      await fh.close();
    },
  };
}

function writeFd(fd: number, bytes: Uint8Array, position: number | null): Promise<void> {
  return new Promise((res, rej) => {
    let done = 0;
    const step = (): void => {
      fsWrite(fd, bytes, done, bytes.byteLength - done, position === null ? null : position + done, (e, n) => {
        if (e) {
          // A pipe whose reader is slower than us: wait for it rather than fail.
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return void setTimeout(step, 5);
          return rej(e);
        }
        done += n;
        if (done < bytes.byteLength) step();
        else res();
      });
    };
    step();
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
 * A stream to an open descriptor (stdout). As WAV: the header goes first; when the descriptor is a
 * regular file (`> out.wav`) its sizes are patched at the end, otherwise (a pipe) it carries the
 * streaming size 0xFFFFFFFF that players read as "until the end". As PCM: bare little-endian int16.
 */
export function descriptorSink(fd: number, format: AudioFormat, seekable: boolean = isSeekable(fd)): AudioSink {
  const queue = new WriteQueue();
  let dataBytes = 0;
  let start = 0;
  if (seekable) {
    try {
      start = fstatSync(fd).size; // writes go after anything already there
    } catch {
      start = 0;
    }
  }
  let position = start;
  const append = (bytes: Uint8Array): void => {
    const at = seekable ? position : null;
    position += bytes.byteLength;
    queue.push(() => writeFd(fd, bytes, at));
  };
  if (format === 'wav') append(wavHeader(seekable ? 0 : STREAMING_SIZE));
  return {
    write(samples) {
      dataBytes += samples.byteLength;
      append(pcmBytes(samples));
    },
    async finish() {
      await queue.drain();
      if (format === 'wav' && seekable) await writeFd(fd, wavHeader(dataBytes), start);
    },
    async abort() {
      await queue.drain().catch(() => undefined);
    },
  };
}

/**
 * Collects the whole audio, then hands it over in one piece with exact sizes: for a pipe that must
 * carry a complete, exact WAV header (no streaming). The buffer is sized from an estimate up front.
 */
export function bufferedSink(format: AudioFormat, buffer: PcmBuffer, emit: (bytes: Uint8Array) => Promise<void>): AudioSink {
  return {
    write(samples) {
      buffer.append(samples);
    },
    async finish() {
      const samples = buffer.samples();
      // Header and samples go out separately: the audio is not copied into a second buffer.
      if (format === 'wav') await emit(wavHeader(samples.byteLength));
      await emit(pcmBytes(samples));
    },
    async abort() {
      return undefined;
    },
  };
}
