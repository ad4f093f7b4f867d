import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, KokoroError } from '../util/errors';
import { sha256File } from '../util/fs';

export interface DownloadSpec {
  readonly url: string;
  /** Final path; the partial download lives beside it as TARGET.part. */
  readonly target: string;
  /** Known sha256 (the registry's); otherwise the one the server announces is used. */
  readonly sha256?: string;
  /** sha256 recorded when the present file was last verified (manifest): enough to skip it again. */
  readonly recordedSha256?: string;
  /** What to say when the file cannot be fetched: how to place it by hand. */
  readonly byHand: string;
}

export interface Progress {
  readonly url: string;
  readonly received: number;
  readonly total: number | null;
  readonly bytesPerSecond: number;
}

export interface DownloadOptions {
  /** No byte for this long = a stalled connection (ms). */
  readonly stallTimeoutMs: number;
  /** Extra attempts after a transient failure (reset, timeout, 5xx, 429). */
  readonly retries: number;
  /** First backoff (ms); doubles per attempt. */
  readonly backoffMs: number;
  readonly force: boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly onNotice?: (m: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface DownloadResult {
  readonly target: string;
  readonly bytes: number;
  readonly sha256: string;
  /** 'registry' when checked against our pinned hash, 'server' against X-Linked-Etag, 'none' if neither exists. */
  readonly verifiedBy: 'registry' | 'server' | 'none';
  readonly skipped: boolean;
  readonly resumed: boolean;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A failure worth another attempt (the partial file is kept and resumed). */
class Transient extends Error {}
/** No usable answer at all: no connection, no response, or the server unavailable (5xx, 429); not a transfer cut half-way. */
class NoAnswer extends Transient {}

/** The server could not be reached (or was unavailable) on the last retry: worth trying another source. */
export function isUnreachable(e: unknown): boolean {
  return e instanceof KokoroError && e.cause instanceof NoAnswer;
}

/** Not a tempPathFor name (util/fs.ts): the partial file keeps one name from run to run, so the next run resumes it. */
export function partPath(target: string): string {
  return `${target}.part`;
}

/** Fails early, naming the folder, when the target folder cannot be created or written. */
export async function checkWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new KokoroError('output-dir', `cannot write to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'choose another folder with --dir / --voices-dir', ExitCode.Io);
  }
}

async function hashOf(path: string, upTo: number): Promise<Hash> {
  const h = createHash('sha256');
  if (upTo > 0) for await (const c of createReadStream(path, { start: 0, end: upTo - 1 })) h.update(c as Buffer);
  return h;
}

interface Hop {
  readonly res: Response;
  readonly announcedSha256: string | null;
  readonly announcedSize: number | null;
}

/**
 * GET with redirects followed by hand: Hugging Face announces the file's sha256 (X-Linked-Etag)
 * and size (X-Linked-Size) on the redirect to its CDN, which a followed fetch would hide.
 */
async function request(url: string, from: number, signal: AbortSignal): Promise<Hop> {
  let current = url;
  let announcedSha256: string | null = null;
  let announcedSize: number | null = null;
  for (let hop = 0; hop < 8; hop++) {
    const headers: Record<string, string> = { 'user-agent': 'kokoro-ts', 'accept-encoding': 'identity' };
    if (from > 0) headers.range = `bytes=${from}-`;
    let res: Response;
    try {
      res = await fetch(current, { headers, redirect: 'manual', signal });
    } catch (e) {
      if (signal.aborted) throw new NoAnswer('no response (timed out)');
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new NoAnswer(cause?.code ?? cause?.message ?? (e as Error).message);
    }
    const etag = (res.headers.get('x-linked-etag') ?? res.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    if (SHA256.test(etag)) announcedSha256 ??= etag;
    const linkedSize = Number(res.headers.get('x-linked-size'));
    if (Number.isFinite(linkedSize) && linkedSize > 0) announcedSize ??= linkedSize;
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      current = new URL(res.headers.get('location')!, current).toString();
      continue;
    }
    return { res, announcedSha256, announcedSize };
  }
  throw new KokoroError('download', `too many redirects for ${url}`, undefined, ExitCode.Io);
}

/** One attempt: fetch from where the partial file ends, append, hash as we go. */
async function attempt(spec: DownloadSpec, o: DownloadOptions): Promise<{ total: number; sha256: string; announcedSha256: string | null; resumedFrom: number }> {
  const part = partPath(spec.target);
  const have = (await stat(part).catch(() => null))?.size ?? 0;
  const ctl = new AbortController();
  let timer = setTimeout(() => ctl.abort(), o.stallTimeoutMs);
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => ctl.abort(), o.stallTimeoutMs);
  };
  try {
    const { res, announcedSha256, announcedSize } = await request(spec.url, have, ctl.signal);
    poke();
    if (res.status === 416 && have > 0) {
      // Nothing after what we have: the partial file may already be whole.
      await res.body?.cancel();
      return { total: have, sha256: (await hashOf(part, have)).digest('hex'), announcedSha256, resumedFrom: have };
    }
    if (res.status === 404 || res.status === 403 || res.status === 401) {
      await res.body?.cancel();
      throw new KokoroError('download', `${spec.url}: HTTP ${res.status} ${res.status === 404 ? 'not found' : 'forbidden'}`, spec.byHand, ExitCode.Io);
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw new NoAnswer(`HTTP ${res.status}`);
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new KokoroError('download', `${spec.url}: unexpected HTTP ${res.status}`, spec.byHand, ExitCode.Io);
    }
    const resumedFrom = res.status === 206 ? have : 0;
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && res.headers.get('content-length') !== null ? resumedFrom + length : announcedSize;
    const hash = await hashOf(part, resumedFrom);
    const fh = await open(part, resumedFrom > 0 ? 'a' : 'w');
    let received = resumedFrom;
    const now = o.now ?? (() => performance.now());
    const start = now();
    let lastReport = 0;
    try {
      if (!res.body) throw new Transient('empty response body');
      const reader = res.body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw new Transient(ctl.signal.aborted ? `stalled: no data for ${(o.stallTimeoutMs / 1000).toFixed(0)} s` : `connection lost (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message})`);
        }
        if (chunk.done) break;
        poke();
        await fh.write(chunk.value);
        hash.update(chunk.value);
        received += chunk.value.length;
        const t = now();
        if (t - lastReport > 100) {
          lastReport = t;
          o.onProgress?.({ url: spec.url, received, total, bytesPerSecond: ((received - resumedFrom) * 1000) / Math.max(1, t - start) });
        }
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (total !== null && received < total) throw new Transient(`connection closed after ${received} of ${total} bytes`);
    o.onProgress?.({ url: spec.url, received, total, bytesPerSecond: ((received - resumedFrom) * 1000) / Math.max(1, now() - start) });
    if (total !== null && received !== total) {
      await rm(part, { force: true });
      throw new KokoroError('download', `${spec.url}: got ${received} bytes, the server announced ${total}; partial file deleted`, spec.byHand, ExitCode.Io);
    }
    return { total: received, sha256: hash.digest('hex'), announcedSha256, resumedFrom };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Downloads one file safely: resumes TARGET.part with a Range request, retries transient failures
 * with exponential backoff, verifies size and sha256 (ours, else the server's), and only then
 * renames into place. A verification failure deletes the partial file. A present file whose hash
 * matches is skipped.
 */
export async function downloadFile(spec: DownloadSpec, o: DownloadOptions): Promise<DownloadResult> {
  await checkWritableDir(dirname(spec.target));
  const present = await stat(spec.target).catch(() => null);
  const pin = spec.sha256 ?? spec.recordedSha256;
  if (present && !o.force && pin) {
    const sha = await sha256File(spec.target);
    if (sha === pin || sha === spec.recordedSha256) return { target: spec.target, bytes: present.size, sha256: sha, verifiedBy: spec.sha256 ? 'registry' : 'server', skipped: true, resumed: false };
    o.onNotice?.(`${spec.target} does not match its sha256: fetching it again`);
  }
  if (o.force) await rm(partPath(spec.target), { force: true });
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let resumed = false;
  for (let i = 0; ; i++) {
    try {
      const r = await attempt(spec, o);
      resumed ||= r.resumedFrom > 0;
      const expected = spec.sha256 ?? r.announcedSha256;
      if (expected && r.sha256 !== expected) {
        await rm(partPath(spec.target), { force: true });
        throw new KokoroError('download', `${spec.url}: sha256 ${r.sha256} does not match the expected ${expected}; the downloaded file was deleted`, 'try again; if it persists the server or a proxy is altering the file', ExitCode.Io);
      }
      await rename(partPath(spec.target), spec.target);
      return { target: spec.target, bytes: r.total, sha256: r.sha256, verifiedBy: spec.sha256 ? 'registry' : r.announcedSha256 ? 'server' : 'none', skipped: false, resumed };
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      const have = (await stat(partPath(spec.target)).catch(() => null))?.size ?? 0;
      resumed ||= have > 0;
      if (i >= o.retries) {
        throw new KokoroError('download', `cannot download ${spec.url}: ${e.message} (after ${i + 1} attempt${i ? 's' : ''}${have ? `; ${have} bytes kept in ${partPath(spec.target)} to resume` : ''})`, spec.byHand, ExitCode.Io, { cause: e });
      }
      const wait = o.backoffMs * 2 ** i;
      o.onNotice?.(`${spec.url}: ${e.message}; retrying in ${(wait / 1000).toFixed(1)} s${have ? ` from byte ${have}` : ''}`);
      await sleep(wait);
    }
  }
}
