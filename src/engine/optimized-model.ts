import type * as ort from 'onnxruntime-node';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { OrtModule, RuntimeDir } from './ort-runtime';

/**
 * onnxruntime's optimized copy of a model, kept on disk: creating a session from the published int8
 * file spends ~420 ms optimizing its graph (level "all"), loading the saved optimized graph with
 * optimization off takes ~230 ms, and the session computes the same audio at the same speed
 * (benchmarks/README.md, "Cold start"). The first load of a model saves the copy (about 100 ms
 * more, once); later loads use it.
 *
 * A copy is only valid for the same model file (path, size, mtime), the same onnxruntime (binding and
 * library), the same CPU (level "all" writes CPU-specific layouts) and the same optimization level:
 * all of them are in its name, so anything that changes simply misses. Saving goes to a temp file
 * renamed into place; when a new copy of a model is saved, older copies of the same model file go.
 * Any failure (a folder that cannot be written, a copy that does not load) falls back to the
 * original file: the cache is only ever a shortcut.
 */

export type CacheOutcome = 'hit' | 'saved' | 'off' | 'unusable';

export interface CachedSession {
  readonly session: ort.InferenceSession;
  /** hit: loaded the saved copy; saved: optimized the original and saved a copy; off: no cache asked or none possible at this level; unusable: the cache failed, the original was used. */
  readonly cache: CacheOutcome;
}

/** The name of the copy for this model file, runtime, CPU and level (pure). */
export function optimizedName(modelPath: string, identity: readonly (string | number)[]): string {
  const file = createHash('sha256').update(resolve(modelPath)).digest('hex').slice(0, 12);
  const key = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
  return `${basename(modelPath).replace(/\.onnx$/i, '')}-${file}-${key}.onnx`;
}

/** What a saved copy depends on besides the file's path. */
async function identityOf(ortModule: OrtModule, modelPath: string, runtime: RuntimeDir, level: string): Promise<(string | number)[]> {
  const st = await stat(modelPath);
  const parts: (string | number)[] = [st.size, Math.round(st.mtimeMs), level, JSON.stringify(ortModule.env.versions), process.arch, cpus()[0]?.model ?? 'cpu'];
  if (runtime !== null) {
    // An installed runtime's library: reinstalling it rewrites its manifest.
    const m = await stat(join(runtime, 'runtime.json')).catch(() => null);
    parts.push(resolve(runtime), m ? Math.round(m.mtimeMs) : 0);
  }
  return parts;
}

/** Removes other copies of the same model file (same path hash), keeping `keep`. */
async function pruneOthers(dir: string, keep: string): Promise<void> {
  const prefix = keep.slice(0, keep.lastIndexOf('-') + 1);
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (f !== keep && f.startsWith(prefix) && f.endsWith('.onnx')) await unlink(join(dir, f)).catch(() => undefined);
  }
}

/**
 * A session for `modelPath` with `options`, through the optimized-model cache in `cacheDir` (null =
 * no cache). Errors from the original file propagate as InferenceSession.create's own.
 */
export async function createCachedSession(
  ortModule: OrtModule,
  modelPath: string,
  options: ort.InferenceSession.SessionOptions,
  cacheDir: string | null,
  runtime: RuntimeDir,
): Promise<CachedSession> {
  const level = options.graphOptimizationLevel ?? 'all';
  if (cacheDir === null || level === 'disabled') return { session: await ortModule.InferenceSession.create(modelPath, options), cache: 'off' };
  let target: string;
  try {
    target = join(cacheDir, optimizedName(modelPath, await identityOf(ortModule, modelPath, runtime, level)));
  } catch {
    return { session: await ortModule.InferenceSession.create(modelPath, options), cache: 'unusable' };
  }
  const present = await stat(target).then((s) => s.isFile() && s.size > 0, () => false);
  if (present) {
    try {
      return { session: await ortModule.InferenceSession.create(target, { ...options, graphOptimizationLevel: 'disabled' }), cache: 'hit' };
    } catch {
      await unlink(target).catch(() => undefined); // a damaged copy: optimize the original again below
    }
  }
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const made = await mkdir(cacheDir, { recursive: true }).then(() => true, () => false);
  if (!made) return { session: await ortModule.InferenceSession.create(modelPath, options), cache: 'unusable' };
  let session: ort.InferenceSession;
  try {
    session = await ortModule.InferenceSession.create(modelPath, { ...options, optimizedModelFilePath: temp });
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    // The original itself fails (a damaged file: the caller reports it), or only the save did.
    session = await ortModule.InferenceSession.create(modelPath, options).catch(() => {
      throw e;
    });
    return { session, cache: 'unusable' };
  }
  try {
    await rename(temp, target);
  } catch {
    await unlink(temp).catch(() => undefined);
    return { session, cache: 'unusable' };
  }
  await pruneOthers(cacheDir, basename(target));
  return { session, cache: 'saved' };
}
