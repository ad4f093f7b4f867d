import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteQueue } from './write-queue';

/** A temp path beside `target`, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Learns a temp path (to remove it if the process is interrupted) and returns "it is gone". */
export type TempTracker = (path: string) => () => void;
const untracked: TempTracker = () => () => undefined;

/** A file written under a temp name beside its target, made final by commit() or dropped by discard(). */
export interface TempFile {
  readonly handle: FileHandle;
  /** fsync, close, rename over the target: readers see either the old file or the whole new one. On failure the temp file goes. */
  commit(): Promise<void>;
  /** Closes and removes the temp file; never throws. */
  discard(): Promise<void>;
}

/** Opens a temp file beside `target` (named by tempPathFor); `onTemp` tracks it until it is committed or discarded. */
export async function openTempFile(target: string, onTemp: TempTracker = untracked): Promise<TempFile> {
  const path = tempPathFor(target);
  const handle = await open(path, 'w');
  const untrack = onTemp(path);
  const close = closeOnce(handle);
  const discard = async (): Promise<void> => {
    await close().catch(() => undefined);
    await rm(path, { force: true }).catch(() => undefined);
    untrack();
  };
  return {
    handle,
    async commit() {
      try {
        await handle.sync();
        await close();
        await rename(path, target);
        untrack();
      } catch (e) {
        await discard();
        throw e;
      }
    },
    discard,
  };
}

/** Writes `target` through `write` into a temp file, committed when `write` resolves, discarded when it throws. */
export async function writeAtomically<T>(target: string, write: (handle: FileHandle) => Promise<T>, onTemp: TempTracker = untracked): Promise<T> {
  return fill(await openTempFile(target, onTemp), write);
}

async function fill<T>(file: TempFile, write: (handle: FileHandle) => Promise<T>): Promise<T> {
  const result = await write(file.handle).catch(async (e: unknown) => {
    await file.discard();
    throw e;
  });
  await file.commit();
  return result;
}

/** Runs `use` with a temp path beside `target` to fill as it likes (a folder to rename into place), removed afterwards. */
export async function withTempPath<T>(target: string, use: (path: string) => Promise<T>): Promise<T> {
  const path = tempPathFor(target);
  try {
    return await use(path);
  } finally {
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Writes `data` to `target` so that readers see either the old file or the whole new one (a temp
 * file beside it, fsynced, renamed). A device or named pipe is written into instead.
 */
export async function atomicWriteFile(target: string, data: Uint8Array | string): Promise<void> {
  await fill(await openOutputFile(target), (fh) => fh.writeFile(data));
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** An existing path that is neither a regular file nor a folder: a device or a named pipe. */
export async function isSpecialFile(path: string): Promise<boolean> {
  try {
    const st = await stat(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** A text file written line by line as results come, made final (renamed into place) only when complete. */
export interface LineFile {
  append(text: string): void;
  finish(): Promise<void>;
  /** Drops what was written (the temp file is removed). */
  abort(): Promise<void>;
}

/**
 * Lines appended in order to a temp file beside `target`, renamed over it by finish(); a device or
 * named pipe is written into directly (a reader sees each line as it comes).
 */
export async function lineFile(target: string, onTemp: TempTracker = untracked): Promise<LineFile> {
  const file = await openOutputFile(target, onTemp);
  const queue = new WriteQueue();
  const abort = async (): Promise<void> => {
    await queue.drain().catch(() => undefined);
    await file.discard();
  };
  return {
    append(text) {
      queue.push(() => file.handle.write(text));
    },
    async finish() {
      await queue.drain().catch(async (e: unknown) => {
        await abort();
        throw e;
      });
      await file.commit();
    },
    abort,
  };
}

/**
 * A temp file beside `target`, or, for a device or named pipe (/dev/null, /dev/stdout, a FIFO), the
 * target itself: a file renamed over it would replace it. Committing that one only closes it;
 * discarding cannot take back what it took.
 */
async function openOutputFile(target: string, onTemp: TempTracker = untracked): Promise<TempFile> {
  if (!(await isSpecialFile(target))) return openTempFile(target, onTemp);
  const handle = await open(target, 'w');
  const close = closeOnce(handle);
  return { handle, commit: close, discard: () => close().catch(() => undefined) };
}

/** `handle.close` that may be called again (a commit after a failed discard, an abort after a finish). */
function closeOnce(handle: FileHandle): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => (closing ??= handle.close());
}
