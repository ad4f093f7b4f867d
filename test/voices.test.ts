import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blendPacks, describeVoice, frontEndForVoice, LANGUAGES, loadVoicePack, parseVoiceSpec, styleRow } from '../src/engine';
import { loadVoice } from '../src/engine/voices';
import { KokoroError } from '../src/util/errors';
import { VOICES, tempDir } from './helpers';

const SHA = {
  af_heart: 'd583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b',
  af_nicole: 'cd2191ab31b914ed7b318416b0e4440fdf392ddad9106a060819aa600a64f59a',
  bf_emma: '669fe0647f9dd04fcab92f1439a40eeb4c8b4ab1f82e4996fe3d918ce4a63b73',
};

test('fixture voice packs are the published bytes', () => {
  for (const [name, sha] of Object.entries(SHA)) {
    const bytes = readFileSync(join(VOICES, `${name}.bin`));
    assert.equal(bytes.length, 522240);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, name);
  }
});

test('style row is the token count, capped at 509', async () => {
  const pack = await loadVoicePack(VOICES, 'af_nicole');
  const row = (r: number): number[] => [...pack.data.subarray(r * 256, r * 256 + 256)];
  assert.deepEqual([...styleRow(pack, 0)], row(0));
  assert.deepEqual([...styleRow(pack, 13)], row(13));
  assert.deepEqual([...styleRow(pack, 509)], row(509));
  assert.deepEqual([...styleRow(pack, 510)], row(509), '510 tokens must not index row 510');
  assert.deepEqual([...styleRow(pack, 9999)], row(509));
  assert.equal(styleRow(pack, 510).length, 256);
  assert.notDeepEqual(row(13), row(14));
});

test('voice specs: bare names, colon weights, FastAPI parenthesised form, normalized', () => {
  assert.deepEqual(parseVoiceSpec('af_nicole'), [{ name: 'af_nicole', weight: 1 }]);
  assert.deepEqual(parseVoiceSpec('af_bella:0.6,af_nicole:0.4'), [{ name: 'af_bella', weight: 0.6 }, { name: 'af_nicole', weight: 0.4 }]);
  assert.deepEqual(parseVoiceSpec('af_bella:3,af_nicole'), [{ name: 'af_bella', weight: 0.75 }, { name: 'af_nicole', weight: 0.25 }]);
  const fa = parseVoiceSpec('af_bella(2)+af_sky(1)');
  assert.deepEqual(fa.map((v) => v.name), ['af_bella', 'af_sky']);
  assert.ok(Math.abs(fa[0]!.weight - 2 / 3) < 1e-12 && Math.abs(fa[1]!.weight - 1 / 3) < 1e-12);
  assert.deepEqual(parseVoiceSpec('af_bella+af_sky'), [{ name: 'af_bella', weight: 0.5 }, { name: 'af_sky', weight: 0.5 }]);
});

test('malformed blends are refused with a clear error', () => {
  for (const bad of ['', 'af_bella:', 'af_bella:-1', 'af_bella:0', 'af_bella:x', 'a,,b', 'af_bella(2)+', 'af_bella:1,af_sky(1)+x', '!!', 'af_bella((2)']) {
    assert.throws(() => parseVoiceSpec(bad), (e: unknown) => e instanceof KokoroError && e.code === 'voice-blend', bad);
  }
});

test('blend math: weighted sum of whole packs', async () => {
  const a = await loadVoicePack(VOICES, 'af_nicole');
  const b = await loadVoicePack(VOICES, 'af_heart');
  const mix = blendPacks([a, b], [0.25, 0.75]);
  for (const i of [0, 1, 255, 256 * 100 + 7, 510 * 256 - 1]) {
    assert.ok(Math.abs(mix[i]! - (0.25 * a.data[i]! + 0.75 * b.data[i]!)) < 1e-6);
  }
  const viaSpec = await loadVoice(VOICES, parseVoiceSpec('af_nicole(1)+af_heart(3)'));
  assert.deepEqual([...viaSpec.data.subarray(0, 50)], [...mix.subarray(0, 50)]);
});

test('unknown voice suggests the closest names; wrong size is refused', async () => {
  await assert.rejects(loadVoicePack(VOICES, 'af_nicol'), (e: unknown) => e instanceof KokoroError && e.code === 'voice-unknown' && /af_nicole/.test(e.hint ?? ''));
  const dir = tempDir();
  writeFileSync(join(dir, 'af_short.bin'), Buffer.alloc(1000));
  await assert.rejects(loadVoicePack(dir, 'af_short'), (e: unknown) => e instanceof KokoroError && e.code === 'voice-size');
});

test('language and gender from the name', () => {
  assert.deepEqual(describeVoice('af_nicole'), { language: 'English (US)', gender: 'female' });
  assert.deepEqual(describeVoice('bm_george'), { language: 'English (UK)', gender: 'male' });
  assert.equal(frontEndForVoice('af_heart').id, 'en-us');
  assert.equal(frontEndForVoice('bf_emma').id, 'en-gb');
  assert.equal(frontEndForVoice('bf_emma').espeakVoice, 'en-gb');
  assert.equal(frontEndForVoice('jf_alpha').id, 'ja');
  assert.equal(frontEndForVoice('zm_yunxi').id, 'zh');
  const unspoken = Object.entries(LANGUAGES).find(([, l]) => !l.frontEnd);
  if (unspoken) assert.throws(() => frontEndForVoice(`${unspoken[0]}f_someone`), (e: unknown) => e instanceof KokoroError && e.code === 'voice-language');
});
