import type * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { onnx } from 'onnx-proto';
import { atomicWriteFile, withTempPath } from '../util/fs';
import { applyRewrites, NO_REWRITES, parseRewrites, rewriteName, sameChoice, SINGLE_REWRITES, type RewriteChoice, type RewriteCounts, type RewriteSetting } from './graph-rewrites';
import { CALIBRATION_LENGTHS, calibrationIds, chooseRewrites, MIN_REWRITTEN_OPS, timeCandidates, type Candidate, type CandidateTiming } from './rewrite-calibration';
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
 * Before onnxruntime optimizes a model for its copy (level "all" only), its graph may be rewritten
 * (graph-rewrites.ts): 1-D float convolutions as 2-D ones (conv2d.ts) and integer convolutions in
 * tiles along time (tile-convs.ts). Which of them pay depends on the CPU, so the `rewrites` setting
 * chooses: a fixed choice, or `auto`, which on the first save times the model with no rewrite and with
 * each rewrite alone on this machine (rewrite-calibration.ts) and keeps only those that win. The
 * outcome is recorded beside the copies (NAME.auto.json), so the calibration runs once per model
 * file, runtime and CPU; each copy records the choice it holds (NAME.json). With the cache off the
 * file is loaded as it is.
 *
 * A copy is only valid for the same model file (path, size, mtime), the same onnxruntime (binding and
 * library), the same CPU (level "all" writes CPU-specific layouts) and the same optimization level:
 * all of them are in its name, as is the rewrite choice, so anything that changes simply misses. Saving writes both files in a
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
  /** The rewrites the session's graph holds and how they were chosen; null when it runs the file as it is (no copy). */
  readonly rewrites: RewriteRecord | null;
}

/** What a copy holds (its NAME.json) and, for `auto`, what the calibration measured. */
export interface RewriteRecord {
  /** The choice in its setting form (none, conv2d, tiles:1024, ...). */
  readonly choice: string;
  readonly chosenBy: 'setting' | 'calibration';
  /** Ops each rewrite changed in this copy (absent in a record written before the copy was made). */
  readonly counts?: RewriteCounts;
  /** The calibration's medians per candidate (ms per call, one per input length), when it ran. */
  readonly calibration?: { readonly tokens: readonly number[]; readonly timings: readonly { readonly choice: string; readonly medianMs: readonly number[] }[] };
}

/** How the cache is asked to load a model. */
export interface CacheRequest {
  /** Folder of the copies; null = no cache (the file as it is). */
  readonly dir: string | null;
  readonly rewrites: RewriteSetting;
  /** One bare model call of a session on padded ids: what the calibration times. */
  readonly probe: (session: ort.InferenceSession) => (ids: readonly number[]) => Promise<void>;
}

/** The name of the copy for this model file, runtime, CPU and level (pure). */
export function optimizedName(modelPath: string, identity: readonly (string | number)[]): string {
  const file = createHash('sha256').update(resolve(modelPath)).digest('hex').slice(0, 12);
  const key = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
  return `${basename(modelPath).replace(/\.onnx$/i, '')}-${file}-${key}.onnx`;
}

/** The layout of a copy (bumped when it changes, so older copies miss and are pruned). */
const COPY_FORMAT = 'graph+data+rewrites-3';
/** Initializers at least this large go to NAME.data; smaller ones stay in the graph. */
const EXTERNAL_MIN_BYTES = 1024;
/** A temp folder this old belongs to a save that was killed. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** How long a load waits for another process's calibration of the same model before loading without rewrites. */
const CALIBRATION_WAIT_MS = 180_000;
/** A calibration lock this old belongs to a process that was killed. */
const STALE_LOCK_MS = 10 * 60 * 1000;

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

/** NAME.json beside NAME.onnx: the rewrites the copy holds. */
export function recordName(graphName: string): string {
  return graphName.replace(/\.onnx$/, '.json');
}

/** The calibration record of `auto` for a model, runtime, CPU and level (pure). */
export function autoRecordName(modelPath: string, identity: readonly (string | number)[]): string {
  return optimizedName(modelPath, [...identity, 'auto']).replace(/\.onnx$/, '.auto.json');
}

/** Removes the files of a copy. */
async function removeCopy(graphPath: string): Promise<void> {
  await unlink(graphPath).catch(() => undefined);
  await unlink(weightsName(graphPath)).catch(() => undefined);
  await unlink(recordName(graphPath)).catch(() => undefined);
}

async function readRecord(path: string): Promise<RewriteRecord | null> {
  try {
    const r = JSON.parse(await readFile(path, 'utf8')) as RewriteRecord;
    if (typeof r.choice !== 'string' || parseRewrites(r.choice) === 'auto') return null;
    return r;
  } catch {
    return null;
  }
}

/** The fixed choice a record names. */
function choiceOf(r: RewriteRecord): RewriteChoice {
  return parseRewrites(r.choice) as RewriteChoice;
}

/**
 * Removes other copies (and calibration records) of the same model file (same path hash), keeping the
 * files named in `keep`, and temp folders left by killed saves of any model.
 */
async function pruneOthers(dir: string, keep: readonly string[]): Promise<void> {
  const first = keep[0]!;
  const prefix = first.slice(0, first.lastIndexOf('-') + 1);
  const now = Date.now();
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (f.startsWith('.') && (f.endsWith('.tmp') || f.endsWith('.lock'))) {
      const st = await stat(join(dir, f)).catch(() => null);
      const stale = f.endsWith('.tmp') ? STALE_TEMP_MS : STALE_LOCK_MS;
      if (st && now - st.mtimeMs > stale) await rm(join(dir, f), { recursive: true, force: true }).catch(() => undefined);
    } else if (!keep.includes(f) && f.startsWith(prefix) && /\.(onnx|data|json)$/.test(f)) {
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
 * onnxruntime saves the model unoptimized as a small graph (`source.onnx`) plus a weights file in
 * `tempDir`, and returns the graph's bytes: only that graph is rewritten, so the weights are never
 * parsed in JavaScript and memory stays at one session's.
 */
async function savePlain(ortModule: OrtModule, modelPath: string, options: ort.InferenceSession.SessionOptions, tempDir: string): Promise<{ path: string; bytes: Buffer }> {
  const raw = join(tempDir, 'source.onnx');
  const plain = await ortModule.InferenceSession.create(modelPath, savingOptions({ ...options, graphOptimizationLevel: 'disabled' }, raw, 'source.data'));
  await plain.release();
  return { path: raw, bytes: await readFile(raw) };
}

/** The plain graph with `choice` applied, written beside it (it shares source.data); null when the choice changes nothing. */
async function rewrittenSource(plain: { path: string; bytes: Buffer }, choice: RewriteChoice, tag: string): Promise<{ path: string; counts: RewriteCounts } | null> {
  const model = onnx.ModelProto.decode(plain.bytes);
  const counts = applyRewrites(model, choice);
  if (counts.conv2d + counts.tiled === 0) return null;
  const path = join(dirname(plain.path), `source-${tag}.onnx`);
  await writeFile(path, onnx.ModelProto.encode(model).finish());
  return { path, counts };
}

const NO_COUNTS: RewriteCounts = { conv2d: 0, tiled: 0 };

/** What a copy made with `choice` holds: the rewrites that changed something. */
function effectiveChoice(choice: RewriteChoice, counts: RewriteCounts): RewriteChoice {
  return { conv2d: choice.conv2d && counts.conv2d > 0, tileFrames: counts.tiled > 0 ? choice.tileFrames : null };
}

/** A session optimized and saved into `dir` (as `name` + its weights), from `source`. */
async function optimizeInto(ortModule: OrtModule, source: string, options: ort.InferenceSession.SessionOptions, dir: string, name: string): Promise<ort.InferenceSession> {
  await mkdir(dir, { recursive: true });
  return ortModule.InferenceSession.create(source, savingOptions(options, join(dir, name), weightsName(name)));
}

/** Moves a copy saved in `dir` into place as `target`, the weights first: NAME.onnx must never be there without them. */
async function placeCopy(dir: string, target: string, record: RewriteRecord): Promise<void> {
  const name = basename(target);
  // A model with no large initializer has no weights file.
  const hasWeights = await stat(join(dir, weightsName(name))).then(() => true, () => false);
  if (hasWeights) await rename(join(dir, weightsName(name)), weightsName(target));
  else await unlink(weightsName(target)).catch(() => undefined);
  await atomicWriteFile(recordName(target), `${JSON.stringify(record, null, 2)}\n`);
  await rename(join(dir, name), target);
}

/**
 * Optimizes `modelPath` with `choice` into a session and saves its copy as `target` (+ weights and
 * record); throws what create throws for the original file.
 */
async function createAndSave(
  ortModule: OrtModule, modelPath: string, options: ort.InferenceSession.SessionOptions, target: string, choice: RewriteChoice, chosenBy: RewriteRecord['chosenBy'],
): Promise<{ session: ort.InferenceSession; saved: boolean; record: RewriteRecord | null }> {
  const name = basename(target);
  return withTempPath(target, async (tempDir) => {
    const made = await mkdir(tempDir, { recursive: true }).then(() => true, () => false);
    if (!made) return { session: await ortModule.InferenceSession.create(modelPath, options), saved: false, record: null };
    let session: ort.InferenceSession;
    let counts = NO_COUNTS;
    try {
      let source: string = modelPath;
      if (!sameChoice(choice, NO_REWRITES)) {
        const rewritten = await savePlain(ortModule, modelPath, options, tempDir).then((p) => rewrittenSource(p, choice, 'chosen')).catch(() => null);
        if (rewritten) ({ path: source, counts } = rewritten);
      }
      session = await optimizeInto(ortModule, source, options, tempDir, name).catch((e: unknown) => {
        if (source === modelPath) throw e;
        counts = NO_COUNTS;
        return optimizeInto(ortModule, modelPath, options, tempDir, name);
      });
    } catch (e) {
      // The original itself fails (a damaged file: the caller reports it), or only the save did.
      const session = await ortModule.InferenceSession.create(modelPath, options).catch(() => {
        throw e;
      });
      return { session, saved: false, record: null };
    }
    const record: RewriteRecord = { choice: rewriteName(effectiveChoice(choice, counts)), chosenBy, counts };
    try {
      await placeCopy(tempDir, target, record);
      return { session, saved: true, record };
    } catch {
      await removeCopy(target);
      return { session, saved: false, record };
    }
  });
}

/**
 * The calibration of `auto` (rewrite-calibration.ts): the model with no rewrite and with each rewrite
 * that changes something, optimized side by side, timed on fixed inputs; the winner's copy is saved as
 * the copy of its choice and the outcome as the auto record. Returns the winner's session (null when
 * the winner is a combination not loaded here: the caller then makes its copy).
 */
async function calibrate(
  ortModule: OrtModule, modelPath: string, options: ort.InferenceSession.SessionOptions, cacheDir: string, copyNameOf: (c: RewriteChoice) => string, autoRecord: string,
  probe: CacheRequest['probe'],
): Promise<{ choice: RewriteChoice; session: ort.InferenceSession | null; record: RewriteRecord }> {
  return withTempPath(autoRecord, async (tempDir) => {
    await mkdir(tempDir, { recursive: true });
    const loaded: { choice: RewriteChoice; session: ort.InferenceSession; counts: RewriteCounts; dir: string }[] = [];
    try {
      const plain = await savePlain(ortModule, modelPath, options, tempDir);
      const variants: { choice: RewriteChoice; source: string; counts: RewriteCounts }[] = [{ choice: NO_REWRITES, source: modelPath, counts: NO_COUNTS }];
      for (const [i, c] of SINGLE_REWRITES.entries()) {
        const r = await rewrittenSource(plain, c, String(i));
        if (r && r.counts.conv2d + r.counts.tiled >= MIN_REWRITTEN_OPS) variants.push({ choice: c, source: r.path, counts: r.counts });
      }
      for (const [i, v] of variants.entries()) {
        const dir = join(tempDir, `v${i}`);
        loaded.push({ ...v, session: await optimizeInto(ortModule, v.source, options, dir, copyNameOf(v.choice)), dir });
      }
      let timings: CandidateTiming[] = [];
      if (loaded.length > 1) {
        const inputs = CALIBRATION_LENGTHS.map(calibrationIds);
        const candidates: Candidate[] = loaded.map((l) => ({ choice: l.choice, run: probe(l.session) }));
        timings = await timeCandidates(candidates, inputs);
      }
      const choice = chooseRewrites(timings);
      const calibration = { tokens: CALIBRATION_LENGTHS, timings: timings.map((t) => ({ choice: rewriteName(t.choice), medianMs: t.medianMs.map((ms) => Math.round(ms * 10) / 10) })) };
      const winner = loaded.find((l) => sameChoice(l.choice, choice)) ?? null;
      const record: RewriteRecord = { choice: rewriteName(choice), chosenBy: 'calibration', ...(winner ? { counts: winner.counts } : {}), calibration };
      if (winner) await placeCopy(winner.dir, join(cacheDir, copyNameOf(choice)), record);
      await atomicWriteFile(autoRecord, `${JSON.stringify(record, null, 2)}\n`);
      for (const l of loaded) if (l !== winner) await l.session.release();
      return { choice, session: winner?.session ?? null, record };
    } catch (e) {
      for (const l of loaded) await l.session.release().catch(() => undefined);
      throw e;
    }
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The rewrites `auto` chose for this model here: the recorded calibration, or a new one (one process
 * at a time: others wait for its record, then load what it chose). null = calibrate was done here
 * and its session is in `calibrated`.
 */
async function autoChoice(
  ortModule: OrtModule, modelPath: string, options: ort.InferenceSession.SessionOptions, cacheDir: string, copyNameOf: (c: RewriteChoice) => string, autoRecord: string,
  probe: CacheRequest['probe'],
): Promise<{ choice: RewriteChoice; record: RewriteRecord | null; calibrated: ort.InferenceSession | null }> {
  const known = await readRecord(autoRecord);
  if (known) return { choice: choiceOf(known), record: known, calibrated: null };
  const lock = join(cacheDir, `.${basename(autoRecord)}.lock`);
  const deadline = Date.now() + CALIBRATION_WAIT_MS;
  for (;;) {
    const mine = await mkdir(lock).then(() => true, () => false);
    if (mine) break;
    const st = await stat(lock).catch(() => null);
    if (st && Date.now() - st.mtimeMs > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true }).catch(() => undefined);
    else if (Date.now() > deadline) return { choice: NO_REWRITES, record: null, calibrated: null };
    await sleep(200);
    const r = await readRecord(autoRecord);
    if (r) return { choice: choiceOf(r), record: r, calibrated: null };
  }
  try {
    const again = await readRecord(autoRecord);
    if (again) return { choice: choiceOf(again), record: again, calibrated: null };
    const c = await calibrate(ortModule, modelPath, options, cacheDir, copyNameOf, autoRecord, probe);
    return { choice: c.choice, record: c.record, calibrated: c.session };
  } finally {
    await rm(lock, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A session for `modelPath` with `options`, through the optimized-model cache (`request.dir`; null =
 * no cache), holding the rewrites `request.rewrites` asks for. Errors from the original file propagate
 * as InferenceSession.create's own.
 */
export async function createCachedSession(
  ortModule: OrtModule,
  modelPath: string,
  options: ort.InferenceSession.SessionOptions,
  runtime: RuntimeDir,
  request: CacheRequest,
): Promise<CachedSession> {
  const plain = async (cache: CacheOutcome): Promise<CachedSession> => ({ session: await ortModule.InferenceSession.create(modelPath, options), cache, rewrites: null });
  const cacheDir = request.dir;
  const level = options.graphOptimizationLevel ?? 'all';
  if (cacheDir === null || level === 'disabled') return plain('off');
  let identity: (string | number)[];
  try {
    identity = await identityOf(ortModule, modelPath, runtime, level);
  } catch {
    return plain('unusable');
  }
  const copyNameOf = (c: RewriteChoice): string => optimizedName(modelPath, [...identity, rewriteName(c)]);
  const autoRecord = join(cacheDir, autoRecordName(modelPath, identity));
  const made = await mkdir(cacheDir, { recursive: true }).then(() => true, () => false);
  // The rewrites target the kernels of level "all"; other levels' copies hold none.
  let choice: RewriteChoice = level === 'all' && request.rewrites !== 'auto' ? request.rewrites : NO_REWRITES;
  let chosenBy: RewriteRecord['chosenBy'] = 'setting';
  let autoRecordValue: RewriteRecord | null = null;
  if (made && level === 'all' && request.rewrites === 'auto') {
    try {
      const auto = await autoChoice(ortModule, modelPath, options, cacheDir, copyNameOf, autoRecord, request.probe);
      choice = auto.choice;
      chosenBy = 'calibration';
      autoRecordValue = auto.record;
      if (auto.calibrated) {
        await pruneOthers(cacheDir, keepOf(copyNameOf(choice), autoRecord));
        return { session: auto.calibrated, cache: 'saved', rewrites: auto.record };
      }
    } catch {
      return plain('unusable');
    }
  }
  const target = join(cacheDir, copyNameOf(choice));
  const present = await stat(target).then((s) => s.isFile() && s.size > 0, () => false);
  if (present) {
    try {
      const session = await ortModule.InferenceSession.create(target, { ...options, graphOptimizationLevel: 'disabled' });
      const record = (await readRecord(recordName(target))) ?? { choice: rewriteName(choice), chosenBy };
      return { session, cache: 'hit', rewrites: autoRecordValue ? { ...autoRecordValue, counts: record.counts } : { ...record, chosenBy } };
    } catch {
      await removeCopy(target); // a damaged copy (or its weights gone): optimize the original again below
    }
  }
  if (!made) return plain('unusable');
  const { session, saved, record } = await createAndSave(ortModule, modelPath, options, target, choice, chosenBy);
  if (!saved) return { session, cache: 'unusable', rewrites: null };
  await pruneOthers(cacheDir, keepOf(basename(target), autoRecord));
  return { session, cache: 'saved', rewrites: record };
}

/** The files of the copy in use and the model's auto record: what pruning keeps. */
function keepOf(copyName: string, autoRecord: string): string[] {
  return [copyName, weightsName(copyName), recordName(copyName), basename(autoRecord)];
}
