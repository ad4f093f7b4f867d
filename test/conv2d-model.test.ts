import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { ortRuntime } from '../src/engine/ort-runtime';
import { convsTo2d } from '../src/engine/conv2d';
import { buildFaithfulStandin, FAITHFUL_DEFAULT } from '../scripts/standin/faithful';

const SMALL = { ...FAITHFUL_DEFAULT, tokenDim: 32, tokenLayers: 1, frameChannels: 32, frameBlocks: 1, gen1Channels: 8, gen2Channels: 8 };
const IDS = [0, 50, 83, 54, 156, 57, 135, 16, 65, 156, 87, 158, 0];

async function run(bytes: Uint8Array, level: 'all' | 'disabled'): Promise<Float32Array> {
  const ort = ortRuntime(null);
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: level, logSeverityLevel: 3 });
  const style = new Float32Array(256).map((_, i) => Math.sin(i) * 0.3);
  const out = await s.run({
    input_ids: new ort.Tensor('int64', BigInt64Array.from(IDS.map(BigInt)), [1, IDS.length]),
    style: new ort.Tensor('float32', style, [1, 256]),
    speed: new ort.Tensor('float32', new Float32Array([1]), [1]),
  });
  await s.release();
  return out.waveform!.data as Float32Array;
}

test('conv2d: every 1-D Conv becomes a 2-D one with a [O, C, 1, k] weight and 2-D attributes', () => {
  const model = onnx.ModelProto.decode(buildFaithfulStandin(SMALL).bytes);
  const before = model.graph!.node!.filter((n) => n.opType === 'Conv').length;
  assert.ok(before > 10, `${before} convolutions in the stand-in`);
  const r = convsTo2d(model);
  assert.deepEqual(r, { rewritten: before, skipped: 0 });
  const inits = new Map(model.graph!.initializer!.map((t) => [t.name!, t]));
  for (const n of model.graph!.node!.filter((x) => x.opType === 'Conv')) {
    const w = inits.get(n.input![1]!)!;
    assert.equal(w.dims!.length, 4, n.name!);
    assert.equal(Number(w.dims![2]), 1);
    const k = n.attribute!.find((a) => a.name === 'kernel_shape')!.ints!.map(Number);
    assert.deepEqual(k, [1, Number(w.dims![3])]);
    assert.equal(n.attribute!.find((a) => a.name === 'pads')!.ints!.length, 4);
  }
  assert.equal(model.graph!.node!.filter((n) => n.opType === 'Unsqueeze' && n.name!.endsWith('_unsqueeze')).length, before);
});

test('conv2d: the rewritten model computes the same waveform (optimized and not)', async () => {
  const bytes = buildFaithfulStandin(SMALL).bytes;
  const model = onnx.ModelProto.decode(bytes);
  convsTo2d(model);
  const rewritten = onnx.ModelProto.encode(model).finish();
  for (const level of ['disabled', 'all'] as const) {
    const a = await run(bytes, level);
    const b = await run(rewritten, level);
    assert.equal(b.length, a.length);
    let peak = 0;
    let diff = 0;
    for (let i = 0; i < a.length; i++) {
      peak = Math.max(peak, Math.abs(a[i]!));
      diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    }
    assert.ok(peak > 0.01, `level ${level}: a waveform (peak ${peak})`);
    assert.ok(diff <= 1e-5 * Math.max(1, peak), `level ${level}: max difference ${diff}`);
  }
});

test('conv2d: convolutions it cannot rewrite are left alone (shared weight, auto_pad)', () => {
  const model = onnx.ModelProto.decode(buildFaithfulStandin(SMALL).bytes);
  const convs = model.graph!.node!.filter((n) => n.opType === 'Conv');
  const [first, second] = convs;
  first!.attribute = [...first!.attribute!, { name: 'auto_pad', type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode('SAME_UPPER') }];
  const shared = model.graph!.initializer!.find((t) => t.name === second!.input![1])!;
  model.graph!.node!.push({ opType: 'Identity', name: 'extra_reader', input: [shared.name!], output: ['extra_out'] });
  const r = convsTo2d(model);
  assert.equal(r.skipped, 2);
  assert.equal(r.rewritten, convs.length - 2);
  assert.equal(shared.dims!.length, 3);
});
