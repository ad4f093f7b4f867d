import { join, resolve } from 'node:path';
import { isDirectory, isFile } from '../util/fs';
import { ExitCode, KokoroError } from '../util/errors';

/** The package's own folder (bin/, models/, voices/ live here). */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Model files looked for in models/ when no model is named, in order of preference; each file's copy
 * with durations (`models add-durations`: same audio, and timings work) comes before it.
 */
export const DEFAULT_MODEL_FILES = ['model.onnx', 'kokoro-v1.0.onnx', 'model_fp16.onnx', 'kokoro-v1.0.int8.onnx', 'model_quantized.onnx'].flatMap((f) => [
  f.replace(/\.onnx$/, '-durations.onnx'),
  f,
]);

export function modelDirs(cwd: string): string[] {
  return [...new Set([join(cwd, 'models'), join(PACKAGE_ROOT, 'models')])];
}

export function voiceDirCandidates(cwd: string): string[] {
  return [...new Set([join(cwd, 'voices'), join(PACKAGE_ROOT, 'voices')])];
}

/** The first default model file in ./models or the package's models/, or null. */
export async function findDefaultModel(cwd: string): Promise<string | null> {
  for (const dir of modelDirs(cwd)) {
    for (const f of DEFAULT_MODEL_FILES) {
      const p = join(dir, f);
      if (await isFile(p)) return p;
    }
  }
  return null;
}

/** The configured model (flag, env or override), else the first default file in ./models or the package's models/. */
export async function resolveModelPath(configured: string | undefined, cwd: string): Promise<string> {
  if (configured) return resolve(cwd, configured);
  const found = await findDefaultModel(cwd);
  if (found) return found;
  throw new KokoroError(
    'model-missing',
    `no Kokoro model found (looked for ${DEFAULT_MODEL_FILES[1]} and others in ${modelDirs(cwd).join(' and ')})`,
    'run `kokoro-ts download` (fetches models/model.onnx and voices/af_heart.bin), or add --download to this command, or pass -m PATH / set KOKORO_MODEL',
    ExitCode.Model,
  );
}

/** The configured folder, else ./voices if it exists, else the package's voices/. */
export async function resolveVoicesDir(configured: string | undefined, cwd: string): Promise<string> {
  if (configured) return resolve(cwd, configured);
  for (const d of voiceDirCandidates(cwd)) if (await isDirectory(d)) return d;
  return voiceDirCandidates(cwd)[0]!;
}
