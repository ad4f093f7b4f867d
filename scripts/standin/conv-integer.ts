/**
 * A model of one ConvInteger on x: uint8 [N, C, T] with its zero point as a second input, seeded
 * uint8 weights of [O, C/group, k] and a weight zero point: for the tests and the benchmark of the
 * tile rewrite (src/engine/tile-convs.ts).
 */
import { onnx } from 'onnx-proto';

export interface ConvSpec {
  readonly c: number;
  readonly o: number;
  readonly k: number;
  readonly dilation: number;
  readonly pads: readonly [number, number];
  /** Whether the op gets the input's and the weight's zero points. */
  readonly zeroPoints: boolean;
  readonly stride?: number;
  readonly group?: number;
}

export function convIntegerModel(s: ConvSpec): onnx.ModelProto {
  let seed = 7 + s.k * 31 + s.dilation;
  const group = s.group ?? 1;
  const w = new Uint8Array(s.o * (s.c / group) * s.k).map(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 8) & 255);
  const INTS = onnx.AttributeProto.AttributeType.INTS;
  const attribute: onnx.IAttributeProto[] = [
    { name: 'kernel_shape', type: INTS, ints: [s.k] },
    { name: 'dilations', type: INTS, ints: [s.dilation] },
    { name: 'pads', type: INTS, ints: [...s.pads] },
    { name: 'strides', type: INTS, ints: [s.stride ?? 1] },
    { name: 'group', type: onnx.AttributeProto.AttributeType.INT, i: group },
  ];
  return onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'conv',
      input: [
        { name: 'x', type: { tensorType: { elemType: 2, shape: { dim: [{ dimParam: 'N' }, { dimValue: s.c }, { dimParam: 'T' }] } } } },
        { name: 'xzp', type: { tensorType: { elemType: 2, shape: { dim: [] } } } },
      ],
      output: [{ name: 'y', type: { tensorType: { elemType: 6 } } }],
      initializer: [
        { name: 'w', dims: [s.o, s.c / group, s.k], dataType: 2, rawData: w },
        { name: 'wzp', dims: [], dataType: 2, rawData: new Uint8Array([119]) },
      ],
      node: [{ opType: 'ConvInteger', name: 'conv', input: s.zeroPoints ? ['x', 'w', 'xzp', 'wzp'] : ['x', 'w'], output: ['y'], attribute }],
    },
  });
}

/** A deterministic uint8 input of N x C x T. */
export function convInput(n: number, c: number, t: number): Uint8Array {
  return new Uint8Array(n * c * t).map((_, i) => (i * 37 + (i >> 3) * 11) & 255);
}
