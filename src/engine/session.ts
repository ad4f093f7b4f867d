import type * as ort from 'onnxruntime-node';
import { access, constants } from 'node:fs/promises';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import type { SessionSettings } from './settings';
import { ortRuntime, type OrtModule, type RuntimeDir } from './ort-runtime';
import { createCachedSession, type CacheOutcome, type RewriteRecord } from './optimized-model';
import type { RewriteSetting } from './graph-rewrites';
import { calibrationStyle } from './rewrite-calibration';

/** How this model file names and types its inputs and output, read once from the session. */
export interface ModelContract {
  readonly layout: 'onnx-community' | 'kokoro-onnx';
  readonly idsInput: string;
  readonly idsType: 'int64' | 'int32';
  readonly styleInput: string;
  readonly speedInput: string;
  readonly speedType: 'float32' | 'int32' | 'int64';
  readonly audioOutput: string;
  /**
   * The per-token durations output (int64 frames of 600 samples, one per input id including the
   * pads, already scaled by speed), if the file exports one; null otherwise.
   */
  readonly durationsOutput: string | null;
}

/** Names the published exports give the durations output. */
export const DURATION_OUTPUT_NAMES: readonly string[] = ['duration', 'durations', 'pred_dur'];

interface IoInfo {
  readonly name: string;
  readonly type: string | null;
}

function describe(io: readonly IoInfo[]): string {
  return io.map((i) => (i.type ? `${i.name}:${i.type}` : i.name)).join(', ') || 'none';
}

/**
 * Recognizes the published Kokoro exports: onnx-community (input_ids, style, speed -> waveform) and
 * kokoro-onnx (tokens, style, speed -> audio). Anything else is refused, naming what was found.
 */
export function detectContract(inputs: readonly IoInfo[], outputs: readonly IoInfo[], path: string): ModelContract {
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const outNames = new Set(outputs.map((o) => o.name));
  const style = byName.get('style');
  const speed = byName.get('speed');
  const layouts = [
    { layout: 'onnx-community', ids: 'input_ids', out: 'waveform' },
    { layout: 'kokoro-onnx', ids: 'tokens', out: 'audio' },
  ] as const;
  for (const l of layouts) {
    const ids = byName.get(l.ids);
    if (!ids || !style || !speed || !outNames.has(l.out)) continue;
    const idsType = ids.type === 'int32' ? 'int32' : 'int64';
    const speedType = speed.type === 'int32' || speed.type === 'int64' ? speed.type : 'float32';
    const durations = outputs.find((o) => DURATION_OUTPUT_NAMES.includes(o.name) && (o.type === null || o.type === 'int64' || o.type === 'int32'));
    return {
      layout: l.layout, idsInput: l.ids, idsType, styleInput: 'style', speedInput: 'speed', speedType, audioOutput: l.out,
      durationsOutput: durations?.name ?? null,
    };
  }
  throw new KokoroError(
    'model-contract',
    `${path} is not a Kokoro model: it takes (${describe(inputs)}) and returns (${describe(outputs)}); ` +
      'expected (input_ids, style, speed) -> waveform or (tokens, style, speed) -> audio',
    'use a Kokoro-82M v1.0 ONNX export (onnx-community/Kokoro-82M-v1.0-ONNX or a kokoro-onnx release)',
    ExitCode.Model,
  );
}

function metadataOf(meta: readonly ort.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): IoInfo[] {
  return names.map((name) => {
    const m = meta?.find((x) => x.name === name);
    return { name, type: m && m.isTensor ? String(m.type) : null };
  });
}

export function toOrtOptions(s: SessionSettings): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: s.intraOpNumThreads,
    interOpNumThreads: s.interOpNumThreads,
    executionMode: s.executionMode,
    graphOptimizationLevel: s.graphOptimizationLevel,
    enableCpuMemArena: s.enableCpuMemArena,
    enableMemPattern: s.enableMemPattern,
    logSeverityLevel: 3,
  };
}

export interface LoadedModel {
  /** The onnxruntime the session runs on (its Tensor type builds the feeds). */
  readonly ort: OrtModule;
  readonly path: string;
  readonly session: ort.InferenceSession;
  readonly contract: ModelContract;
  /** Wall time of InferenceSession.create, in ms. */
  readonly createMs: number;
  /** Whether the session came from onnxruntime's saved optimized copy (optimized-model.ts). */
  readonly optimizedCache: CacheOutcome;
  /** The graph rewrites the session holds and how they were chosen; null = the file as it is. */
  readonly rewrites: RewriteRecord | null;
}

/** Where a model is loaded through: the optimized-model cache folder (null = off) and the rewrites its copy holds. */
export interface ModelCacheSettings {
  readonly dir: string | null;
  readonly rewrites: RewriteSetting;
}

export const NO_MODEL_CACHE: ModelCacheSettings = { dir: null, rewrites: 'auto' };

/** One bare call on padded ids with the calibration's style, for the rewrite calibration to time. */
function probeOf(ort: OrtModule, path: string) {
  return (session: ort.InferenceSession) => {
    const c = detectContract(metadataOf(session.inputMetadata, session.inputNames), metadataOf(session.outputMetadata, session.outputNames), path);
    const style = calibrationStyle();
    return async (ids: readonly number[]): Promise<void> => {
      await session.run(feedsFor(ort, c, ids, style, 1));
    };
  };
}

/** Loads a model file; with a cache folder, through the optimized-model cache there (see optimized-model.ts). */
export async function loadModel(path: string, settings: SessionSettings, runtime: RuntimeDir = null, cache: ModelCacheSettings = NO_MODEL_CACHE): Promise<LoadedModel> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new KokoroError('model-missing', `cannot read model file ${path}`, 'check the path given with -m/--model or KOKORO_MODEL', ExitCode.Model);
  }
  const ort = ortRuntime(runtime);
  const t0 = performance.now();
  let session: ort.InferenceSession;
  let optimizedCache: CacheOutcome;
  let rewrites: RewriteRecord | null;
  try {
    ({ session, cache: optimizedCache, rewrites } = await createCachedSession(ort, path, toOrtOptions(settings), runtime, { ...cache, probe: probeOf(ort, path) }));
  } catch (e) {
    throw new KokoroError(
      'model-unreadable',
      `${path} is not a loadable ONNX model: ${messageOf(e)}`,
      'the file may be truncated or not an ONNX file; download it again',
      ExitCode.Model,
      { cause: e },
    );
  }
  const createMs = performance.now() - t0;
  const contract = detectContract(
    metadataOf(session.inputMetadata, session.inputNames),
    metadataOf(session.outputMetadata, session.outputNames),
    path,
  );
  return { ort, path, session, contract, createMs, optimizedCache, rewrites };
}

/** Builds the three input tensors the contract asks for, with the session's onnxruntime. `ids` include the pads. */
export function feedsFor(ort: OrtModule, c: ModelContract, ids: readonly number[], style: Float32Array, speed: number): Record<string, ort.Tensor> {
  const idsTensor =
    c.idsType === 'int64'
      ? new ort.Tensor('int64', BigInt64Array.from(ids, (x) => BigInt(x)), [1, ids.length])
      : new ort.Tensor('int32', Int32Array.from(ids), [1, ids.length]);
  let speedTensor: ort.Tensor;
  if (c.speedType === 'float32') speedTensor = new ort.Tensor('float32', Float32Array.of(speed), [1]);
  else if (c.speedType === 'int32') speedTensor = new ort.Tensor('int32', Int32Array.of(Math.round(speed)), [1]);
  else speedTensor = new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.round(speed))), [1]);
  return {
    [c.idsInput]: idsTensor,
    [c.styleInput]: new ort.Tensor('float32', style, [1, style.length]),
    [c.speedInput]: speedTensor,
  };
}
