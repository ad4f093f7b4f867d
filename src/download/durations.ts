import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { addDurations, type AddDurationsResult } from '../model-edit/add-durations';
import { sha256File } from '../util/fs';
import { readManifest, recordInManifest } from './manifest';

/**
 * add-durations with a record: the edited file goes into its folder's manifest with its own sha256,
 * the source it came from (and that file's sha256 and verification), so `models` can still say the
 * bytes were checked: a verified file plus an edit whose audio was compared bit for bit.
 */
export async function addDurationsRecorded(inPath: string, outPath: string): Promise<AddDurationsResult> {
  const inDir = dirname(resolve(inPath));
  const source = (await readManifest(inDir))[basename(inPath)];
  const fromSha256 = source?.sha256 ?? (await sha256File(inPath));
  const result = await addDurations(inPath, outPath);
  const out = resolve(outPath);
  const [{ size }, sha256] = await Promise.all([stat(out), sha256File(out)]);
  const verifiedSource = source && source.sha256 === fromSha256 ? source : undefined;
  await recordInManifest(dirname(out), basename(out), {
    sha256,
    bytes: size,
    source: verifiedSource?.source ?? resolve(inPath),
    verifiedBy: verifiedSource?.verifiedBy ?? 'none',
    at: new Date().toISOString(),
    durations: { from: basename(inPath), fromSha256, tensor: result.tensor },
  });
  return result;
}
