import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDirectory, isFile } from '../util/fs';
import { ExitCode, KokoroError } from '../util/errors';
import { modelsIn, voicesIn, type DataHome } from './data-home';

/** The package's own folder (bin/, dist/, data/): read only, never written (a global install's folder is replaced on upgrade). */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Model files looked for in models/ when no model is named, in order of preference; each file's copy
 * with durations (`models add-durations`: same audio, and timings work) comes before it.
 */
export const DEFAULT_MODEL_FILES = ['model.onnx', 'kokoro-v1.0.onnx', 'model_fp16.onnx', 'kokoro-v1.0.int8.onnx', 'model_quantized.onnx'].flatMap((f) => [
  f.replace(/\.onnx$/, '-durations.onnx'),
  f,
]);

/** A folder looked in, and why it is looked in (for `config` and `models`). */
export interface Place {
  readonly dir: string;
  readonly why: string;
}

/** ./models first (a checkout keeps working), then the data folder's models/. */
export function modelPlaces(cwd: string, home: DataHome): Place[] {
  const places = [{ dir: join(cwd, 'models'), why: 'the working folder' }, { dir: modelsIn(home), why: `the data folder (${home.why})` }];
  return places.filter((p, i) => places.findIndex((q) => q.dir === p.dir) === i);
}

export function voicePlaces(cwd: string, home: DataHome): Place[] {
  const places = [{ dir: join(cwd, 'voices'), why: 'the working folder' }, { dir: voicesIn(home), why: `the data folder (${home.why})` }];
  return places.filter((p, i) => places.findIndex((q) => q.dir === p.dir) === i);
}

export function modelDirs(cwd: string, home: DataHome): string[] {
  return modelPlaces(cwd, home).map((p) => p.dir);
}

/** A file or folder in use and why it was picked. */
export interface Located {
  readonly path: string;
  readonly why: string;
}

/** The first default model file in ./models or the data folder's models/, or null. */
export async function findDefaultModel(cwd: string, home: DataHome): Promise<Located | null> {
  for (const place of modelPlaces(cwd, home)) {
    for (const f of DEFAULT_MODEL_FILES) {
      const p = join(place.dir, f);
      if (await isFile(p)) return { path: p, why: `the first default model file in ${place.why}` };
    }
  }
  return null;
}

/** The configured model (flag, env or override), else the first default file found; null when there is none. */
export async function locateModel(configured: string | undefined, cwd: string, home: DataHome): Promise<Located | null> {
  if (configured) return { path: resolve(cwd, configured), why: 'configured (-m, KOKORO_MODEL or override.json)' };
  return findDefaultModel(cwd, home);
}

export async function resolveModelPath(configured: string | undefined, cwd: string, home: DataHome): Promise<string> {
  const found = await locateModel(configured, cwd, home);
  if (found) return found.path;
  throw new KokoroError(
    'model-missing',
    `no Kokoro model found (looked for ${DEFAULT_MODEL_FILES[1]} and others in ${modelDirs(cwd, home).join(' and ')})`,
    'run `kokoro-ts download` (fetches a verified model and voices/af_heart.bin into the data folder), or add --download to this command, or pass -m PATH / set KOKORO_MODEL',
    ExitCode.Model,
  );
}

/** The configured folder, else ./voices if it exists, else the data folder's voices/. */
export async function locateVoicesDir(configured: string | undefined, cwd: string, home: DataHome): Promise<Located> {
  if (configured) return { path: resolve(cwd, configured), why: 'configured (--voices-dir, KOKORO_VOICES_DIR or override.json)' };
  const [here, data] = voicePlaces(cwd, home);
  if (await isDirectory(here!.dir)) return { path: here!.dir, why: `${here!.why} has voices/` };
  return { path: (data ?? here)!.dir, why: data ? data.why : here!.why };
}

export async function resolveVoicesDir(configured: string | undefined, cwd: string, home: DataHome): Promise<string> {
  return (await locateVoicesDir(configured, cwd, home)).path;
}

/**
 * Creates `dir` inside the data folder if needed and checks it can be written, naming the folder
 * and KOKORO_HOME when it cannot (the usual fix on a shared or read-only home).
 */
export function checkDataDirWritable(dir: string, home: DataHome): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new KokoroError('data-dir', `cannot write to the data folder ${dir} (from ${home.why}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'set KOKORO_HOME to a folder you can write', ExitCode.Io);
  }
}
