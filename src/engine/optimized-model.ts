import type * as ort from 'onnxruntime-node';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { onnx } from 'onnx-proto';
import { speedRewrites } from './graph-rewrites';
import type { OrtModule, RuntimeDir } from './ort-runtime';

/**
 * onnxruntime's optimized copy of a model, kept on disk: creating a session from the published int8
 * file spends ~420 ms optimizing its graph (level "all"), loading the saved optimized graph with
 * optimization off takes ~230 ms, and the session computes the same audio at the same speed
 * (benchmarks/README.md, "Cold start"). The first load of a model saves the copy (about 100 ms
 * more, once); later loads use it.
 *
 * A copy is two files: NAME.onnx, the graph, and NAME.data, its weights (onnxruntime's external
 * initializers). Reading weights from a separate file instead of parsing them out of one protobuf
 * halves the load again: the fp32-compute file 458 -> 216 ms, the int8 file 195 -> 115 ms.
 *
 * Before onnxruntime optimizes a model for its copy (level "all" only), its graph is rewritten
 * (graph-rewrites.ts): 1-D float convolutions as 2-D ones (conv2d.ts), which onnxruntime then runs in
 * its faster NCHWc kernels (the fp32-compute file's model calls take ~9% less time), and integer
 * convolutions in tiles along time (tile-convs.ts: the int8 file's take 11-19% less at 1 thread).
 * That costs one more unoptimized load (~0.5 s for an fp32 file) once, when the copy is saved; with
 * the cache off the file is loaded as it is.
 *
 * A copy is only valid for the same model file (path, size, mtime), the same onnxruntime (binding and
 * library), the same CPU (level "all" writes CPU-specific layouts) and the same optimization level:
 * all of them are in its name, so anything that changes simply misses. Saving writes both files in a
 * private temp folder and renames them into place, the weights first, so NAME.onnx never exists
 * without its weights; when a new copy of a model is saved, older copies of the same model file go.
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

/** The layout of a copy (bumped when it changes, so older copies miss and are pruned). */
const COPY_FORMAT = 'graph+data+conv2d+tiles-2';
/** Initializers at least this large go to NAME.data; smaller ones stay in the graph. */
const EXTERNAL_MIN_BYTES = 1024;
/** A temp folder this old belongs to a save that was killed. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** What a saved copy depends on besides the file's path. */
async function identityOf(ortModule: OrtModule, modelPath: string, runtime: RuntimeDir, level: string): Promise<(string | number)[]> {
  const st = await stat(modelPath);
  const parts: (string | number)[] = [COPY_FORMAT, st.size, Math.round(st.mtimeMs), level, JSON.stringify(ortModule.env.versions), process.arch, cpus()[0]?.model ?? 'cpu'];
  if (runtime !== null) {
    // An installed runtime's library: reinstalling it rewrites its manifest.
    const m = await stat(join(runtime, 'runtime.json')).catch(() => null);
    parts.push(resolve(runtime), m ? Math.round(m.mtimeMs) : 0);
  }
  return parts;
}

/** NAME.data beside NAME.onnx. */
export function weightsName(graphName: string): string {
  return graphName.replace(/\.onnx$/, '.data');
}

/** Removes the two files of a copy. */
async function removeCopy(graphPath: string): Promise<void> {
  await unlink(graphPath).catch(() => undefined);
  await unlink(weightsName(graphPath)).catch(() => undefined);
}

/**
 * Removes other copies of the same model file (same path hash), keeping `keep`, and temp folders
 * left by killed saves of any model.
 */
async function pruneOthers(dir: string, keep: string): Promise<void> {
  const prefix = keep.slice(0, keep.lastIndexOf('-') + 1);
  const now = Date.now();
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (f.startsWith('.') && f.endsWith('.tmp')) {
      const st = await stat(join(dir, f)).catch(() => null);
      if (st && now - st.mtimeMs > STALE_TEMP_MS) await rm(join(dir, f), { recursive: true, force: true }).catch(() => undefined);
    } else if (f !== keep && f !== weightsName(keep) && f.startsWith(prefix) && (f.endsWith('.onnx') || f.endsWith('.data'))) {
      await unlink(join(dir, f)).catch(() => undefined);
    }
  }
}

/** onnxruntime's options for saving a copy as `graphPath` with its large weights in `weightsFile` beside it. */
function savingOptions(options: ort.InferenceSession.SessionOptions, graphPath: string, weightsFile: string): ort.InferenceSession.SessionOptions {
  const extra = { ...(options.extra as Record<string, unknown> | undefined) };
  extra.session = {
    ...(extra.session as Record<string, unknown> | undefined),
    optimized_model_external_initializers_file_name: weightsFile,
    optimized_model_external_initializers_min_size_in_bytes: String(EXTERNAL_MIN_BYTES),
  };
  return { ...options, optimizedModelFilePath: graphPath, extra };
}

/**
 * The model with the speed rewrites (graph-rewrites.ts), written in `tempDir`, or null to load
 * the file as it is (a level that would not use the 2-D kernels, nothing to rewrite, any failure).
 * onnxruntime first saves the model unoptimized as a small graph plus a weights file, and only that
 * graph is rewritten: the weights are never parsed in JavaScript, so memory stays at one session's.
 */
async function withRewrites(ortModule: OrtModule, modelPath: string, options: ort.InferenceSession.SessionOptions, tempDir: string): Promise<string | null> {
  if ((options.graphOptimizationLevel ?? 'all') !== 'all') return null;
  try {
    const raw = join(tempDir, 'source.onnx');
    const plain = await ortModule.InferenceSession.create(modelPath, savingOptions({ ...options, graphOptimizationLevel: 'disabled' }, raw, 'source.data'));
    await plain.release();
    const model = onnx.ModelProto.decode(await readFile(raw));
    const counts = speedRewrites(model);
    if (counts.conv2d + counts.tiled === 0) return null;
    const rewritten = join(tempDir, 'source-rewritten.onnx');
    await writeFile(rewritten, onnx.ModelProto.encode(model).finish());
    return rewritten;
  } catch {
    return null;
  }
}

/** Optimizes `modelPath` into a session and saves its copy as `target` (+ its weights file); throws what create throws. */
async function createAndSave(ortModule: OrtModule, modelPath: string, options: ort.InferenceSession.SessionOptions, target: string): Promise<{ session: ort.InferenceSession; saved: boolean }> {
  const name = basename(target);
  const tempDir = join(dirname(target), `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const made = await mkdir(tempDir, { recursive: true }).then(() => true, () => false);
  if (!made) return { session: await ortModule.InferenceSession.create(modelPath, options), saved: false };
  const saving = savingOptions(options, join(tempDir, name), weightsName(name));
  try {
    let session: ort.InferenceSession;
    try {
      const source = await withRewrites(ortModule, modelPath, options, tempDir);
      session = source
        ? await ortModule.InferenceSession.create(source, saving).catch(() => ortModule.InferenceSession.create(modelPath, saving))
        : await ortModule.InferenceSession.create(modelPath, saving);
    } catch (e) {
      // The original itself fails (a damaged file: the caller reports it), or only the save did.
      session = await ortModule.InferenceSession.create(modelPath, options).catch(() => {
        throw e;
      });
      return { session, saved: false };
    }
    try {
      // The weights first: NAME.onnx must never be there without them. A model with no large
      // initializer has no weights file.
      const hasWeights = await stat(join(tempDir, weightsName(name))).then(() => true, () => false);
      if (hasWeights) await rename(join(tempDir, weightsName(name)), weightsName(target));
      else await unlink(weightsName(target)).catch(() => undefined);
      await rename(join(tempDir, name), target);
      return { session, saved: true };
    } catch {
      await removeCopy(target);
      return { session, saved: false };
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
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
      await removeCopy(target); // a damaged copy (or its weights gone): optimize the original again below
    }
  }
  const made = await mkdir(cacheDir, { recursive: true }).then(() => true, () => false);
  if (!made) return { session: await ortModule.InferenceSession.create(modelPath, options), cache: 'unusable' };
  const { session, saved } = await createAndSave(ortModule, modelPath, options, target);
  if (!saved) return { session, cache: 'unusable' };
  await pruneOthers(cacheDir, basename(target));
  return { session, cache: 'saved' };
}
