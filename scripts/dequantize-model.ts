/**
 * node dist/scripts/dequantize-model.js IN.onnx OUT.onnx
 *
 * Turns a dynamically quantized Kokoro export (onnxruntime quantize_dynamic: DynamicQuantizeLinear
 * feeding ConvInteger / MatMulInteger) back into float compute: each integer op on (Xq - Xzp) and
 * (Wq - Wzp) becomes the float op on X / Xs and float(Wq - Wzp), so the scale multiplications the
 * export already has downstream (Xs * Ws) give X * dequantized W, as the integer op approximated.
 * The weights keep their int8 precision (the result is not the fp32 release), but the compute runs
 * in fp32 kernels, which on x86 CPUs are several times faster than ConvInteger. Quantized LSTMs
 * (DynamicQuantizeLSTM) are left as they are: they cost little.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';

type Node = onnx.INodeProto;
type Tensor = onnx.ITensorProto;

const INT8 = 3;
const UINT8 = 2;
const FLOAT = 1;

function values(t: Tensor): Int32Array {
  const n = (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1);
  const out = new Int32Array(n);
  if (t.rawData && t.rawData.length) {
    const raw = t.rawData;
    for (let i = 0; i < n; i++) out[i] = t.dataType === INT8 ? (raw[i]! << 24) >> 24 : raw[i]!;
  } else if (t.int32Data && t.int32Data.length) {
    for (let i = 0; i < n; i++) out[i] = t.int32Data[i]!;
  } else if (n > 0) {
    throw new Error(`initializer ${t.name}: no data`);
  }
  return out;
}

/** float(Wq - Wzp), with a per-tensor or per-output-channel (axis 0) zero point. */
function centered(w: Tensor, zp: Tensor | undefined, name: string): Tensor {
  if (w.dataType !== INT8 && w.dataType !== UINT8) throw new Error(`${w.name}: weight type ${w.dataType} is not 8-bit`);
  const q = values(w);
  const z = zp ? values(zp) : new Int32Array([0]);
  const dims = (w.dims ?? []).map(Number);
  const perRow = q.length / (dims[0] ?? 1);
  const f = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) f[i] = q[i]! - (z.length === 1 ? z[0]! : z[Math.floor(i / perRow)]!);
  return { name, dims: w.dims, dataType: FLOAT, rawData: new Uint8Array(f.buffer) };
}

/** MatMulInteger's per-column zero point (axis 1 of a [K, N] weight). */
function centeredColumns(w: Tensor, zp: Tensor | undefined, name: string): Tensor {
  const z = zp ? values(zp) : new Int32Array([0]);
  if (z.length === 1) return centered(w, zp, name);
  const q = values(w);
  const n = Number(w.dims![1]);
  const f = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) f[i] = q[i]! - z[i % n]!;
  return { name, dims: w.dims, dataType: FLOAT, rawData: new Uint8Array(f.buffer) };
}

export function dequantize(model: onnx.ModelProto): { convs: number; matmuls: number; skipped: number } {
  const g = model.graph!;
  const inits = new Map((g.initializer ?? []).map((t) => [t.name!, t]));
  const producer = new Map<string, Node>();
  for (const n of g.node ?? []) for (const o of n.output ?? []) producer.set(o, n);
  const out: Node[] = [];
  const added: Tensor[] = [];
  let convs = 0;
  let matmuls = 0;
  let skipped = 0;
  for (const n of g.node ?? []) {
    const isConv = n.opType === 'ConvInteger';
    const isMatMul = n.opType === 'MatMulInteger';
    if (!isConv && !isMatMul) {
      out.push(n);
      continue;
    }
    const [xq, wq, , wzp] = n.input ?? [];
    const dql = producer.get(xq!);
    const w = inits.get(wq!);
    if (!dql || dql.opType !== 'DynamicQuantizeLinear' || !w) {
      skipped++;
      out.push(n);
      continue;
    }
    const x = dql.input![0]!;
    const xs = dql.output![1]!;
    const wfName = `${wq}_centered_f32`;
    if (!inits.has(wfName) && !added.some((t) => t.name === wfName)) {
      added.push(isConv ? centered(w, wzp ? inits.get(wzp) : undefined, wfName) : centeredColumns(w, wzp ? inits.get(wzp) : undefined, wfName));
    }
    const scaled = `${n.name || n.output![0]}_x_over_scale`;
    out.push({ opType: 'Div', name: `${n.name}_unscale`, input: [x, xs], output: [scaled] });
    out.push({ opType: isConv ? 'Conv' : 'MatMul', name: `${n.name}_f32`, input: [scaled, wfName], output: n.output, attribute: isConv ? n.attribute : [] });
    if (isConv) convs++;
    else matmuls++;
  }
  // The integer ops' outputs were int32 and are float now. Where the export adds a bias quantized
  // at run time (int32) to them, that bias is cast to float too.
  const retyped = new Set(out.filter((n) => n.name?.endsWith('_f32')).flatMap((n) => n.output ?? []));
  const withCasts: Node[] = [];
  for (const n of out) {
    if (n.opType === 'Add' && (n.input ?? []).some((i) => retyped.has(i))) {
      const inputs = [...n.input!];
      for (const [k, i] of inputs.entries()) {
        if (retyped.has(i)) continue;
        const cast = `${i}_as_f32`;
        withCasts.push({ opType: 'Cast', name: `${n.name}_bias_f32`, input: [i], output: [cast], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] });
        inputs[k] = cast;
      }
      withCasts.push({ ...n, input: inputs });
      for (const o of n.output ?? []) retyped.add(o);
      continue;
    }
    withCasts.push(n);
  }
  g.node = withCasts;
  g.valueInfo = (g.valueInfo ?? []).filter((v) => !retyped.has(v.name!));
  g.initializer = [...(g.initializer ?? []), ...added];
  // Drop the integer weights nothing reads any more.
  const used = new Set<string>();
  for (const n of g.node) for (const i of n.input ?? []) used.add(i);
  for (const o of g.output ?? []) used.add(o.name!);
  g.initializer = g.initializer.filter((t) => used.has(t.name!));
  g.input = (g.input ?? []).filter((i) => !inits.has(i.name!) || used.has(i.name!));
  model.producerName = 'kokoro-ts dequantize';
  return { convs, matmuls, skipped };
}

if (require.main === module) {
  const [src, dst] = process.argv.slice(2);
  if (!src || !dst) {
    console.error('usage: node dist/scripts/dequantize-model.js IN.onnx OUT.onnx');
    process.exit(2);
  }
  const model = onnx.ModelProto.decode(readFileSync(src));
  const r = dequantize(model);
  writeFileSync(dst, onnx.ModelProto.encode(model).finish());
  console.log(`${dst}: ${r.convs} ConvInteger and ${r.matmuls} MatMulInteger now float; ${r.skipped} left as they were`);
}
