/**
 * Runs long 1-D integer convolutions (ConvInteger on [1, C, T]) tile by tile along time. onnxruntime's
 * ConvInteger unrolls its whole input (im2col: C·k bytes per output frame) before one integer GEMM;
 * once that buffer outgrows the CPU caches, each frame costs more: in isolation, a 128-channel,
 * kernel-11 ConvInteger takes 1.24 µs per frame up to ~5,000 frames and 1.87 µs from ~30,000
 * (Kokoro's last decoder stage runs at 4,800 frames per second of audio). The rewrite pads the input
 * with its zero point as the convolution would, cuts it into tiles of `tile` output frames plus the
 * kernel's span (overlapping), runs the same ConvInteger on them as a batch without padding, and puts
 * the outputs back in order. Each output value is computed from the same integers as before: the
 * result is bit-identical. The tile count and length follow T at run time (shape ops): tiles of near-equal
 * length, short inputs one tile. Whole int8 file, bare session.run, 1 thread: 0.81x on the `long` case,
 * 0.89x on `medium` (benchmarks/README.md, "Integer convolutions in tiles"). Batch of one only (Kokoro's).
 *
 * Which convolutions: those with at most NARROW channels in and out and a kernel of 3 or more. In
 * Kokoro's iSTFTNet generator the channel count halves as the frame rate rises; its 128-channel
 * convolutions are the ones at 4,800 frames per second of audio, and tiling them alone gives the whole
 * gain (1 thread: long 2534 vs 2503 ms with all 84 tiled). The wider ones run at 800 frames per second
 * or less, where a tile is most of the input anyway, and each tiled convolution adds ~1 ms to session
 * load (its ~30 shape and copy nodes): the int8 copy loads in 148 ms with 24 tiled, 208 ms with 84.
 */
import { onnx } from 'onnx-proto';

type Node = onnx.INodeProto;
type Attr = onnx.IAttributeProto;
type Tensor = onnx.ITensorProto;

const INT64 = 7;
const axis = (i: number): Attr => ({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i });
const perm102: Attr = { name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 0, 2] };

function ints(attrs: readonly Attr[], name: string): number[] | undefined {
  const a = attrs.find((x) => x.name === name);
  return a?.ints ? a.ints.map(Number) : undefined;
}

function int64s(name: string, values: readonly number[]): Tensor {
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) };
}

export interface TileConvsResult {
  readonly tiled: number;
  /** ConvInteger ops left as they were (not 1-D, strided, grouped, auto_pad, or no constant weight). */
  readonly skipped: number;
}

/** Output frames per tile: 512-2048 all measure the same on Kokoro's int8 file; 1024 wastes little on short inputs. */
export const TILE_FRAMES = 1024;
/** Convolutions with at most this many channels in and out are tiled (see above). */
export const NARROW = 128;
const TILED_SUFFIX = '_tiled/conv';

export function tileConvIntegers(model: onnx.ModelProto, tile: number = TILE_FRAMES): TileConvsResult {
  const g = model.graph!;
  const inits = new Map((g.initializer ?? []).map((t) => [t.name!, t]));
  const out: Node[] = [];
  const added: Tensor[] = [];
  const constant = (name: string, values: readonly number[]): string => {
    if (!inits.has(name) && !added.some((t) => t.name === name)) added.push(int64s(name, values));
    return name;
  };
  let tiled = 0;
  let skipped = 0;
  for (const n of g.node ?? []) {
    if (n.opType !== 'ConvInteger' || (n.domain ?? '') !== '') {
      out.push(n);
      continue;
    }
    const attrs = n.attribute ?? [];
    const w = inits.get(n.input![1]!);
    const dims = (w?.dims ?? []).map(Number);
    const k = dims[2] ?? 1;
    const d = ints(attrs, 'dilations')?.[0] ?? 1;
    const s = ints(attrs, 'strides')?.[0] ?? 1;
    const group = Number(attrs.find((a) => a.name === 'group')?.i ?? 1);
    const autoPad = attrs.find((a) => a.name === 'auto_pad')?.s;
    const [pl, pr] = ints(attrs, 'pads') ?? [0, 0];
    const span = d * (k - 1);
    const narrow = dims[0]! <= NARROW && dims[1]! <= NARROW && k >= 3;
    if (!narrow || (n.name ?? '').endsWith(TILED_SUFFIX)) {
      out.push(n);
      continue;
    }
    if (!w || dims.length !== 3 || s !== 1 || group !== 1 || (autoPad && new TextDecoder().decode(autoPad) !== 'NOTSET')) {
      skipped++;
      out.push(n);
      continue;
    }
    const [x, , xzp] = n.input!;
    const c = dims[1]!;
    const o = dims[0]!;
    const base = `${n.name || n.output![0]}_tiled`;
    const v = (suffix: string): string => `${base}/${suffix}`;
    const node = (opType: string, suffix: string, input: string[], attribute: Attr[] = []): string => {
      out.push({ opType, name: v(suffix), input, output: [v(suffix)], attribute });
      return v(suffix);
    };
    // T_out = T + pl + pr - span. n = ceil(T_out / tile) tiles of L = max(ceil(T_out / n), span)
    // output frames each (balanced: at most n - 1 frames of padding computed); the padded input is
    // (n + 1) · L long.
    const shape = node('Shape', 'shape', [x!]);
    const t = node('Slice', 't', [shape, constant('__tile_2', [2]), constant('__tile_3', [3])]);
    const tOut = node('Add', 't_out', [t, constant(`__tile_${pl! + pr! - span}`, [pl! + pr! - span])]);
    const ceilDiv = (suffix: string, a: string, b: string): string =>
      node('Div', suffix, [node('Sub', `${suffix}_up`, [node('Add', `${suffix}_sum`, [a, b]), constant('__tile_1', [1])]), b]);
    const count = ceilDiv('count', tOut, constant(`__tile_${tile}`, [tile]));
    const len = node('Max', 'len', [ceilDiv('balanced', tOut, count), constant(`__tile_${span}`, [span])]);
    const length = node('Mul', 'length', [node('Add', 'count_1', [count, constant('__tile_1', [1])]), len]);
    const right = node('Sub', 'right', [length, node('Add', 't_left', [t, constant(`__tile_${pl!}`, [pl!])])]);
    const pads = node('Concat', 'pads', [constant('__tile_0_0', [0, 0]), constant(`__tile_${pl!}`, [pl!]), constant('__tile_0_0', [0, 0]), right], [axis(0)]);
    // Squeeze fails at run time on a batch of more than one, which the reshapes below would mix up.
    const padded = node('Squeeze', 'frames', [node('Pad', 'padded', xzp ? [x!, pads, xzp] : [x!, pads]), constant('__tile_0', [0])]);
    // Tile i reads padded frames [i·L, i·L + L + span): its own frames and the next tile's head.
    const rows = node('Concat', 'rows', [constant(`__tile_${c}`, [c]), constant('__tile_-1', [-1]), len], [axis(0)]);
    const own = node('Reshape', 'own', [node('Slice', 'own_frames', [padded, constant('__tile_0', [0]), node('Mul', 'own_end', [count, len]), constant('__tile_1', [1])]), rows]);
    const next = node('Reshape', 'next', [node('Slice', 'next_frames', [padded, len, length, constant('__tile_1', [1])]), rows]);
    const head = node('Slice', 'head', [next, constant('__tile_0', [0]), constant(`__tile_${span}`, [span]), constant('__tile_2', [2])]);
    const tiles = node('Transpose', 'tiles', [node('Concat', 'windows', [own, head], [axis(2)])], [perm102]);
    const convAttrs = attrs.filter((a) => a.name !== 'pads' && a.name !== 'auto_pad');
    const y = node('ConvInteger', 'conv', [tiles, ...n.input!.slice(1)], convAttrs);
    const joined = node('Reshape', 'joined', [node('Transpose', 'by_channel', [y], [perm102]), constant(`__tile_out_${o}`, [1, o, -1])]);
    out.push({ opType: 'Slice', name: v('out'), input: [joined, constant('__tile_0', [0]), tOut, constant('__tile_2', [2])], output: n.output });
    tiled++;
  }
  g.node = out;
  g.initializer = [...(g.initializer ?? []), ...added];
  return { tiled, skipped };
}
