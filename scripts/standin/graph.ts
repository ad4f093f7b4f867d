/**
 * A tiny ONNX graph builder over the onnx-proto message classes: enough to write the stand-in
 * models (nodes, initializers, typed inputs/outputs). Dev-only: stand-ins are generated, not shipped.
 */
import { onnx } from 'onnx-proto';

export type ElemType = 'float32' | 'int64' | 'int32';
const DTYPE: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
};

type AttrValue = number | number[] | string | { ints: number[] } | { float: number };

export interface ValueInfo {
  readonly name: string;
  readonly type: ElemType;
  readonly shape: (number | string)[];
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private counter = 0;

  /** A fresh value name. */
  name(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  /** Adds a node; returns its single output (or the named outputs). */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs?: string[]): string {
    const outs = outputs ?? [this.name(opType.toLowerCase())];
    const attribute = Object.entries(attrs).map(([name, v]) => attr(name, v));
    this.nodes.push({ opType, input: inputs, output: outs, name: this.name(`n_${opType}`), attribute });
    return outs[0]!;
  }

  /** A constant tensor initializer. */
  const(values: ArrayLike<number>, dims: number[], type: ElemType = 'float32', hint = 'c'): string {
    const name = this.name(hint);
    const t: onnx.ITensorProto = { name, dims, dataType: DTYPE[type] };
    if (type === 'float32') t.rawData = new Uint8Array(Float32Array.from(values).buffer);
    else if (type === 'int32') t.rawData = new Uint8Array(Int32Array.from(values).buffer);
    else t.rawData = new Uint8Array(BigInt64Array.from(Array.from(values), (x) => BigInt(x)).buffer);
    this.inits.push(t);
    return name;
  }

  /** A float32 initializer that takes the array as is (no copy): for large weights. */
  weights(data: Float32Array, dims: number[], hint = 'w'): string {
    const name = this.name(hint);
    this.inits.push({ name, dims, dataType: DTYPE.float32, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  /** Number of float parameters in the initializers. */
  parameterCount(): number {
    return this.inits.reduce((n, t) => n + (t.dims ?? []).reduce<number>((a, d) => a * Number(d), 1), 0);
  }

  scalar(v: number, type: ElemType = 'float32'): string {
    return this.const([v], [], type, 's');
  }

  encode(inputs: ValueInfo[], outputs: ValueInfo[], opset = 17, producer = 'kokoro-ts stand-in'): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: 8,
      producerName: producer,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: 'kokoro_standin',
        node: this.nodes,
        initializer: this.inits,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo),
      },
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}

function attr(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (typeof v === 'object' && 'ints' in v) return { name, type: T.INTS, ints: v.ints };
  if (typeof v === 'object') return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.INT, i: v };
}

function valueInfo(v: ValueInfo): onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: DTYPE[v.type],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}
