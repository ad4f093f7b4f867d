/**
 * The cost-faithful stand-in: a graph that costs what Kokoro-82M costs on a CPU, for benchmarks and
 * the CI gate (generated on demand, never committed). Same I/O and duration rule as the small
 * stand-in; then, like Kokoro's iSTFTNet decoder, most of the work is 1-D convolutions over audio
 * frames (40 per second of audio) and their upsampled rates:
 *   tokens: embedding + MLP layers + one self-attention (768 wide)        ~ BERT/text encoder
 *   frames (40/s): 1024-channel k=3 residual convolutions                   ~ decoder blocks
 *   x2 (80/s) -> x10 (800/s, 256 ch) -> x6 (4800/s, 128 ch), each with
 *   multi-kernel dilated residual convolutions (k 3/7/11, d 1/3/5)          ~ HiFi-GAN/iSTFTNet generator
 *   5 samples per step -> 24 kHz (iSTFT hop 5)
 * Weights are seeded pseudo-random numbers scaled by 1/sqrt(fan-in), so activations stay bounded
 * and the output is deterministic. About 80 M parameters (about 320 MB fp32).
 */
import { GraphBuilder } from './graph';
import { durationsAndAlignment } from './durations';

export interface FaithfulConfig {
  readonly tokenDim: number;
  readonly tokenLayers: number;
  readonly frameChannels: number;
  readonly frameBlocks: number;
  readonly gen1Channels: number;
  readonly gen2Channels: number;
  readonly kernels: readonly number[];
  readonly dilations: readonly number[];
  readonly seed: number;
}

export const FAITHFUL_DEFAULT: FaithfulConfig = {
  tokenDim: 768,
  tokenLayers: 7,
  frameChannels: 1024,
  frameBlocks: 5,
  gen1Channels: 256,
  gen2Channels: 128,
  kernels: [3, 7, 11],
  dilations: [1, 3, 5],
  seed: 82,
};

/** xorshift32: fast, seeded, good enough for weights. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

class Weights {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  /** Uniform in [-a, a] with a = gain * sqrt(3 / fanIn). */
  make(count: number, fanIn: number, gain = 1): Float32Array {
    const a = gain * Math.sqrt(3 / fanIn);
    const w = new Float32Array(count);
    for (let i = 0; i < count; i++) w[i] = (2 * this.next() - 1) * a;
    return w;
  }
}

function conv(g: GraphBuilder, w: Weights, x: string, cin: number, cout: number, k: number, dilation = 1, gain = 1): string {
  const weight = g.weights(w.make(cout * cin * k, cin * k, gain), [cout, cin, k]);
  const pad = (dilation * (k - 1)) / 2;
  return g.op('Conv', [x, weight], { kernel_shape: [k], pads: [pad, pad], dilations: [dilation], strides: [1] });
}

function upsample(g: GraphBuilder, w: Weights, x: string, cin: number, cout: number, stride: number): string {
  const k = 2 * stride;
  const weight = g.weights(w.make(cin * cout * k, cin * 2), [cin, cout, k]);
  const pad = stride / 2;
  return g.op('ConvTranspose', [x, weight], { kernel_shape: [k], strides: [stride], pads: [Math.floor(pad), Math.ceil(pad)] });
}

const leaky = (g: GraphBuilder, x: string): string => g.op('LeakyRelu', [x], { alpha: { float: 0.1 } });

/** HiFi-GAN style multi-receptive-field block: mean over kernels of residual (dilated conv, conv) pairs. */
function mrf(g: GraphBuilder, w: Weights, x: string, ch: number, cfg: FaithfulConfig): string {
  const branches = cfg.kernels.map((k) => {
    let h = x;
    for (const d of cfg.dilations) {
      const inner = conv(g, w, leaky(g, conv(g, w, leaky(g, h), ch, ch, k, d)), ch, ch, k, 1, 0.5);
      h = g.op('Add', [h, inner]);
    }
    return h;
  });
  const sum = branches.slice(1).reduce((acc, b) => g.op('Add', [acc, b]), branches[0]!);
  return g.op('Mul', [sum, g.scalar(1 / branches.length)]);
}

export function buildFaithfulStandin(cfg: FaithfulConfig = FAITHFUL_DEFAULT): { bytes: Uint8Array; parameters: number } {
  const g = new GraphBuilder();
  const w = new Weights(cfg.seed);
  const D = cfg.tokenDim;
  const { ids, tokIdx } = durationsAndAlignment(g, 'input_ids', 'speed', true);

  // Token stage.
  let x = g.op('Gather', [g.weights(w.make(178 * D, 1), [178, D]), ids], { axis: 0 }); // [N, D]
  x = g.op('Add', [x, g.op('MatMul', ['style', g.weights(w.make(256 * D, 256), [256, D])])]);
  const scores = g.op('Softmax', [g.op('Mul', [g.op('MatMul', [x, g.op('Transpose', [x], { perm: [1, 0] })]), g.scalar(1 / Math.sqrt(D))])], { axis: 1 });
  x = g.op('Add', [x, g.op('MatMul', [scores, x])]);
  for (let l = 0; l < cfg.tokenLayers; l++) {
    const h = g.op('Relu', [g.op('MatMul', [x, g.weights(w.make(D * 4 * D, D), [D, 4 * D])])]);
    x = g.op('Add', [x, g.op('MatMul', [h, g.weights(w.make(4 * D * D, 4 * D, 0.5), [4 * D, D])])]);
  }
  x = g.op('Tanh', [x]);

  // Frame stage: expand tokens to frames, [1, D, T].
  let f = g.op('Unsqueeze', [g.op('Transpose', [g.op('Gather', [x, tokIdx], { axis: 0 })], { perm: [1, 0] }), g.const([0], [1], 'int64')]);
  const C = cfg.frameChannels;
  f = conv(g, w, f, D, C, 3);
  for (let b = 0; b < cfg.frameBlocks; b++) {
    const h = conv(g, w, leaky(g, conv(g, w, leaky(g, f), C, C, 3)), C, C, 3, 1, 0.5);
    f = g.op('Add', [f, h]);
  }
  f = g.op('Tanh', [f]);

  // Generator: x2 -> x10 -> x6 with multi-receptive-field blocks, then 5 samples per step.
  f = leaky(g, upsample(g, w, f, C, 512, 2));
  f = upsample(g, w, f, 512, cfg.gen1Channels, 10);
  f = mrf(g, w, f, cfg.gen1Channels, cfg);
  f = upsample(g, w, leaky(g, f), cfg.gen1Channels, cfg.gen2Channels, 6);
  f = mrf(g, w, f, cfg.gen2Channels, cfg);
  f = conv(g, w, leaky(g, f), cfg.gen2Channels, 5, 7); // [1, 5, 120T]
  const samples = g.op('Reshape', [g.op('Transpose', [f], { perm: [0, 2, 1] }), g.const([1, -1], [2], 'int64')]);
  g.op('Mul', [g.op('Tanh', [samples]), g.scalar(0.5)], {}, ['waveform']);

  const bytes = g.encode(
    [
      { name: 'input_ids', type: 'int64', shape: [1, 'sequence_length'] },
      { name: 'style', type: 'float32', shape: [1, 256] },
      { name: 'speed', type: 'float32', shape: [1] },
    ],
    [{ name: 'waveform', type: 'float32', shape: [1, 'num_samples'] }],
  );
  return { bytes, parameters: g.parameterCount() };
}
