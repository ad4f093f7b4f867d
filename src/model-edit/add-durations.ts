/**
 * addDurations(in, out): writes a copy of a Kokoro ONNX model that also returns the per-token
 * durations (int64 frames of 600 samples, one per input id including the pads) as `durations`.
 * The tensor is found by graph structure (find-durations.ts); the edited model is run against the
 * original before anything is written (verify-durations.ts), and the file is written atomically,
 * so `out` is either untouched or a whole, verified model.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { onnx } from 'onnx-proto';
import type { RuntimeDir } from '../engine/ort-runtime';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { atomicWriteFile, isDirectory } from '../util/fs';
import { existingDurationsOutput, findDurationTensor, withDurationsOutput } from './find-durations';
import { verifyDurations, type VerifyCase, type VerifyReport } from './verify-durations';

export interface AddDurationsOptions {
  /** Inputs to verify on; DEFAULT_CASES (a short phrase, zero style, speeds 1 and 1.5) if absent. */
  readonly cases?: readonly VerifyCase[];
  /** The onnxruntime the check runs on (a process holds one: the caller's); absent = the bundled one. */
  readonly runtime?: RuntimeDir;
}

export interface AddDurationsResult {
  /** 'already': the input had a durations output; `out` got its bytes unchanged. */
  readonly status: 'added' | 'already';
  readonly outputName: string;
  /** The graph tensor now returned as `durations`; null when the file already had the output. */
  readonly tensor: string | null;
  /** Op types that produce it, e.g. Sigmoid ReduceSum Div Round Clip Cast; empty when 'already'. */
  readonly chain: readonly string[];
  readonly shape: '[N]' | '[1,N]';
  readonly verified: VerifyReport;
}

/** Fails before any work when `out` cannot be written: no folder to put it in, or a folder in its place. */
async function checkOutputPath(out: string): Promise<void> {
  if (!(await isDirectory(dirname(resolve(out))))) {
    throw new KokoroError('output-dir', `cannot write ${out}: folder ${dirname(resolve(out))} does not exist`, 'create the folder first', ExitCode.Io);
  }
  if (await isDirectory(out)) {
    throw new KokoroError('output-write', `cannot write ${out}: it is a folder`, 'give a file path for the edited model', ExitCode.Io);
  }
}

async function readModel(path: string): Promise<{ bytes: Uint8Array; model: onnx.ModelProto }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new KokoroError('model-missing', `cannot read model file ${path}: ${messageOf(e)}`, 'check the path', ExitCode.Model, { cause: e });
  }
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph) throw new Error('no graph');
    return { bytes, model };
  } catch (e) {
    throw new KokoroError('model-unreadable', `${path} is not an ONNX model: ${messageOf(e)}`, 'the file may be truncated; download it again', ExitCode.Model, { cause: e });
  }
}

/** The input already returns durations: check them, and copy the bytes as they are. */
async function already(inPath: string, outPath: string, bytes: Uint8Array, name: string, opts: AddDurationsOptions): Promise<AddDurationsResult> {
  // No original to compare with: the audio is whatever this file makes. A failed length check is
  // reported in `verified`, not thrown: we change nothing, so there is nothing to refuse.
  const verified = await verifyDurations(bytes, { cases: opts.cases, label: inPath, runtime: opts.runtime });
  if (resolve(outPath) !== resolve(inPath)) await atomicWriteFile(outPath, bytes);
  return { status: 'already', outputName: name, tensor: null, chain: [], shape: verified.shape, verified };
}

export async function addDurations(inPath: string, outPath: string, opts: AddDurationsOptions = {}): Promise<AddDurationsResult> {
  await checkOutputPath(outPath);
  const { bytes, model } = await readModel(inPath);
  const existing = existingDurationsOutput(model.graph!);
  if (existing) return already(inPath, outPath, bytes, existing, opts);

  const found = findDurationTensor(model.graph!, inPath);
  const edited = onnx.ModelProto.encode(withDurationsOutput(model, found.tensor, inPath)).finish();
  const verified = await verifyDurations(edited, { original: bytes, cases: opts.cases, label: `${inPath} + durations`, runtime: opts.runtime });
  if (!verified.ok) {
    throw new KokoroError(
      'model-contract',
      `${inPath}: tensor ${found.tensor} is not the durations the audio is made of: ${verified.problems[0] ?? 'verification failed'}`,
      'nothing was written; this export may not be a Kokoro-82M graph',
      ExitCode.Model,
    );
  }
  await atomicWriteFile(outPath, edited);
  return { status: 'added', outputName: verified.outputName, tensor: found.tensor, chain: found.chain, shape: verified.shape, verified };
}
