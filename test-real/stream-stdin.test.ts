/**
 * A streamed reply on the real model: three sentences written to `synth --stream`'s stdin a word at a
 * time, as an LLM writes them; audio must begin before the reply is complete, and Whisper must hear
 * all three sentences in the whole (each spoken as its own text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../src/audio/wav';
import { BIN, ROOT, tempDir, testModelCache, VOICES } from '../test/helpers';
import { REAL_MODEL as MODEL, REAL_RUNTIME, skipUnlessModelAndAsr, transcribe } from './helpers';
import { wordErrorRate } from './wer';

const skip = skipUnlessModelAndAsr('real-model streamed-stdin check');

const REPLY = ['The kitchen lights are now on.', 'I also closed the garage door for you.', 'Is there anything else you need tonight?'];

test('a reply streamed into synth --stream word by word: audio before its end, and Whisper hears all of it', { skip }, async () => {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_')) env[k] = v;
  Object.assign(env, { KOKORO_RUNTIME: REAL_RUNTIME ?? 'bundled', KOKORO_MODEL_CACHE: testModelCache(), KOKORO_REWRITES: 'none' });
  const child = spawn(process.execPath, [BIN, 'synth', '--stream', '--format', 'pcm', '-o', '-', '-m', MODEL, '--voices-dir', VOICES, '-v', 'af_heart', '--verbose', '--engine-warmup'], { cwd: ROOT, env });
  const out: Buffer[] = [];
  let err = '';
  let written = 0;
  let writtenAtFirstAudio = -1;
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    if (writtenAtFirstAudio < 0) writtenAtFirstAudio = written;
    out.push(d);
  });
  const closed = new Promise<number | null>((ok) => child.on('close', (code) => ok(code)));
  const words = REPLY.join(' ').split(' ');
  // The reply starts once the model is loaded, as it would reach a running server.
  while (!/ready \d+ ms after process start/.test(err)) {
    assert.equal(child.exitCode, null, err);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const w of words) {
    child.stdin.write(`${w} `);
    written++;
    await new Promise((r) => setTimeout(r, 300));
  }
  child.stdin.end();
  assert.equal(await closed, 0, err);
  assert.ok(writtenAtFirstAudio > 0 && writtenAtFirstAudio < words.length, `audio began after ${writtenAtFirstAudio} of ${words.length} words`);
  const pcm = Buffer.concat(out);
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2);
  const wav = join(tempDir('kokoro-real-stream-'), 'reply.wav');
  writeFileSync(wav, encodeWav(samples));
  const heard = (await transcribe([wav]))[wav] ?? '';
  const w = wordErrorRate(REPLY.join(' '), heard);
  assert.ok(w.rate <= 0.15, `WER ${w.rate.toFixed(2)}: heard "${heard}"`);
});
