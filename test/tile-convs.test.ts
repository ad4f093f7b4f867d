import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { ortRuntime } from '../src/engine/ort-runtime';
import { NARROW, tileConvIntegers } from '../src/engine/tile-convs';
import { quantizeConvs } from '../scripts/standin/quantize';
import { convInput, convIntegerModel as convModel, type ConvSpec } from '../scripts/standin/conv-integer';
import { buildFaithfulStandin, FAITHFUL_DEFAULT } from '../scripts/standin/faithful';

type Session = Awaited<ReturnType<ReturnType<typeof ortRuntime>['InferenceSession']['create']>>;

async function session(model: onnx.ModelProto): Promise<Session> {
  const ort = ortRuntime(null);
  return ort.InferenceSession.create(onnx.ModelProto.encode(model).finish(), { intraOpNumThreads: 1, logSeverityLevel: 4 });
}

async function output(s: Session, c: number, t: number, batch = 1): Promise<{ dims: readonly number[]; data: Int32Array }> {
  const ort = ortRuntime(null);
  const x = convInput(batch, c, t);
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { x: new ort.Tensor('uint8', x, [batch, c, t]) };
  if (s.inputNames.includes('xzp')) feeds.xzp = new ort.Tensor('uint8', new Uint8Array([131]), []);
  const y = (await s.run(feeds)).y!;
  return { dims: y.dims, data: y.data as Int32Array };
}

const SPECS: ConvSpec[] = [
  { c: 8, o: 6, k: 11, dilation: 1, pads: [5, 5], zeroPoints: true },
  { c: 4, o: 4, k: 3, dilation: 5, pads: [5, 5], zeroPoints: true },
  { c: 5, o: 3, k: 7, dilation: 3, pads: [2, 9], zeroPoints: true }, // asymmetric pads: T_out differs from T
  { c: 3, o: 2, k: 5, dilation: 1, pads: [0, 0], zeroPoints: false }, // no zero points: pads with 0, output shorter
];

/** The ConvIntegers tileConvIntegers takes: 1-D, at most NARROW channels in and out, kernel of 3 or more. */
function tileable(model: onnx.ModelProto): number {
  const inits = new Map(model.graph!.initializer!.map((t) => [t.name!, t]));
  return model.graph!.node!.filter((n) => {
    const d = (inits.get(n.input![1]!)?.dims ?? []).map(Number);
    return n.opType === 'ConvInteger' && d.length === 3 && d[0]! <= NARROW && d[1]! <= NARROW && d[2]! >= 3;
  }).length;
}

test('tile-convs: every ConvInteger output is bit-identical, for one tile and many, balanced tiles and tiles shorter than the kernel span', async () => {
  for (const spec of SPECS) {
    const plain = await session(convModel(spec));
    for (const tile of [4, 16, 1024]) {
      const model = convModel(spec);
      assert.deepEqual(tileConvIntegers(model, tile), { tiled: 1, skipped: 0 });
      const tiled = await session(model);
      const span = spec.dilation * (spec.k - 1);
      for (const t of [Math.max(1, span - spec.pads[0] - spec.pads[1] + 1), 9, 16, 17, 63, 300, 2100]) {
        const a = await output(plain, spec.c, t);
        const b = await output(tiled, spec.c, t);
        assert.deepEqual(b.dims, a.dims, `k${spec.k} d${spec.dilation} tile ${tile} T ${t}`);
        assert.ok(a.data.some((v) => v !== 0), 'a non-zero output');
        assert.deepEqual(b.data, a.data, `k${spec.k} d${spec.dilation} tile ${tile} T ${t}`);
      }
      await tiled.release();
    }
    await plain.release();
  }
});

test('tile-convs: wide, pointwise and already tiled ConvIntegers are left alone, uncounted', () => {
  for (const spec of [{ ...SPECS[0]!, c: NARROW * 2 }, { ...SPECS[0]!, o: NARROW + 1 }, { ...SPECS[0]!, k: 1, pads: [0, 0] as const }]) {
    const model = convModel(spec);
    const before = onnx.ModelProto.encode(model).finish();
    assert.deepEqual(tileConvIntegers(model, 16), { tiled: 0, skipped: 0 });
    assert.deepEqual(onnx.ModelProto.encode(model).finish(), before);
  }
  const model = convModel(SPECS[0]!);
  assert.deepEqual(tileConvIntegers(model, 16), { tiled: 1, skipped: 0 });
  const once = onnx.ModelProto.encode(model).finish();
  assert.deepEqual(tileConvIntegers(model, 16), { tiled: 0, skipped: 0 });
  assert.deepEqual(onnx.ModelProto.encode(model).finish(), once);
});

test('tile-convs: strided and grouped ConvIntegers are left as they were; a batch of two fails instead of mixing tiles', async () => {
  for (const spec of [{ ...SPECS[0]!, stride: 2 }, { ...SPECS[0]!, group: 2 }]) {
    const model = convModel(spec);
    const before = onnx.ModelProto.encode(model).finish();
    assert.deepEqual(tileConvIntegers(model, 16), { tiled: 0, skipped: 1 });
    assert.deepEqual(onnx.ModelProto.encode(model).finish(), before);
  }
  const model = convModel(SPECS[0]!);
  tileConvIntegers(model, 16);
  const tiled = await session(model);
  await assert.rejects(output(tiled, SPECS[0]!.c, 40, 2));
  assert.equal((await output(tiled, SPECS[0]!.c, 40, 1)).dims[2], 40);
  await tiled.release();
});

test('tile-convs: a quantized stand-in computes the same waveform with its ConvIntegers in tiles', async () => {
  const model = onnx.ModelProto.decode(buildFaithfulStandin({ ...FAITHFUL_DEFAULT, tokenDim: 32, tokenLayers: 1, frameChannels: 32, frameBlocks: 1, gen1Channels: 8, gen2Channels: 8 }).bytes);
  const quantized = quantizeConvs(model);
  assert.ok(quantized > 10, `${quantized} convolutions quantized`);
  const original = onnx.ModelProto.encode(model).finish();
  const expected = tileable(model);
  assert.ok(expected >= 10, `${expected} of ${quantized} convolutions can be tiled`);
  assert.deepEqual(tileConvIntegers(model, 64), { tiled: expected, skipped: 0 });
  const ort = ortRuntime(null);
  const ids = [0, 50, 83, 54, 156, 57, 135, 16, 65, 156, 87, 158, 0];
  const waveform = async (bytes: Uint8Array): Promise<Float32Array> => {
    const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, logSeverityLevel: 3 });
    const out = await s.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
      style: new ort.Tensor('float32', new Float32Array(256).map((_, i) => Math.sin(i) * 0.3), [1, 256]),
      speed: new ort.Tensor('float32', new Float32Array([1]), [1]),
    });
    await s.release();
    return out.waveform!.data as Float32Array;
  };
  const a = await waveform(original);
  const b = await waveform(onnx.ModelProto.encode(model).finish());
  assert.ok(a.length > 64 * 5 * 2, `${a.length} samples: several tiles in the last stage`);
  assert.ok(a.some((v) => Math.abs(v) > 1e-3), 'a waveform');
  assert.deepEqual(b, a);
});
