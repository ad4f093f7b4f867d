/**
 * The model's work and time per operator class over the measured passes of a profile (pure): MACs
 * from each kernel's shapes (macs.ts), kernel milliseconds, and the operators whose MACs the shapes
 * could not tell (named, so a missing count is visible rather than silently low).
 */
import type { TraceEvent } from '../ort-profile/profile';
import { opWork, type OpClass } from './macs';

/** The arithmetic a kernel runs in: its first input's element type, except the DynamicQuantize* kernels, which quantize a float input themselves. */
export type Arithmetic = 'int8' | 'fp32';

export interface ClassWork {
  readonly opClass: OpClass;
  readonly arithmetic: Arithmetic;
  /** Per pass. */
  readonly macs: number;
  readonly kernelMs: number;
  readonly outputElements: number;
  readonly uncounted: readonly string[];
}

const arithmeticOf = (op: string, list: readonly Record<string, readonly number[]>[] | undefined): Arithmetic => {
  if (op.startsWith('DynamicQuantize') && op !== 'DynamicQuantizeLinear') return 'int8';
  const type = Object.keys(list?.[0] ?? {})[0] ?? 'float';
  return type === 'uint8' || type === 'int8' ? 'int8' : 'fp32';
};

const shapes = (list: readonly Record<string, readonly number[]>[] | undefined): number[][] =>
  (list ?? []).map((entry) => [...(Object.values(entry)[0] ?? [])]);

export function workByClass(kernels: readonly TraceEvent[], passes: number): ClassWork[] {
  const acc = new Map<string, { opClass: OpClass; arithmetic: Arithmetic; macs: number; kernelMs: number; outputElements: number; uncounted: Set<string> }>();
  for (const e of kernels) {
    const op = e.args?.op_name ?? 'unknown';
    const w = opWork(op, shapes(e.args?.input_type_shape), shapes(e.args?.output_type_shape));
    const arithmetic = arithmeticOf(op, e.args?.input_type_shape);
    const key = `${w.opClass} ${arithmetic}`;
    const a = acc.get(key) ?? { opClass: w.opClass, arithmetic, macs: 0, kernelMs: 0, outputElements: 0, uncounted: new Set<string>() };
    a.kernelMs += e.dur / 1000;
    a.outputElements += w.outputElements;
    if (w.macs === null) {
      if (w.opClass !== 'other') a.uncounted.add(op);
    } else a.macs += w.macs;
    acc.set(key, a);
  }
  const order: OpClass[] = ['conv', 'matmul', 'recurrent', 'other'];
  return [...acc.values()]
    .sort((x, y) => order.indexOf(x.opClass) - order.indexOf(y.opClass) || x.arithmetic.localeCompare(y.arithmetic))
    .map((a) => {
      return { opClass: a.opClass, arithmetic: a.arithmetic, macs: a.macs / passes, kernelMs: a.kernelMs / passes, outputElements: a.outputElements / passes, uncounted: [...a.uncounted].sort() };
    });
}
