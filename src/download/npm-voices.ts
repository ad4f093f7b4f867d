import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { atomicWriteFile, sha256File } from '../util/fs';
import { checkWritableDir, downloadFile, isUnreachable, partPath, type DownloadOptions } from './fetch';
import { recordInManifest } from './manifest';
import { NPM_PACKAGE, NPM_VERSION, type NpmRegistry } from './npm-registry';
import { VOICE_SHA256 } from './registry';
import { tarFiles } from './tar';

export interface NpmVoice {
  readonly name: string;
  readonly target: string;
  readonly bytes: number;
  readonly sha256: string;
  /** Already present with the pinned sha256: nothing fetched for it. */
  readonly skipped: boolean;
}

export interface NpmFetch {
  readonly voices: NpmVoice[];
  /** The tarball the packs came from; null when every pack was already present. */
  readonly tarball: string | null;
}

/** An unpacked kokoro-js is ~90 MB; more than this from a small .tgz is not the package (a gzip bomb). */
const MAX_UNPACKED = 512 * 1024 * 1024;
const PACKAGE_LABEL = `${NPM_PACKAGE}@${NPM_VERSION}`;

const unreachable = (what: string, r: NpmRegistry, why: string): KokoroError =>
  new KokoroError('download', `cannot reach the npm registry ${r.url} (${r.from}): ${what}: ${why}`, 'check the network, or point --registry (or npm_config_registry, or registry= in .npmrc) at a registry you can reach', ExitCode.Unreachable);

const refused = (message: string): KokoroError => new KokoroError('download', message, 'try again; if it persists the registry (or a proxy) serves altered files', ExitCode.Io);

/** The sha512 digests (base64) an SRI string lists ("sha512-AAA... sha1-BBB"); other algorithms are not trusted. */
export function sha512Of(integrity: string): string[] {
  return integrity.split(/\s+/).filter((x) => x.startsWith('sha512-')).map((x) => x.slice('sha512-'.length).split('?')[0]!);
}

async function sha512File(path: string): Promise<string> {
  const h = createHash('sha512');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('base64');
}

/** GET the packument (abbreviated form, as npm install asks for it), retrying network failures and 5xx. */
async function packument(r: NpmRegistry, o: DownloadOptions): Promise<unknown> {
  const url = `${r.url}${NPM_PACKAGE}`;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
  for (let i = 0; ; i++) {
    let why: string;
    try {
      const res = await fetch(url, { headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8', 'user-agent': 'kokoro-ts' }, signal: AbortSignal.timeout(o.stallTimeoutMs) });
      if (res.ok) return await res.json();
      await res.body?.cancel();
      if (res.status < 500 && res.status !== 429) {
        throw new KokoroError('download', `${url}: HTTP ${res.status}${res.status === 404 ? `: the registry has no package ${NPM_PACKAGE}` : ''}`, 'use a registry that mirrors npmjs.org (--registry URL)', ExitCode.Io);
      }
      why = `HTTP ${res.status}`;
    } catch (e) {
      if (e instanceof KokoroError) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      why = (e as Error).name === 'TimeoutError' ? 'timed out' : cause?.code ?? cause?.message ?? messageOf(e);
    }
    if (i >= o.retries) throw unreachable(`GET ${url}`, r, `${why} (after ${i + 1} attempt${i ? 's' : ''})`);
    const wait = o.backoffMs * 2 ** i;
    o.onNotice?.(`${url}: ${why}; retrying in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait);
  }
}

/** The tarball URL and sha512 integrity of kokoro-js@1.2.1 in a packument, or a clear refusal. */
export function distOf(doc: unknown, registry: NpmRegistry): { tarball: string; sha512: string[] } {
  const dist = (doc as { versions?: Record<string, { dist?: { tarball?: unknown; integrity?: unknown } }> })?.versions?.[NPM_VERSION]?.dist;
  if (!dist) throw new KokoroError('download', `the registry ${registry.url} has no ${PACKAGE_LABEL}`, 'use a registry that mirrors npmjs.org (--registry URL)', ExitCode.Io);
  const sha512 = typeof dist.integrity === 'string' ? sha512Of(dist.integrity) : [];
  if (typeof dist.tarball !== 'string' || sha512.length === 0) throw refused(`the registry's entry for ${PACKAGE_LABEL} has no tarball URL or no sha512 integrity: refusing an unverifiable download`);
  return { tarball: new URL(dist.tarball, registry.url).toString(), sha512 };
}

/**
 * Installs voice packs from the kokoro-js tarball in an npm registry: the packs already present with
 * their pinned sha256 are kept; otherwise the packument gives the tarball and its integrity, the
 * tarball is downloaded (progress, retries) and checked against that sha512 before it is opened,
 * the wanted voices/NAME.bin are taken from it and each checked against the pinned sha256, and only
 * when all of them pass is each written (temp file + rename) and recorded in the manifest. On any
 * failure nothing is written and the tarball is deleted.
 */
export async function fetchVoicesFromNpm(names: readonly string[], voicesDir: string, registry: NpmRegistry, o: DownloadOptions): Promise<NpmFetch> {
  await checkWritableDir(voicesDir);
  const present = new Map<string, NpmVoice>();
  if (!o.force) {
    for (const name of names) {
      const target = join(voicesDir, `${name}.bin`);
      const st = await stat(target).catch(() => null);
      if (st?.isFile() && (await sha256File(target)) === VOICE_SHA256[name]) present.set(name, { name, target, bytes: st.size, sha256: VOICE_SHA256[name]!, skipped: true });
    }
  }
  const wanted = names.filter((n) => !present.has(n));
  if (wanted.length === 0) return { voices: names.map((n) => present.get(n)!), tarball: null };

  const { tarball, sha512 } = distOf(await packument(registry, o), registry);
  const tgz = join(voicesDir, `.${NPM_PACKAGE}-${NPM_VERSION}.tgz`);
  const fetched = new Map<string, NpmVoice>();
  try {
    try {
      await downloadFile({ url: tarball, target: tgz, byHand: `run npm pack ${PACKAGE_LABEL} and copy package/voices/*.bin from it into ${voicesDir}` }, { ...o, force: true });
    } catch (e) {
      if (isUnreachable(e)) throw unreachable(`GET ${tarball}`, registry, messageOf((e as Error).cause));
      throw e;
    }
    const got = await sha512File(tgz);
    if (!sha512.includes(got)) throw refused(`${tarball}: sha512 ${got} does not match the registry's integrity sha512-${sha512[0]}; the tarball was deleted and nothing installed`);
    let archive: Buffer;
    try {
      archive = gunzipSync(await readFile(tgz), { maxOutputLength: MAX_UNPACKED });
    } catch (e) {
      throw refused(`${tarball}: cannot gunzip the verified tarball (${messageOf(e)})`);
    }
    const packs = new Map<string, Buffer>();
    const paths = new Map(wanted.map((n) => [`package/voices/${n}.bin`, n]));
    for (const f of tarFiles(archive)) {
      const name = paths.get(f.path);
      if (name !== undefined) packs.set(name, f.data);
    }
    const missing = wanted.filter((n) => !packs.has(n));
    if (missing.length) throw refused(`${PACKAGE_LABEL} holds no voices/${missing[0]}.bin${missing.length > 1 ? ` (nor ${missing.length - 1} more)` : ''}; nothing installed`);
    for (const name of wanted) {
      const sha = createHash('sha256').update(packs.get(name)!).digest('hex');
      if (sha !== VOICE_SHA256[name]) throw refused(`voices/${name}.bin in ${PACKAGE_LABEL}: sha256 ${sha} does not match the pinned ${VOICE_SHA256[name]}; nothing installed`);
    }
    for (const name of wanted) {
      const data = packs.get(name)!;
      const target = join(voicesDir, `${name}.bin`);
      await atomicWriteFile(target, data);
      await recordInManifest(voicesDir, `${name}.bin`, { sha256: VOICE_SHA256[name]!, bytes: data.length, source: `npm ${PACKAGE_LABEL} ${tarball}`, verifiedBy: 'registry', at: new Date().toISOString() });
      fetched.set(name, { name, target, bytes: data.length, sha256: VOICE_SHA256[name]!, skipped: false });
    }
  } finally {
    await rm(tgz, { force: true });
    await rm(partPath(tgz), { force: true });
  }
  return { voices: names.map((n) => present.get(n) ?? fetched.get(n)!), tarball };
}
