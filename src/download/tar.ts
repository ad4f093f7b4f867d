import { KokoroError, ExitCode } from '../util/errors';

/** One regular file of a tar archive: its path as the archive names it, and its bytes (a view, not a copy). */
export interface TarFile {
  readonly path: string;
  readonly data: Buffer;
}

const BLOCK = 512;

function bad(why: string): KokoroError {
  return new KokoroError('download', `the npm tarball is not a valid tar archive: ${why}`, 'try again; if it persists the registry serves a broken package', ExitCode.Io);
}

function text(b: Buffer, from: number, len: number): string {
  const s = b.subarray(from, from + len);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? len : end).toString('utf8');
}

function octal(b: Buffer, from: number, len: number, field: string): number {
  if ((b[from]! & 0x80) !== 0) throw bad(`base-256 ${field} (a file over 8 GB) is not expected in an npm package`);
  const s = text(b, from, len).trim();
  if (!/^[0-7]*$/.test(s)) throw bad(`${field} "${s}" is not octal`);
  return s === '' ? 0 : parseInt(s, 8);
}

/** The header checksum: the sum of its bytes with the checksum field read as spaces. */
function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === octal(h, 148, 8, 'checksum');
}

/** The `path` record of a pax extended header ("LEN path=VALUE\n" records), if any. */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  let path: string | undefined;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = Number(data.subarray(at, space).toString('ascii'));
    if (space < 0 || !Number.isInteger(len) || len <= 0 || at + len > data.length) throw bad('malformed pax header');
    const rec = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') path = rec.slice(eq + 1);
    at += len;
  }
  return path;
}

/**
 * The regular files of an (uncompressed) ustar/pax archive, as npm packs them. Every header's
 * checksum and every size is checked against the buffer, so a truncated or damaged archive is an
 * error, never a short file. Paths are returned as written: callers match them against names they
 * expect and never use them to build a file-system path.
 */
export function* tarFiles(archive: Buffer): Generator<TarFile> {
  let at = 0;
  let longPath: string | undefined;
  while (at + BLOCK <= archive.length) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((x) => x === 0)) return; // end-of-archive marker
    if (!checksumOk(h)) throw bad(`header checksum mismatch at byte ${at}`);
    const size = octal(h, 124, 12, 'size');
    const type = String.fromCharCode(h[156]!);
    const start = at + BLOCK;
    if (start + size > archive.length) throw bad(`entry at byte ${at} runs past the end (truncated)`);
    const data = archive.subarray(start, start + size);
    at = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') longPath = paxPath(data);
    else if (type === 'L') longPath = text(data, 0, data.length);
    else if (type === '0' || type === '\0' || type === '7') {
      const prefix = text(h, 345, 155);
      const name = text(h, 0, 100);
      yield { path: longPath ?? (prefix ? `${prefix}/${name}` : name), data };
      longPath = undefined;
    } else longPath = undefined; // folders, links, global headers: nothing to return
  }
  throw bad('no end-of-archive marker (truncated)');
}
