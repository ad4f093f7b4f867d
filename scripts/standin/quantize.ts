/**
 * Dynamic int8 quantization of a stand-in's convolutions, in the shape onnxruntime's quantize_dynamic
 * gives the published Kokoro int8 file: DynamicQuantizeLinear on the input, ConvInteger on uint8
 * weights with a zero point, Cast to float, Mul by the product of the two scales, then the float
 * bias. For tests of what the engine does with such files (the tile rewrite); not a quantizer for
 * real use (per-tensor scales, no calibration).
 */
import { onnx } from 'onnx-proto';

const FLOAT = 1;
const UINT8 = 2;

function floats(t: onnx.ITensorProto): Float32Array {
  if (t.floatData && t.floatData.length) return Float32Array.from(t.floatData);
  const raw = t.rawData!;
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

/** Quantizes every 1-D Conv with a constant weight; returns how many. */
export function quantizeConvs(model: onnx.ModelProto): number {
  const g = model.graph!;
  const inits = new Map((g.initializer ?? []).map((t) => [t.name!, t]));
  const nodes: onnx.INodeProto[] = [];
  const added: onnx.ITensorProto[] = [];
  let count = 0;
  for (const n of g.node ?? []) {
    const w = n.opType === 'Conv' ? inits.get(n.input![1]!) : undefined;
    if (!w || (w.dims ?? []).length !== 3 || w.dataType !== FLOAT) {
      nodes.push(n);
      continue;
    }
    const base = n.name || n.output![0]!;
    const values = floats(w);
    let peak = 1e-12;
    for (const v of values) peak = Math.max(peak, Math.abs(v));
    const scale = peak / 127;
    const q = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) q[i] = Math.max(0, Math.min(255, Math.round(values[i]! / scale) + 128));
    added.push(
      { name: `${base}_wq`, dims: w.dims, dataType: UINT8, rawData: q },
      { name: `${base}_wzp`, dims: [], dataType: UINT8, rawData: new Uint8Array([128]) },
      { name: `${base}_ws`, dims: [], dataType: FLOAT, rawData: new Uint8Array(new Float32Array([scale]).buffer) },
    );
    const [x, , b] = n.input!;
    const y = n.output![0]!;
    nodes.push(
      { opType: 'DynamicQuantizeLinear', name: `${base}_dql`, input: [x!], output: [`${base}_xq`, `${base}_xs`, `${base}_xzp`] },
      { opType: 'ConvInteger', name: `${base}_quant`, input: [`${base}_xq`, `${base}_wq`, `${base}_xzp`, `${base}_wzp`], output: [`${base}_int`], attribute: n.attribute ?? [] },
      { opType: 'Cast', name: `${base}_cast`, input: [`${base}_int`], output: [`${base}_float`], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] },
      { opType: 'Mul', name: `${base}_scales`, input: [`${base}_xs`, `${base}_ws`], output: [`${base}_scale`] },
      { opType: 'Mul', name: `${base}_rescale`, input: [`${base}_float`, `${base}_scale`], output: [b ? `${base}_nobias` : y] },
    );
    if (b) {
      const bias = inits.get(b)!;
      added.push({ name: `${base}_bias_col`, dims: [Number(bias.dims![0]), 1], dataType: FLOAT, rawData: new Uint8Array(floats(bias).buffer) });
      nodes.push({ opType: 'Add', name: `${base}_bias`, input: [`${base}_nobias`, `${base}_bias_col`], output: [y] });
    }
    count++;
  }
  g.node = nodes;
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  g.initializer = [...(g.initializer ?? []).filter((t) => used.has(t.name!)), ...added];
  return count;
}
