import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { peerPaths, prepareSherpaOnnx } from '../benchmarks/peers/prepare';
import { setMetadata, sherpaMetadata, tokensTxt, voicesBin } from '../benchmarks/peers/sherpa-model';
import { VOICE_PACK_BYTES } from '../src/spec';
import { VOCAB } from '../src/text/vocab';
import { ROOT, STANDIN, VOICES, tempDir } from './helpers';

/** Reads tokens.txt the way sherpa-onnx's ReadTokens does: trim, then "SYM ID", or a lone "ID" for the space. */
function readTokens(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const fields = line.split(/\s+/);
    if (fields.length === 1) out.set(' ', Number(fields[0]));
    else if (fields.length === 2) out.set(fields[0]!, Number(fields[1]));
    else assert.fail(`tokens.txt line ${JSON.stringify(raw)} has ${fields.length} fields`);
  }
  return out;
}

/** A peers folder with a stand-in espeak-ng-data (prepare only checks that setup.sh unpacked it). */
function peers(): ReturnType<typeof peerPaths> {
  const p = peerPaths(ROOT, tempDir('kokoro-peers-'));
  mkdirSync(join(p.sherpaDir, 'espeak-ng-data'), { recursive: true });
  writeFileSync(join(p.sherpaDir, 'espeak-ng-data', 'phontab'), '');
  return p;
}

const metadataOf = (file: string): Record<string, string> =>
  Object.fromEntries((onnx.ModelProto.decode(readFileSync(file)).metadataProps ?? []).map((m) => [m.key ?? '', m.value ?? '']));

test('the sherpa-onnx folder: metadata on the model, the packs in speaker order, the vocabulary as tokens.txt', async () => {
  const p = peers();
  const m = await prepareSherpaOnnx(p, STANDIN, VOICES, 'bf_emma');
  assert.deepEqual(m.speakers, ['af_heart', 'af_nicole', 'bf_emma']);
  assert.equal(m.sid, 2);
  assert.equal(m.dataDir, join(p.sherpaDir, 'espeak-ng-data'));

  const meta = metadataOf(join(m.dir, 'model.onnx'));
  assert.equal(meta['sample_rate'], '24000');
  assert.equal(meta['n_speakers'], '3');
  assert.equal(meta['has_espeak'], '1');
  assert.equal(meta['style_dim'], '510,1,256');
  assert.equal(meta['version'], '2');
  assert.equal(meta['voice'], 'en-us');
  assert.equal(meta['speaker_names'], 'af_heart,af_nicole,bf_emma');
  // The graph is the stand-in's, untouched.
  const before = onnx.ModelProto.decode(readFileSync(STANDIN));
  const after = onnx.ModelProto.decode(readFileSync(join(m.dir, 'model.onnx')));
  assert.deepEqual(onnx.GraphProto.encode(after.graph!).finish(), onnx.GraphProto.encode(before.graph!).finish());

  const bin = readFileSync(join(m.dir, 'voices.bin'));
  assert.equal(bin.length, 3 * VOICE_PACK_BYTES);
  m.speakers.forEach((s, i) => {
    assert.ok(bin.subarray(i * VOICE_PACK_BYTES, (i + 1) * VOICE_PACK_BYTES).equals(readFileSync(join(VOICES, `${s}.bin`))), `pack ${i} is ${s}`);
  });

  const tokens = readTokens(readFileSync(join(m.dir, 'tokens.txt'), 'utf8'));
  assert.deepEqual([...tokens].sort((a, b) => a[1] - b[1]), [...VOCAB].sort((a, b) => a[1] - b[1]));
  assert.equal(tokens.get(' '), VOCAB.get(' '));
});

test('the folder follows the voices folder: a pack added changes n_speakers, order and sids', async () => {
  const p = peers();
  const voices = tempDir('kokoro-peers-voices-');
  for (const v of ['af_nicole', 'bf_emma']) cpSync(join(VOICES, `${v}.bin`), join(voices, `${v}.bin`));
  const first = await prepareSherpaOnnx(p, STANDIN, voices, 'bf_emma');
  assert.equal(first.sid, 1);
  assert.equal(metadataOf(join(first.dir, 'model.onnx'))['n_speakers'], '2');
  cpSync(join(VOICES, 'af_heart.bin'), join(voices, 'af_heart.bin'));
  const second = await prepareSherpaOnnx(p, STANDIN, voices, 'bf_emma');
  assert.equal(second.dir, first.dir);
  assert.equal(second.sid, 2);
  assert.equal(metadataOf(join(second.dir, 'model.onnx'))['speaker_names'], 'af_heart,af_nicole,bf_emma');
  assert.equal(readFileSync(join(second.dir, 'voices.bin')).length, 3 * VOICE_PACK_BYTES);
});

test('the folder is refused without the voice or without espeak-ng-data', async () => {
  const p = peers();
  await assert.rejects(prepareSherpaOnnx(p, STANDIN, VOICES, 'am_nobody'), /no voice am_nobody/);
  rmSync(join(p.sherpaDir, 'espeak-ng-data'), { recursive: true });
  await assert.rejects(prepareSherpaOnnx(p, STANDIN, VOICES, 'af_heart'), /no espeak-ng-data .*setup\.sh/);
});

test('setMetadata replaces the keys it sets and keeps the model\'s others', () => {
  const model: onnx.IModelProto = { metadataProps: [{ key: 'version', value: '1' }, { key: 'author', value: 'x' }] };
  setMetadata(model, sherpaMetadata(['af_heart']));
  const props = model.metadataProps!;
  assert.equal(props.filter((m) => m.key === 'version').length, 1);
  assert.equal(props.find((m) => m.key === 'version')!.value, '2');
  assert.equal(props.find((m) => m.key === 'author')!.value, 'x');
  assert.equal(props.find((m) => m.key === 'n_speakers')!.value, '1');
});

test('bad inputs to the builders are refused', () => {
  assert.throws(() => sherpaMetadata([]), /at least one voice/);
  assert.throws(() => sherpaMetadata(['a,b']), /comma/);
  assert.throws(() => voicesBin([new Uint8Array(VOICE_PACK_BYTES), new Uint8Array(10)]), /voice pack 1 is 10 bytes/);
  assert.throws(() => tokensTxt(new Map([['\t', 3]])), /whitespace/);
  assert.equal(tokensTxt(new Map([['b', 2], ['a', 1]])), 'a 1\nb 2\n');
});
