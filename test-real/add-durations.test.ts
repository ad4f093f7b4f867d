/**
 * add-durations on the real Kokoro-82M v1.0 int8 file (kokoro-onnx layout, no durations output):
 * the structural rule must find the predictor's int64 durations, and the edited model must speak
 * bit for bit as the original while its durations account for every sample (sum * 600).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addDurations, type AddDurationsResult } from '../src/model-edit/add-durations';
import { tempDir } from '../test/helpers';
import { open, run, sameBits, styleFor, sum } from '../test/durations-helpers';
import { NO_REAL_MODEL, REAL_MODEL as MODEL, REAL_MODEL_READY } from './helpers';

const missing = !REAL_MODEL_READY;
if (missing) {
  const bar = '#'.repeat(78);
  process.stderr.write(`\n${bar}\n# REAL-MODEL ADD-DURATIONS SKIPPED: ${MODEL} is missing.\n# Run \`npm run fetch:real-model\` and then \`npm run test:real\`.\n${bar}\n\n`);
}
const skip = missing ? NO_REAL_MODEL : false;

/**
 * Ids made by this project's front end (normalize, espeak-ng en-us, Kokoro vocab), pads included,
 * fixed here so the test does not move with the front end.
 */
const TEXTS = [
  // "Hello world!" -> həlˈO wˈɜɹld!
  { voice: 'af_heart', speed: 1, ids: [0, 50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5, 0] },
  // "This is a medium length sentence for testing TTS performance."
  {
    voice: 'af_nicole', speed: 1.2,
    ids: [0, 81, 102, 61, 16, 102, 68, 16, 83, 16, 55, 156, 51, 46, 51, 83, 55, 16, 54, 156, 86, 112, 119, 16, 61, 156, 86, 56, 62, 83, 56, 61, 16, 48, 76, 123, 16, 62, 156, 86, 61, 62, 102, 112, 16, 62, 157, 51, 62, 157, 51, 156, 86, 61, 16, 58, 83, 123, 48, 156, 76, 123, 55, 83, 56, 61, 4, 0],
  },
  // "Wait, is it 3:15 already? Then we should go."
  {
    voice: 'bf_emma', speed: 0.9,
    ids: [0, 65, 156, 24, 62, 3, 16, 102, 68, 16, 102, 62, 16, 119, 123, 156, 51, 16, 48, 156, 102, 48, 62, 51, 56, 16, 76, 54, 123, 156, 86, 46, 51, 6, 16, 81, 156, 86, 56, 16, 65, 51, 16, 131, 157, 135, 46, 16, 92, 156, 31, 4, 0],
  },
].map((t) => ({ ...t, style: styleFor(t.voice, t.ids) }));

describe('add-durations on the real model', () => {
  const dir = tempDir('kokoro-real-durations-');
  const edited = join(dir, 'kokoro-v1.0.int8-durations.onnx');
  let result: AddDurationsResult;

  before(async () => {
    if (!missing) result = await addDurations(MODEL, edited, { cases: TEXTS });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('finds the predictor durations: Sigmoid, ReduceSum, Div(speed), Round, Clip, Cast to int64, [1, N]', { skip }, () => {
    assert.equal(result.status, 'added');
    assert.deepEqual(result.chain.slice(-6), ['Sigmoid', 'ReduceSum', 'Div', 'Round', 'Clip', 'Cast']);
    assert.equal(result.shape, '[1,N]');
    assert.ok(result.verified.ok, result.verified.problems.join('; '));
    process.stderr.write(`durations tensor ${result.tensor}: ${result.verified.cases.map((c) => `${c.tokens} ids -> ${c.frames} frames, ${c.samples} samples`).join('; ')}\n`);
  });

  test('three texts: audio bit-identical to the original, sum(durations) * 600 = samples exactly', { skip }, async () => {
    const [orig, withDur] = await Promise.all([open(MODEL), open(edited)]);
    try {
      for (const { ids, style, speed, voice } of TEXTS) {
        const a = await run(orig, ids, style, speed);
        const b = await run(withDur, ids, style, speed);
        assert.equal(a.durations, null, 'the original has no durations output');
        assert.ok(sameBits(a.audio, b.audio), `${voice}: audio differs`);
        assert.deepEqual(b.durationsDims, [1, ids.length]);
        assert.ok(b.durations!.every((d) => Number.isInteger(d) && d >= 1), `${voice}: ${b.durations!.join(' ')}`);
        assert.equal(sum(b.durations!) * 600, b.audio.length, `${voice}: ${sum(b.durations!)} frames`);
      }
    } finally {
      await Promise.all([orig.release(), withDur.release()]);
    }
  });

  test('a second run reports "already" and copies the bytes unchanged', { skip }, async () => {
    const again = join(dir, 'again.onnx');
    const r = await addDurations(edited, again, { cases: TEXTS.slice(0, 1) });
    assert.equal(r.status, 'already');
    assert.equal(r.outputName, 'durations');
    assert.ok(readFileSync(again).equals(readFileSync(edited)));
  });
});
