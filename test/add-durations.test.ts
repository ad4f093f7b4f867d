import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { addDurations } from '../src/model-edit/add-durations';
import { findDurationTensor } from '../src/model-edit/find-durations';
import { KokoroError } from '../src/util/errors';
import { GraphBuilder } from '../scripts/standin/graph';
import { durationsAndAlignment } from '../scripts/standin/durations';
import { buildSmallStandin, expectedFrames } from '../scripts/standin/small';
import { FIXTURES, STANDIN, STANDIN_TOKENS, tempDir } from './helpers';
import { filesIn, open, run, sameBits, styleFor, sum } from './durations-helpers';

const STANDIN_DURATIONS = join(FIXTURES, 'models', 'kokoro-standin-durations.onnx');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir('kokoro-durations-');
  dirs.push(d);
  return d;
}

const INPUTS = [
  { ids: [0, 50, 83, 54, 156, 57, 135, 0], voice: 'af_nicole', speed: 1 },
  { ids: [0, 50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5, 0], voice: 'bf_emma', speed: 2 },
  { ids: [0, 51, 84, 55, 157, 32, 17, 66, 0], voice: 'af_heart', speed: 0.7 },
];

test('committed durations stand-in is what the generator makes today', () => {
  assert.deepEqual(readFileSync(STANDIN_DURATIONS), Buffer.from(buildSmallStandin({ layout: 'onnx-community', durationsOutput: true })));
});

test('the stand-ins compute an integer duration the structural rule finds: Round, Max, Cast', () => {
  for (const path of [STANDIN, STANDIN_TOKENS]) {
    const found = findDurationTensor(onnx.ModelProto.decode(readFileSync(path)).graph!, path);
    assert.deepEqual(found.chain.slice(-3), ['Round', 'Max', 'Cast'], path);
  }
});

test('both stand-ins: durations added, audio bit-identical, sum(durations) * 600 = samples, one value per id', async () => {
  for (const path of [STANDIN, STANDIN_TOKENS]) {
    const out = join(dir(), 'edited.onnx');
    const r = await addDurations(path, out);
    assert.equal(r.status, 'added');
    assert.equal(r.outputName, 'durations');
    assert.equal(r.shape, '[N]');
    assert.ok(r.verified.ok, r.verified.problems.join('; '));
    const [orig, edited] = await Promise.all([open(path), open(out)]);
    assert.deepEqual(edited.inputNames, orig.inputNames);
    assert.deepEqual(edited.outputNames, [...orig.outputNames, 'durations']);
    for (const { ids, voice, speed } of INPUTS) {
      const style = styleFor(voice, ids);
      const [a, b] = [await run(orig, ids, style, speed), await run(edited, ids, style, speed)];
      assert.ok(sameBits(a.audio, b.audio), `${path} ${voice}: audio changed`);
      assert.deepEqual(b.durationsDims, [ids.length]);
      // Per token, the stand-in's documented formula (expectedFrames of one id is that id's frames).
      assert.deepEqual(b.durations, ids.map((id) => expectedFrames([id], style, speed)));
      assert.equal(sum(b.durations!) * 600, b.audio.length);
    }
    await Promise.all([orig.release(), edited.release()]);
  }
});

test('the durations stand-in says the same as the edited plain stand-in, its waveform is the plain one', async () => {
  const out = join(dir(), 'edited.onnx');
  await addDurations(STANDIN, out);
  const [plain, edited, fixture] = await Promise.all([open(STANDIN), open(out), open(STANDIN_DURATIONS)]);
  for (const { ids, voice, speed } of INPUTS) {
    const style = styleFor(voice, ids);
    const f = await run(fixture, ids, style, speed);
    assert.deepEqual(f.durationsDims, [1, ids.length]);
    assert.deepEqual(f.durations, (await run(edited, ids, style, speed)).durations);
    assert.ok(sameBits(f.audio, (await run(plain, ids, style, speed)).audio));
  }
  await Promise.all([plain.release(), edited.release(), fixture.release()]);
});

test('idempotent: a model that has durations is reported "already" and its bytes are kept', async () => {
  const d = dir();
  const once = join(d, 'once.onnx');
  const twice = join(d, 'twice.onnx');
  await addDurations(STANDIN, once);
  const bytes = readFileSync(once);
  const r = await addDurations(once, twice);
  assert.equal(r.status, 'already');
  assert.equal(r.tensor, null);
  assert.ok(r.verified.ok);
  assert.deepEqual(readFileSync(twice), bytes);
  const inPlace = await addDurations(once, once);
  assert.equal(inPlace.status, 'already');
  assert.deepEqual(readFileSync(once), bytes);
  assert.deepEqual(filesIn(d), ['once.onnx', 'twice.onnx']);
  const fixture = await addDurations(STANDIN_DURATIONS, join(d, 'fixture.onnx'));
  assert.deepEqual([fixture.status, fixture.outputName, fixture.shape], ['already', 'durations', '[1,N]']);
});

/** A graph with Kokoro's onnx-community I/O whose body `build` makes `waveform`. */
function kokoroShaped(build: (g: GraphBuilder) => void): Uint8Array {
  const g = new GraphBuilder();
  build(g);
  return g.encode(
    [
      { name: 'input_ids', type: 'int64', shape: [1, 'n'] },
      { name: 'style', type: 'float32', shape: [1, 256] },
      { name: 'speed', type: 'float32', shape: [1] },
    ],
    [{ name: 'waveform', type: 'float32', shape: [1, 'samples'] }],
  );
}

const asWaveform = (g: GraphBuilder, x: string): string => g.op('Unsqueeze', [g.op('Cast', [x], { to: 1 }), g.const([0], [1], 'int64')], {}, ['waveform']);

/** int64 frame counts from the ids made with `rounding` (Kokoro: Round), clamped to >= 1. */
function intDurations(g: GraphBuilder, rounding: string): string {
  const ids = g.op('Cast', [g.op('Squeeze', ['input_ids', g.const([0], [1], 'int64')])], { to: 1 });
  return g.op('Cast', [g.op('Max', [g.op(rounding, [g.op('Div', [g.op('Add', [ids, g.scalar(2)]), 'speed'])]), g.scalar(1)])], { to: 7 });
}

/** Kokoro's alignment parts from int64 durations: end frames (CumSum) and the frame axis (Range). */
const endFrames = (g: GraphBuilder, d: string): string => g.op('CumSum', [d, g.scalar(0, 'int32')]);
const frameAxis = (g: GraphBuilder, d: string): string => g.op('Range', [g.scalar(0, 'int64'), g.op('ReduceSum', [d], { keepdims: 0 }), g.scalar(1, 'int64')]);
const both = (g: GraphBuilder, d: string): string => g.op('Concat', [endFrames(g, d), frameAxis(g, d)], { axis: 0 });

const REFUSED: { name: string; bytes: Uint8Array; message: RegExp }[] = [
  { name: 'an alignment built from the control (Round) chain', bytes: kokoroShaped((g) => asWaveform(g, both(g, intDurations(g, 'Round')))), message: /not the durations the audio is made of/ },
  { name: 'an alignment from a Floor, not a Round', bytes: kokoroShaped((g) => asWaveform(g, both(g, intDurations(g, 'Floor')))), message: /no per-token duration tensor found.*0 Round/ },
  { name: 'rounded int64 durations summed up, but no frame axis (Range)', bytes: kokoroShaped((g) => asWaveform(g, endFrames(g, intDurations(g, 'Round')))), message: /no per-token duration tensor found.*1 Round/ },
  { name: 'rounded int64 durations made into a frame axis, but no end frames (CumSum)', bytes: kokoroShaped((g) => asWaveform(g, frameAxis(g, intDurations(g, 'Round')))), message: /no per-token duration tensor found.*1 Round/ },
  { name: 'no Round at all', bytes: kokoroShaped((g) => asWaveform(g, 'input_ids')), message: /no per-token duration tensor found.*0 Round/ },
  {
    name: 'a rounded int64 that builds no alignment',
    bytes: kokoroShaped((g) => {
      const ids = g.op('Squeeze', ['input_ids', g.const([0], [1], 'int64')]);
      asWaveform(g, g.op('Cast', [g.op('Round', [g.op('Div', [g.op('Cast', [ids], { to: 1 }), 'speed'])])], { to: 7 }));
    }),
    message: /no per-token duration tensor found.*1 Round/,
  },
  {
    name: 'two duration chains',
    bytes: kokoroShaped((g) => {
      const a = durationsAndAlignment(g, 'input_ids', 'speed', true);
      const b = durationsAndAlignment(g, 'input_ids', 'speed', true);
      asWaveform(g, g.op('Concat', [a.tokIdx, b.tokIdx], { axis: 0 }));
    }),
    message: /2 candidate duration tensors \(cast_\d+, cast_\d+\); refusing to guess/,
  },
  {
    // Found, but the audio is one sample per frame: verification must stop the write.
    name: 'durations that do not give the audio length',
    bytes: kokoroShaped((g) => asWaveform(g, durationsAndAlignment(g, 'input_ids', 'speed', true).tokIdx)),
    message: /is not the durations the audio is made of: .* = \d+ samples, the audio has \d+/,
  },
];

for (const c of REFUSED) {
  test(`refused, nothing written: ${c.name}`, async () => {
    const d = dir();
    writeFileSync(join(d, 'in.onnx'), c.bytes);
    await assert.rejects(addDurations(join(d, 'in.onnx'), join(d, 'out.onnx')), (e: unknown) => {
      assert.ok(e instanceof KokoroError, String(e));
      assert.equal(e.code, 'model-contract');
      assert.equal(e.exitCode, 3);
      assert.match(e.message, c.message);
      assert.ok(!e.message.includes('\n') && e.hint, 'one line, with a hint');
      return true;
    });
    assert.deepEqual(filesIn(d), ['in.onnx'], 'no output, no temp file');
  });
}

test('bad paths fail before any work: missing folder, folder as output, missing or garbage input', async () => {
  const d = dir();
  const code = async (inPath: string, outPath: string): Promise<string> =>
    addDurations(inPath, outPath).then(() => 'ok', (e: unknown) => (e instanceof KokoroError ? e.code : String(e)));
  assert.equal(await code(join(d, 'nope.onnx'), join(d, 'no', 'such', 'out.onnx')), 'output-dir');
  mkdirSync(join(d, 'a-folder'));
  assert.equal(await code(STANDIN, join(d, 'a-folder')), 'output-write');
  assert.equal(await code(join(d, 'nope.onnx'), join(d, 'out.onnx')), 'model-missing');
  writeFileSync(join(d, 'garbage.onnx'), 'this is not protobuf');
  assert.equal(await code(join(d, 'garbage.onnx'), join(d, 'out.onnx')), 'model-unreadable');
  assert.deepEqual(filesIn(d), ['a-folder', 'garbage.onnx']);
});
