/**
 * Running a model for the durations tests (stand-in and real tier): audio and durations straight
 * from ONNX Runtime, independent of the code under test (src/model-edit/verify-durations.ts).
 */
import * as ort from 'onnxruntime-node';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectContract, feedsFor } from '../src/engine/session';
import { VOICES } from './helpers';

export interface Run {
  readonly audio: Float32Array;
  /** null when the model has no durations output. */
  readonly durations: number[] | null;
  readonly durationsDims: readonly number[] | null;
}

/** A session that runs the same kernels every time, so outputs of two files compare bit for bit. */
export async function open(path: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
}

export async function run(s: ort.InferenceSession, ids: readonly number[], style: Float32Array, speed: number): Promise<Run> {
  const io = (names: readonly string[]): { name: string; type: null }[] => names.map((name) => ({ name, type: null }));
  const c = detectContract(io(s.inputNames), io(s.outputNames), 'model');
  const out = await s.run(feedsFor(ort, c, ids, style, speed));
  const d = out['durations'];
  return {
    audio: out[c.audioOutput]!.data as Float32Array,
    durations: d ? Array.from(d.data as BigInt64Array, Number) : null,
    durationsDims: d ? d.dims : null,
  };
}

/** Same length and the same bits (so -0 vs 0 or two NaN payloads would count as different). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The style row the engine uses for `ids` (pads included): row = tokens without pads, capped at 509. */
export function styleFor(voice: string, ids: readonly number[]): Float32Array {
  const b = readFileSync(join(VOICES, `${voice}.bin`));
  const row = Math.min(ids.length - 2, 509);
  return new Float32Array(b.buffer.slice(b.byteOffset + row * 1024, b.byteOffset + row * 1024 + 1024));
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Files in `dir` (temp files included), to check that a failure left nothing behind. */
export const filesIn = (dir: string): string[] => readdirSync(dir).sort();
