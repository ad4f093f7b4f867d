import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../util/fs';

/** What `download` verified, per folder: .kokoro-manifest.json beside the files. */
export interface ManifestEntry {
  readonly sha256: string;
  readonly bytes: number;
  readonly source: string;
  readonly verifiedBy: 'registry' | 'server' | 'none';
  readonly at: string;
  /** The file is a copy of a verified one with the durations output added (models add-durations). */
  readonly durations?: { readonly from: string; readonly fromSha256: string; readonly tensor: string | null };
}
export type Manifest = Record<string, ManifestEntry>;

export const MANIFEST = '.kokoro-manifest.json';

export async function readManifest(dir: string): Promise<Manifest> {
  try {
    const doc = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as { files?: Manifest };
    return doc.files ?? {};
  } catch {
    return {};
  }
}

export async function recordInManifest(dir: string, name: string, entry: ManifestEntry): Promise<void> {
  const files = { ...(await readManifest(dir)), [name]: entry };
  await atomicWriteFile(join(dir, MANIFEST), `${JSON.stringify({ files }, null, 2)}\n`);
}
