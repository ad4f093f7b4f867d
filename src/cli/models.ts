import type { Command } from 'commander';
import Table from 'cli-table3';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isStandIn } from '../bench/env';
import { readManifest } from '../download/manifest';
import { KNOWN_MODEL_SHA256, variantOfFile } from '../download/registry';
import { sha256File } from '../util/fs';
import { writeStdout } from './io';
import { modelDirs } from './paths';

export interface InstalledModel {
  readonly path: string;
  readonly variant: string;
  readonly bytes: number;
  readonly sha256: string;
  /** How the bytes were checked, or null if they never were. */
  readonly verified: string | null;
}

/** Every .onnx file in the model folders, with what it is and whether its bytes were verified. */
export async function installedModels(cwd: string): Promise<InstalledModel[]> {
  const out: InstalledModel[] = [];
  for (const dir of modelDirs(cwd)) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.onnx')).sort();
    const manifest = await readManifest(dir);
    for (const name of names) {
      const path = join(dir, name);
      const [{ size }, sha256, standIn] = await Promise.all([stat(path), sha256File(path), isStandIn(path)]);
      const known = KNOWN_MODEL_SHA256[sha256];
      const entry = manifest[name];
      const verified = entry && entry.sha256 === sha256 ? (entry.verifiedBy === 'none' ? 'size only' : `sha256 (${entry.verifiedBy === 'registry' ? 'registry' : 'server'})`) : known ? 'sha256 (published)' : null;
      out.push({ path, variant: standIn ? 'stand-in (not Kokoro)' : variantOfFile(name) ?? known ?? 'unknown', bytes: size, sha256, verified });
    }
  }
  return out;
}

export function registerModels(program: Command): void {
  program
    .command('models')
    .description('list installed model files: variant, size, sha256, whether verified')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const rows = await installedModels(process.cwd());
      if (flags.json) return writeStdout(`${JSON.stringify({ models: rows }, null, 2)}\n`);
      if (rows.length === 0) return writeStdout(`No model files in ${modelDirs(process.cwd()).join(' or ')}. Run: kokoro-ts download\n`);
      const t = new Table({ head: ['file', 'variant', 'MB', 'sha256', 'verified'] });
      for (const r of rows) t.push([r.path, r.variant, (r.bytes / 1e6).toFixed(1), `${r.sha256.slice(0, 16)}…`, r.verified ?? 'no']);
      await writeStdout(`${t.toString()}\n`);
    });
}
