import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temp path beside `target`, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `target` so that readers see either the old file or the whole new one:
 * write a temp file beside it, fsync, rename. On any failure the temp file is removed.
 */
export async function atomicWriteFile(target: string, data: Uint8Array | string): Promise<void> {
  if (await isSpecialFile(target)) {
    // /dev/null, /dev/stdout, a named pipe: write into it; renaming a file over it would replace it.
    const fh = await open(target, 'w');
    try {
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
    return;
  }
  const tmp = tempPathFor(target);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
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
export async function lineFile(target: string, onTemp: (path: string) => () => void = () => () => undefined): Promise<LineFile> {
  const special = await isSpecialFile(target);
  const tmp = special ? target : tempPathFor(target);
  const untrack = special ? () => undefined : onTemp(tmp);
  const fh = await open(tmp, 'w');
  let chain: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };
  const abort = async (): Promise<void> => {
    await chain.catch(() => undefined);
    await close().catch(() => undefined);
    if (!special) await rm(tmp, { force: true });
    untrack();
  };
  return {
    append(text) {
      chain = chain.then(() => (failure === null ? fh.write(text) : undefined)).catch((e: unknown) => (failure ??= e));
    },
    async finish() {
      await chain;
      if (failure !== null) {
        await abort();
        throw failure;
      }
      await close();
      if (!special) await rename(tmp, target);
      untrack();
    },
    abort,
  };
}
