import { join } from 'node:path';
import { parseVoiceSpec } from '../engine';
import type { ResolvedConfig } from '../config/resolve';
import { isFile } from '../util/fs';
import { readNpmrcFiles, resolveDownload, runDownload } from './download';
import { findDefaultModel, resolveVoicesDir } from './paths';

/**
 * --download on synth and bench: before anything else, fetch the default model variant when no
 * model is configured or found, and every voice of the requested voice (or blend) that is missing.
 */
export async function downloadMissing(config: ResolvedConfig, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<void> {
  const needModel = !config.values.model && (await findDefaultModel(cwd)) === null;
  const dir = await resolveVoicesDir(config.values.voicesDir ?? undefined, cwd);
  const missing: string[] = [];
  for (const v of parseVoiceSpec(config.values.voice)) if (!(await isFile(join(dir, `${v.name}.bin`)))) missing.push(v.name);
  if (!needModel && missing.length === 0) return;
  await runDownload(resolveDownload({ model: needModel, voices: missing.join(','), voicesDir: dir }, env, cwd, null, readNpmrcFiles(env, cwd)));
}
