import { open } from 'node:fs/promises';

/** The producer name our stand-in generator writes into every model it makes. */
export const STANDIN_PRODUCER = 'kokoro-ts stand-in';

/** True when the file was written by our stand-in generator (its producer name sits in the first bytes). */
export async function isStandIn(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(256);
    const { bytesRead } = await fh.read(buf, 0, 256, 0);
    return buf.subarray(0, bytesRead).includes(STANDIN_PRODUCER);
  } finally {
    await fh.close();
  }
}
