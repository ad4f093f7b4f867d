import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectContract, loadModel } from '../src/engine/session';
import { Synthesizer } from '../src/engine/synthesizer';
import { DEFAULT_SESSION_SETTINGS, loadVoicePack, styleRow } from '../src/engine';
import { KokoroError } from '../src/util/errors';
import { buildSmallStandin, expectedFrames } from '../scripts/standin/small';
import { GraphBuilder } from '../scripts/standin/graph';
import { STANDIN, STANDIN_TOKENS, VOICES, tempDir } from './helpers';

const io = (...names: string[]): { name: string; type: string }[] => names.map((n) => ({ name: n, type: n === 'style' || n === 'speed' ? 'float32' : 'int64' }));

test('both published I/O layouts are recognized', () => {
  const a = detectContract(io('input_ids', 'style', 'speed'), io('waveform'), 'm');
  assert.equal(a.layout, 'onnx-community');
  assert.equal(a.idsInput, 'input_ids');
  assert.equal(a.audioOutput, 'waveform');
  const b = detectContract(io('tokens', 'style', 'speed'), io('audio', 'duration'), 'm');
  assert.equal(b.layout, 'kokoro-onnx');
  assert.equal(b.speedType, 'float32');
  assert.equal(a.durationsOutput, null, 'no durations output');
  assert.equal(b.durationsOutput, 'duration', 'the durations output is learnt from its name and integer type');
  for (const name of ['durations', 'pred_dur']) assert.equal(detectContract(io('input_ids', 'style', 'speed'), io('waveform', name), 'm').durationsOutput, name);
  const floatDur = [{ name: 'waveform', type: 'float32' }, { name: 'duration', type: 'float32' }];
  assert.equal(detectContract(io('input_ids', 'style', 'speed'), floatDur, 'm').durationsOutput, null, 'a float "duration" is not frame counts');
});

test('a model of neither shape is refused, naming what it has', () => {
  assert.throws(
    () => detectContract(io('x', 'style'), io('y'), 'foo.onnx'),
    (e: unknown) => e instanceof KokoroError && e.code === 'model-contract' && /x:int64/.test(e.message) && /y/.test(e.message),
  );
});

test('committed stand-ins are what the generator makes today', async () => {
  const { readFileSync } = await import('node:fs');
  assert.deepEqual(readFileSync(STANDIN), Buffer.from(buildSmallStandin({ layout: 'onnx-community' })));
  assert.deepEqual(readFileSync(STANDIN_TOKENS), Buffer.from(buildSmallStandin({ layout: 'kokoro-onnx' })));
});

test('stand-in: length = sum(frames) * 600, durations depend on ids and style and scale with 1/speed', async () => {
  for (const path of [STANDIN, STANDIN_TOKENS]) {
    const m = await Synthesizer.load(path, DEFAULT_SESSION_SETTINGS);
    const runModel = async (_m: Synthesizer, ids: number[], style: Float32Array, speed: number): Promise<Float32Array> => (await m.run(ids, style, speed)).samples;
    const nicole = await loadVoicePack(VOICES, 'af_nicole');
    const emma = await loadVoicePack(VOICES, 'bf_emma');
    const ids = [0, 50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5, 0];
    const style = styleRow(nicole, ids.length - 2);
    const a1 = await runModel(m, ids, style, 1);
    assert.equal(a1.length, expectedFrames(ids, style, 1) * 600);
    const a2 = await runModel(m, ids, style, 2);
    assert.equal(a2.length, expectedFrames(ids, style, 2) * 600);
    assert.ok(Math.abs(a2.length / a1.length - 0.5) < 0.15, `speed 2 roughly halves: ${a2.length / a1.length}`);
    const other = await runModel(m, [0, 51, 84, 55, 157, 32, 17, 66, 157, 88, 124, 55, 47, 6, 0], style, 1);
    assert.notEqual(other.length, a1.length, 'durations depend on the ids');
    const emmaStyle = styleRow(emma, ids.length - 2);
    assert.equal((await runModel(m, ids, emmaStyle, 1)).length, expectedFrames(ids, emmaStyle, 1) * 600);
    const again = await runModel(m, ids, style, 1);
    assert.deepEqual(again, a1, 'deterministic');
    assert.ok(Math.max(...a1.map(Math.abs)) > 0.29, 'audible');
    assert.equal((await m.run(ids, style, 1)).durations, null, 'this stand-in exports no durations');
    await m.release();
  }
});

test('loading: missing file, garbage file, non-Kokoro graph', async () => {
  const dir = tempDir();
  await assert.rejects(loadModel(join(dir, 'nope.onnx'), DEFAULT_SESSION_SETTINGS), (e: unknown) => e instanceof KokoroError && e.code === 'model-missing');
  writeFileSync(join(dir, 'garbage.onnx'), 'this is not protobuf');
  await assert.rejects(loadModel(join(dir, 'garbage.onnx'), DEFAULT_SESSION_SETTINGS), (e: unknown) => e instanceof KokoroError && e.code === 'model-unreadable');
  const g = new GraphBuilder();
  g.op('Identity', ['x'], {}, ['y']);
  writeFileSync(join(dir, 'identity.onnx'), g.encode([{ name: 'x', type: 'float32', shape: [1] }], [{ name: 'y', type: 'float32', shape: [1] }]));
  await assert.rejects(loadModel(join(dir, 'identity.onnx'), DEFAULT_SESSION_SETTINGS), (e: unknown) => e instanceof KokoroError && e.code === 'model-contract');
});

test('speed dtype is read from the model: an int32-speed export gets int32', async () => {
  const dir = tempDir();
  const p = join(dir, 'int32speed.onnx');
  writeFileSync(p, buildSmallStandin({ layout: 'onnx-community', speedType: 'int32' }));
  const m = await Synthesizer.load(p, DEFAULT_SESSION_SETTINGS);
  assert.equal(m.contract.speedType, 'int32');
  const style = new Float32Array(256);
  const out = (await m.run([0, 50, 0], style, 1)).samples;
  assert.equal(out.length, expectedFrames([0, 50, 0], style, 1) * 600);
  await m.release();
});
