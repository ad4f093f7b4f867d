/**
 * node dist/scripts/inspect-model.js MODEL.onnx — what a model file is: producer, opsets, inputs
 * and outputs, parameter count by data type, and the operator histogram. Used to check a model's
 * identity beyond its bytes (which quantized ops it uses, whether it is one of our stand-ins).
 */
import { readFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';

const DTYPE: Record<number, string> = { 1: 'float32', 2: 'uint8', 3: 'int8', 6: 'int32', 7: 'int64', 10: 'float16', 11: 'float64', 9: 'bool' };

function dims(t: onnx.ITypeProto | null | undefined): string {
  const tt = t?.tensorType;
  if (!tt) return '?';
  const shape = (tt.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : String(d.dimValue ?? '?'))).join(', ');
  return `${DTYPE[tt.elemType ?? 0] ?? tt.elemType} [${shape}]`;
}

export function inspect(path: string): Record<string, unknown> {
  const m = onnx.ModelProto.decode(readFileSync(path));
  const g = m.graph!;
  const params: Record<string, number> = {};
  for (const t of g.initializer ?? []) {
    const n = (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1);
    const k = DTYPE[t.dataType ?? 0] ?? String(t.dataType);
    params[k] = (params[k] ?? 0) + n;
  }
  const ops: Record<string, number> = {};
  const countOps = (nodes: onnx.INodeProto[] | null | undefined): void => {
    for (const n of nodes ?? []) {
      ops[n.opType!] = (ops[n.opType!] ?? 0) + 1;
      for (const a of n.attribute ?? []) {
        if (a.g) countOps(a.g.node);
        for (const sg of a.graphs ?? []) countOps(sg.node);
      }
    }
  };
  countOps(g.node);
  const inits = new Set((g.initializer ?? []).map((t) => t.name));
  return {
    producer: `${m.producerName ?? ''} ${m.producerVersion ?? ''}`.trim(),
    irVersion: Number(m.irVersion),
    opsets: (m.opsetImport ?? []).map((o) => `${o.domain || 'ai.onnx'}:${Number(o.version)}`),
    inputs: (g.input ?? []).filter((i) => !inits.has(i.name)).map((i) => `${i.name}: ${dims(i.type)}`),
    outputs: (g.output ?? []).map((o) => `${o.name}: ${dims(o.type)}`),
    parameters: params,
    totalParameters: Object.values(params).reduce((a, b) => a + b, 0),
    nodes: Object.values(ops).reduce((a, b) => a + b, 0),
    ops: Object.fromEntries(Object.entries(ops).sort((a, b) => b[1] - a[1])),
  };
}

if (require.main === module) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node dist/scripts/inspect-model.js MODEL.onnx');
    process.exit(2);
  }
  console.log(JSON.stringify(inspect(path), null, 2));
}
