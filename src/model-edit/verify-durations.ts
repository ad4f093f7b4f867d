/**
 * Checks a durations output by running the model: for each case, sum(durations) frames of 600
 * samples must be exactly the audio's length, the output must hold one value per input id (pads
 * included), and, when the unedited model is given, the audio must be bit-identical to its audio
 * (adding an output must not change what the model computes).
 */
import type * as ort from 'onnxruntime-node';
import { ortRuntime, type RuntimeDir } from '../engine/ort-runtime';
import { detectContract, feedsFor, type ModelContract } from '../engine/session';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { DURATION_OUTPUT_NAMES } from '../engine/session';
import { SAMPLES_PER_FRAME } from '../spec';

/** A model file path, or its bytes. */
export type ModelSource = string | Uint8Array;

export interface VerifyCase {
  /** Token ids including the two pads. */
  readonly ids: readonly number[];
  readonly style: Float32Array;
  readonly speed: number;
}

export { SAMPLES_PER_FRAME } from '../spec';

/** A short phrase's ids with a neutral (zero) style, at two speeds so the speed division shows. */
export const DEFAULT_CASES: readonly VerifyCase[] = [1, 1.5].map((speed) => ({
  ids: [0, 50, 83, 54, 156, 57, 135, 0],
  style: new Float32Array(256),
  speed,
}));

export interface CaseReport {
  readonly tokens: number;
  readonly speed: number;
  readonly durations: readonly number[];
  readonly frames: number;
  readonly samples: number;
  /** frames * 600 === samples */
  readonly lengthMatches: boolean;
  /** null when no original model was given to compare with. */
  readonly bitIdentical: boolean | null;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly outputName: string;
  readonly shape: '[N]' | '[1,N]';
  readonly cases: readonly CaseReport[];
  /** What failed, one line each; empty when ok. */
  readonly problems: readonly string[];
}

interface Loaded {
  readonly ort: typeof ort;
  readonly session: ort.InferenceSession;
  readonly contract: ModelContract;
}

async function load(src: ModelSource, label: string, runtime: RuntimeDir): Promise<Loaded> {
  // One thread: both models must run the same kernels in the same order to compare bits.
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 };
  const ort = ortRuntime(runtime);
  let session: ort.InferenceSession;
  try {
    // Two calls, not one: create() has separate overloads for a path and for bytes.
    session = typeof src === 'string' ? await ort.InferenceSession.create(src, options) : await ort.InferenceSession.create(src, options);
  } catch (e) {
    throw new KokoroError('model-unreadable', `${label} is not a loadable ONNX model: ${messageOf(e)}`, undefined, ExitCode.Model, { cause: e });
  }
  const io = (names: readonly string[]): { name: string; type: null }[] => names.map((name) => ({ name, type: null }));
  try {
    return { ort, session, contract: detectContract(io(session.inputNames), io(session.outputNames), label) };
  } catch (e) {
    await session.release();
    throw e;
  }
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function audioOf(out: ort.InferenceSession.ReturnType, c: ModelContract): Float32Array {
  const t = out[c.audioOutput];
  if (!t || !(t.data instanceof Float32Array)) throw new KokoroError('model-contract', `output ${c.audioOutput} is not float32 audio`, undefined, ExitCode.Model);
  return t.data;
}

/** '[N]' or '[1,N]' for N input ids; null for anything else. */
function shapeOf(dims: readonly number[], n: number): '[N]' | '[1,N]' | null {
  if (dims.length === 1 && dims[0] === n) return '[N]';
  if (dims.length === 2 && dims[0] === 1 && dims[1] === n) return '[1,N]';
  return null;
}

async function runCase(edited: Loaded, original: Loaded | null, name: string, k: VerifyCase, problems: string[]): Promise<{ report: CaseReport; shape: '[N]' | '[1,N]' | null }> {
  const out = await edited.session.run(feedsFor(edited.ort, edited.contract, k.ids, k.style, k.speed));
  const d = out[name];
  if (!d || (d.type !== 'int64' && d.type !== 'int32')) throw new KokoroError('model-contract', `output ${name} is not an integer tensor`, undefined, ExitCode.Model);
  const durations = Array.from(d.data as BigInt64Array | Int32Array, Number);
  const samples = audioOf(out, edited.contract);
  const frames = durations.reduce((a, b) => a + b, 0);
  let bitIdentical: boolean | null = null;
  if (original) bitIdentical = sameBits(samples, audioOf(await original.session.run(feedsFor(original.ort, original.contract, k.ids, k.style, k.speed)), original.contract));
  const shape = shapeOf(d.dims, k.ids.length);
  const at = `${k.ids.length} ids at speed ${k.speed}`;
  if (!shape) problems.push(`${at}: ${name} has shape [${d.dims.join(',')}], not one value per id`);
  if (frames * SAMPLES_PER_FRAME !== samples.length) problems.push(`${at}: ${frames} frames x ${SAMPLES_PER_FRAME} = ${frames * SAMPLES_PER_FRAME} samples, the audio has ${samples.length}`);
  if (bitIdentical === false) problems.push(`${at}: the audio differs from the original model's`);
  return { report: { tokens: k.ids.length, speed: k.speed, durations, frames, samples: samples.length, lengthMatches: frames * SAMPLES_PER_FRAME === samples.length, bitIdentical }, shape };
}

/**
 * Runs `edited` (and `original`, if given) on each case and reports; throws only when a model
 * cannot be loaded or run, or has no durations output. A failed check is `ok: false` with problems.
 */
export async function verifyDurations(
  edited: ModelSource,
  opts: { original?: ModelSource; cases?: readonly VerifyCase[]; label?: string; runtime?: RuntimeDir } = {},
): Promise<VerifyReport> {
  const label = opts.label ?? (typeof edited === 'string' ? edited : 'edited model');
  const cases = opts.cases ?? DEFAULT_CASES;
  const e = await load(edited, label, opts.runtime ?? null);
  const o = opts.original === undefined ? null : await load(opts.original, 'original model', opts.runtime ?? null).catch(async (err: unknown) => {
    await e.session.release();
    throw err;
  });
  try {
    const name = e.session.outputNames.find((n) => DURATION_OUTPUT_NAMES.includes(n));
    if (!name) throw new KokoroError('model-contract', `${label} has no durations output (outputs: ${e.session.outputNames.join(', ')})`, undefined, ExitCode.Model);
    const problems: string[] = cases.length ? [] : ['no cases to run'];
    const reports: CaseReport[] = [];
    const shapes = new Set<string>();
    for (const k of cases) {
      const r = await runCase(e, o, name, k, problems);
      reports.push(r.report);
      if (r.shape) shapes.add(r.shape);
    }
    if (shapes.size > 1) problems.push(`${name} changes rank between inputs`);
    const shape = shapes.has('[1,N]') ? '[1,N]' : '[N]';
    return { ok: problems.length === 0, outputName: name, shape, cases: reports, problems };
  } finally {
    await e.session.release();
    await o?.session.release();
  }
}
