/**
 * Multiply-accumulates of one profiled operator, from the tensor shapes onnxruntime's profile
 * records for it (pure). The profile lists activations always, and weights when the kernel did not
 * prepack them; the formulas below use only what every such kernel lists:
 * - matrix products ([..., M, K] x [K, N] -> [..., M, N]): the first input's elements times N,
 *   times the batch the first input broadcasts over;
 * - convolutions: the output's elements times the weight's elements per output channel
 *   (C/group x kernel; tiles of a tiled convolution count the overlap they really compute);
 * - transposed convolutions: the input's elements times the weight's elements per input channel;
 * - LSTMs (X [seq, batch, in] -> Y [seq, dirs, batch, H]): 4 gates of (in + H) x H per step and
 *   direction.
 * Everything else is counted by its output elements, as memory-bound work, not MACs.
 */

export type OpClass = 'conv' | 'matmul' | 'recurrent' | 'other';

export interface OpWork {
  readonly opClass: OpClass;
  /** Multiply-accumulates, or null when the shapes the profile gives cannot tell. */
  readonly macs: number | null;
  /** Output elements (every class): the size of the work for memory-bound ops. */
  readonly outputElements: number;
}

const CONV = new Set(['Conv', 'ConvInteger', 'FusedConv', 'NchwcConv', 'QLinearConv']);
const CONV_TRANSPOSE = new Set(['ConvTranspose']);
const MATMUL = new Set(['MatMul', 'FusedMatMul', 'MatMulInteger', 'MatMulIntegerToFloat', 'DynamicQuantizeMatMul', 'QLinearMatMul', 'Gemm', 'FusedGemm', 'MatMulNBits']);
const RECURRENT = new Set(['LSTM', 'DynamicQuantizeLSTM']);

const product = (dims: readonly number[]): number => dims.reduce((a, d) => a * d, 1);

export function opWork(op: string, inputs: readonly (readonly number[])[], outputs: readonly (readonly number[])[]): OpWork {
  const out = outputs[0] ?? [];
  const outputElements = outputs.reduce((n, s) => n + product(s), 0);
  const x = inputs[0];
  if (MATMUL.has(op)) {
    if (!x || x.length < 2 || out.length < 2) return { opClass: 'matmul', macs: null, outputElements };
    const n = out[out.length - 1]!;
    const batchOut = product(out.slice(0, -2));
    const batchX = product(x.slice(0, -2));
    return { opClass: 'matmul', macs: product(x) * n * Math.max(1, batchOut / batchX), outputElements };
  }
  if (CONV.has(op)) {
    const w = inputs[1];
    if (!w || w.length < 3 || out.length < 3 || w[0] === 0) return { opClass: 'conv', macs: null, outputElements };
    return { opClass: 'conv', macs: product(out) * (product(w) / w[0]!), outputElements };
  }
  if (CONV_TRANSPOSE.has(op)) {
    const w = inputs[1];
    if (!x || !w || w.length < 3 || w[0] === 0) return { opClass: 'conv', macs: null, outputElements };
    return { opClass: 'conv', macs: product(x) * (product(w) / w[0]!), outputElements };
  }
  if (RECURRENT.has(op)) {
    if (!x || x.length !== 3 || out.length !== 4) return { opClass: 'recurrent', macs: null, outputElements };
    const [seq, batch, inSize] = x as [number, number, number];
    const dirs = out[1]!;
    const hidden = out[3]!;
    return { opClass: 'recurrent', macs: seq * batch * dirs * 4 * hidden * (inSize + hidden), outputElements };
  }
  return { opClass: 'other', macs: null, outputElements };
}
