import { downloadFile, type DownloadOptions, type DownloadResult } from './fetch';
import { readManifest, recordInManifest } from './manifest';
import type { PlannedFile } from './plan';

export interface FetchedFile extends DownloadResult {
  readonly file: PlannedFile;
}

/** Fetches the planned files one after another, recording each verified file in its folder's manifest. */
export async function fetchAll(files: readonly PlannedFile[], o: DownloadOptions & { onFile?: (f: PlannedFile, i: number, n: number) => void }): Promise<FetchedFile[]> {
  const done: FetchedFile[] = [];
  for (const [i, f] of files.entries()) {
    o.onFile?.(f, i, files.length);
    const recorded = (await readManifest(f.dir))[f.name];
    const r = await downloadFile({ ...f, recordedSha256: recorded?.verifiedBy === 'none' ? undefined : recorded?.sha256 }, o);
    if (!r.skipped) await recordInManifest(f.dir, f.name, { sha256: r.sha256, bytes: r.bytes, source: f.url, verifiedBy: r.verifiedBy, at: new Date().toISOString() });
    done.push({ ...r, file: f });
  }
  return done;
}
