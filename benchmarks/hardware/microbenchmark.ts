/**
 * The measured peak: onnxruntime's own kernels on compute-bound shapes of Kokoro's kind (a 512 ->
 * 512 channel convolution of kernel 3, and a matrix product of the same work), in float32 and in
 * 8-bit integers with uint8 weights (as the int8 file stores them) and int8 weights (the VNNI
 * path), on the runtime and thread count of the model's profile. A peak is what the kernel can do, so
 * the rate comes from the fastest of RUNS calls after one warm-up (the median is kept beside it).
 */
import { onnx } from 'onnx-proto';
import type * as Ort from 'onnxruntime-node';
import { summarize } from '../../src/bench/stats';

const FLOAT = 1;
const UINT8 = 2;
const INT8 = 3;

export interface KernelPeak {
  readonly name: string;
  readonly dtype: 'fp32' | 'int8';
  readonly macs: number;
  readonly medianMs: number;
  readonly bestMs: number;
  /** MACs per second. */
  readonly rate: number;
}

interface Case {
  readonly name: string;
  readonly dtype: 'fp32' | 'int8';
  readonly macs: number;
  readonly model: Uint8Array;
  readonly feeds: (ort: typeof Ort) => Record<string, Ort.Tensor>;
}

const C = 512;
const T = 4096;
const K = 3;

function seeded(n: number, seed: number): Uint8Array {
  let s = seed;
  return new Uint8Array(n).map(() => ((s = (s * 1103515245 + 12345) % 2 ** 31) >> 8) & 255);
}

function floats(n: number, seed: number): Float32Array {
  return Float32Array.from(seeded(n, seed), (b) => (b - 128) / 256);
}

function model(node: onnx.INodeProto, inputs: [string, number, number[]][], inits: onnx.ITensorProto[]): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'peak',
        node: [node],
        initializer: inits,
        input: inputs.map(([name, elemType, dims]) => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } })),
        output: [{ name: 'y', type: { tensorType: { elemType: node.opType === 'Conv' || node.opType === 'MatMul' ? FLOAT : 6 } } }],
      },
    }),
  ).finish();
}

const INTS = onnx.AttributeProto.AttributeType.INTS;
const convAttrs: onnx.IAttributeProto[] = [
  { name: 'kernel_shape', type: INTS, ints: [K] },
  { name: 'pads', type: INTS, ints: [1, 1] },
];

function cases(): Case[] {
  const convMacs = C * T * C * K;
  const m = T;
  const kk = C * K;
  const n = C;
  const matMacs = m * kk * n;
  const list: Case[] = [
    {
      name: `Conv ${C}->${C} k${K}, T ${T}`, dtype: 'fp32', macs: convMacs,
      model: model({ opType: 'Conv', input: ['x', 'w'], output: ['y'], attribute: convAttrs }, [['x', FLOAT, [1, C, T]]], [
        { name: 'w', dims: [C, C, K], dataType: FLOAT, rawData: new Uint8Array(floats(C * C * K, 3).buffer) },
      ]),
      feeds: (ort) => ({ x: new ort.Tensor('float32', floats(C * T, 5), [1, C, T]) }),
    },
    {
      name: `MatMul ${m}x${kk}x${n}`, dtype: 'fp32', macs: matMacs,
      model: model({ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }, [['x', FLOAT, [m, kk]]], [
        { name: 'w', dims: [kk, n], dataType: FLOAT, rawData: new Uint8Array(floats(kk * n, 7).buffer) },
      ]),
      feeds: (ort) => ({ x: new ort.Tensor('float32', floats(m * kk, 9), [m, kk]) }),
    },
  ];
  for (const [label, wType] of [['uint8', UINT8], ['int8', INT8]] as const) {
    list.push(
      {
        name: `ConvInteger ${C}->${C} k${K}, T ${T}, ${label} weights`, dtype: 'int8', macs: convMacs,
        model: model({ opType: 'ConvInteger', input: ['x', 'w'], output: ['y'], attribute: convAttrs }, [['x', UINT8, [1, C, T]]], [
          { name: 'w', dims: [C, C, K], dataType: wType, rawData: seeded(C * C * K, 11) },
        ]),
        feeds: (ort) => ({ x: new ort.Tensor('uint8', seeded(C * T, 13), [1, C, T]) }),
      },
      {
        name: `MatMulInteger ${m}x${kk}x${n}, ${label} weights`, dtype: 'int8', macs: matMacs,
        model: model({ opType: 'MatMulInteger', input: ['x', 'w'], output: ['y'] }, [['x', UINT8, [m, kk]]], [
          { name: 'w', dims: [kk, n], dataType: wType, rawData: seeded(kk * n, 17) },
        ]),
        feeds: (ort) => ({ x: new ort.Tensor('uint8', seeded(m * kk, 19), [m, kk]) }),
      },
    );
  }
  return list;
}

export async function measureKernelPeaks(ort: typeof Ort, threads: number, runs: number): Promise<KernelPeak[]> {
  const out: KernelPeak[] = [];
  for (const c of cases()) {
    const session = await ort.InferenceSession.create(c.model, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
    const feeds = c.feeds(ort);
    await session.run(feeds);
    const ms: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await session.run(feeds);
      ms.push(performance.now() - t0);
    }
    await session.release();
    const medianMs = summarize(ms).median;
    const bestMs = Math.min(...ms);
    out.push({ name: c.name, dtype: c.dtype, macs: c.macs, medianMs, bestMs, rate: c.macs / (bestMs / 1000) });
  }
  return out;
}

/**
 * Run as a child (`node microbenchmark.js THREADS RUNS [RUNTIME_DIR]`): a process can load only one
 * onnxruntime, and the parent has loaded the bundled one to phonemize the suite cases.
 */
if (require.main === module) {
  const [threads, runs, runtime] = process.argv.slice(2);
  // Loaded here, not at the top, so that importing the types above loads no runtime.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ortRuntime } = require('../../src/engine/ort-runtime') as typeof import('../../src/engine/ort-runtime');
  measureKernelPeaks(ortRuntime(runtime ?? null), Number(threads), Number(runs))
    .then((peaks) => process.stdout.write(`${JSON.stringify(peaks)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
