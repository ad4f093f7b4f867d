import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isStandIn } from '../engine/model-file';
import { sha256File } from '../util/fs';
import { readManifest } from './manifest';
import { KNOWN_MODEL_SHA256, variantOfFile } from './registry';

export interface InstalledModel {
  readonly path: string;
  readonly variant: string;
  readonly bytes: number;
  readonly sha256: string;
  /** How the bytes were checked, or null if they never were. */
  readonly verified: string | null;
  /** A durations output was added to a checked file (models add-durations), from this file. */
  readonly durationsAddedFrom: string | null;
}

/** Every .onnx file in the model folders, with what it is and whether its bytes were verified. */
export async function installedModels(dirs: readonly string[]): Promise<InstalledModel[]> {
  const out: InstalledModel[] = [];
  for (const dir of dirs) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.onnx')).sort();
    const manifest = await readManifest(dir);
    for (const name of names) {
      const path = join(dir, name);
      const [{ size }, sha256, standIn] = await Promise.all([stat(path), sha256File(path), isStandIn(path)]);
      const known = KNOWN_MODEL_SHA256[sha256];
      const entry = manifest[name];
      const recorded = entry && entry.sha256 === sha256 ? entry : undefined;
      const from = recorded?.durations ? KNOWN_MODEL_SHA256[recorded.durations.fromSha256] : undefined;
      const how = recorded ? (recorded.verifiedBy !== 'none' ? `sha256 (${recorded.verifiedBy === 'registry' ? 'registry' : 'server'})` : from ? 'sha256 (published)' : 'size only') : known ? 'sha256 (published)' : null;
      const verified = how && recorded?.durations ? `${how} + durations added` : how;
      const variant = standIn ? 'stand-in (not Kokoro)' : variantOfFile(name) ?? known ?? (from ? `${from} + durations` : 'unknown');
      out.push({ path, variant, bytes: size, sha256, verified, durationsAddedFrom: recorded?.durations?.from ?? null });
    }
  }
  return out;
}

