import { join } from 'node:path';
import { parseVoiceSpec } from '../engine';
import type { ResolvedConfig } from '../config/resolve';
import { isFile } from '../util/fs';
import { downloadContext, resolveDownload, runDownload } from './download';
import { findDefaultModel, resolveVoicesDir } from './paths';
import { resolveDataHome } from './data-home';

/**
 * --download on synth, bench and serve: before anything else, fetch the default model when no model
 * is configured or found (from the first source that answers), and every voice of the requested
 * voice (or blend) that is missing; on linux-x64 also the faster onnxruntime, as `download` does.
 */
export async function downloadMissing(config: ResolvedConfig, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<void> {
  const home = resolveDataHome(env, cwd);
  const needModel = !config.values.model && (await findDefaultModel(cwd, home)) === null;
  const dir = await resolveVoicesDir(config.values.voicesDir ?? undefined, cwd, home);
  const missing: string[] = [];
  for (const v of parseVoiceSpec(config.values.voice)) if (!(await isFile(join(dir, `${v.name}.bin`)))) missing.push(v.name);
  if (!needModel && missing.length === 0) return;
  await runDownload(resolveDownload({ model: needModel, voices: missing.join(','), voicesDir: dir }, downloadContext(null)));
}
