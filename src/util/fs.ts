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
