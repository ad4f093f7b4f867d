/**
 * Rewrites every 1-D float convolution (Conv on [N, C, T] with a constant [O, C/g, k] weight) as
 * the same convolution in 2-D on [N, C, 1, T] with a [O, C/g, 1, k] weight, between an Unsqueeze and
 * a Squeeze of axis 2. The arithmetic is the same; what changes is the kernel onnxruntime picks:
 * its CPU provider runs 2-D convolutions in the blocked NCHWc layout (the graph optimizer's NCHWc
 * transformer, level "all"), which it does not do for 1-D ones. Kokoro's decoder is almost all 1-D
 * convolutions (60% of the fp32-compute file's time); the rewrite makes that file's model calls ~9%
 * faster at 2 threads (benchmarks/README.md, "1-D convolutions as 2-D"). The optimized-model cache
 * applies it before onnxruntime optimizes a model (optimized-model.ts); the int8 file's ConvInteger
 * ops are not Conv and stay as they are.
 */
import { onnx } from 'onnx-proto';

type Node = onnx.INodeProto;
type Attr = onnx.IAttributeProto;

const INTS = onnx.AttributeProto.AttributeType.INTS;
const INT64 = 7;

function ints(a: Attr | undefined): number[] | undefined {
  return a?.ints ? a.ints.map(Number) : undefined;
}

function autoPad(a: Attr | undefined): string {
  return a?.s ? new TextDecoder().decode(a.s) : 'NOTSET';
}

/** Conv's attributes for the 2-D form of a 1-D convolution with kernel length k. */
function attributes2d(attrs: readonly Attr[], k: number): Attr[] {
  const byName = new Map(attrs.map((a) => [a.name!, a]));
  const pads = ints(byName.get('pads')) ?? [0, 0];
  const out: Attr[] = attrs.filter((a) => !['kernel_shape', 'strides', 'dilations', 'pads'].includes(a.name!));
  out.push({ name: 'kernel_shape', type: INTS, ints: [1, k] });
  out.push({ name: 'strides', type: INTS, ints: [1, ints(byName.get('strides'))?.[0] ?? 1] });
  out.push({ name: 'dilations', type: INTS, ints: [1, ints(byName.get('dilations'))?.[0] ?? 1] });
  out.push({ name: 'pads', type: INTS, ints: [0, pads[0]!, 0, pads[1]!] });
  return out;
}

export interface Conv2dResult {
  /** Conv ops rewritten. */
  readonly rewritten: number;
  /** Conv ops left as they were (weight not a constant of rank 3, shared weight, or an auto_pad other than NOTSET). */
  readonly skipped: number;
}

export function convsTo2d(model: onnx.ModelProto): Conv2dResult {
  const g = model.graph!;
  const inits = new Map((g.initializer ?? []).map((t) => [t.name!, t]));
  const uses = new Map<string, number>();
  for (const n of g.node ?? []) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const axis = '__conv2d_axis2';
  const out: Node[] = [];
  let rewritten = 0;
  let skipped = 0;
  for (const n of g.node ?? []) {
    if (n.opType !== 'Conv' || (n.domain ?? '') !== '') {
      out.push(n);
      continue;
    }
    const [x, wName] = n.input ?? [];
    const w = inits.get(wName!);
    const attrs = n.attribute ?? [];
    const dims = (w?.dims ?? []).map(Number);
    if (!w || dims.length !== 3 || uses.get(wName!) !== 1 || autoPad(attrs.find((a) => a.name === 'auto_pad')) !== 'NOTSET') {
      skipped++;
      out.push(n);
      continue;
    }
    w.dims = [dims[0]!, dims[1]!, 1, dims[2]!];
    const base = n.name || n.output![0]!;
    const x4 = `${base}_in_2d`;
    const y4 = `${base}_out_2d`;
    out.push({ opType: 'Unsqueeze', name: `${base}_unsqueeze`, input: [x!, axis], output: [x4] });
    out.push({ ...n, input: [x4, ...n.input!.slice(1)], output: [y4], attribute: attributes2d(attrs, dims[2]!) });
    out.push({ opType: 'Squeeze', name: `${base}_squeeze`, input: [y4, axis], output: n.output });
    rewritten++;
  }
  if (rewritten > 0) {
    g.initializer = [...(g.initializer ?? []), { name: axis, dims: [1], dataType: INT64, rawData: new Uint8Array(new BigInt64Array([2n]).buffer) }];
    const opset = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '');
    // Unsqueeze/Squeeze take their axes as an input from opset 13 on.
    if (!opset || Number(opset.version) < 13) throw new Error(`the model's opset (${opset?.version ?? 'none'}) is older than 13; not supported`);
  }
  g.node = out;
  model.producerName = `${model.producerName ?? ''} + kokoro-ts conv2d`.replace(/^ \+ /, '');
  return { rewritten, skipped };
}
