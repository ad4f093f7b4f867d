import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { openEncoder } from '../src/audio/encode';
import { oggCrc } from '../src/audio/ogg';
import { runCli, standinArgs, tempDir } from './helpers';
import { samplesOf, serve } from './serve-helpers';
import { decodeOggOpus, mp3Frames, rms } from './encode-helpers';

const TEXT = 'Hello, world. It costs $5.50 today! The quick brown fox jumps over the lazy dog, and then it rests in the shade.';
const MP3_FRAME = 576; // samples per MPEG-2 Layer III frame

function tone(n: number): Int16Array {
  const s = new Int16Array(n);
  for (let i = 0; i < n; i++) s[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / 24000));
  return s;
}

async function encodeAll(format: 'mp3' | 'opus', samples: Int16Array, pieces: number): Promise<Uint8Array> {
  const enc = await openEncoder(format);
  const parts: Uint8Array[] = [];
  const step = Math.ceil(samples.length / pieces);
  for (let i = 0; i < samples.length; i += step) parts.push(enc.encode(samples.subarray(i, i + step)));
  parts.push(enc.finish());
  enc.close();
  return Buffer.concat(parts);
}

/** mp3 frames cover the samples plus LAME's delay and padding (a few frames at most). */
function assertMp3Covers(bytes: Uint8Array, samples: number): void {
  const m = mp3Frames(bytes);
  assert.equal(m.sampleRate, 24000);
  assert.equal(m.kbps, 48);
  assert.ok(m.frames * MP3_FRAME >= samples && m.frames * MP3_FRAME <= samples + 4 * MP3_FRAME, `${m.frames} frames for ${samples} samples`);
  assert.ok(m.meanAudioBits > 200, `frames carry audio, not silence (${m.meanAudioBits.toFixed(0)} coded bits per frame)`);
}

/** Ogg Opus decoded back: exactly the samples' length, and as loud as they are. */
function assertOpusMatches(bytes: Uint8Array, samples: Int16Array): void {
  const d = decodeOggOpus(bytes);
  assert.equal(d.preSkip, 312);
  assert.equal(d.granule, BigInt(312 + 2 * samples.length), 'last granule position: pre-skip + 48 kHz samples');
  assert.equal(d.samples.length, samples.length);
  const ratio = rms(d.samples) / rms(samples);
  assert.ok(ratio > 0.5 && ratio < 1.5, `decoded loudness ${ratio.toFixed(2)} of the input`);
}

test('Ogg CRC is CRC-32 with polynomial 0x04c11db7, initial 0, no reflection', () => {
  assert.equal(oggCrc(new TextEncoder().encode('123456789')), 0x89a1897f);
});

test('encoders: mp3 frames and Ogg Opus pages hold the audio, whole or in pieces', async () => {
  for (const n of [24000, 24000 * 3 + 123, 480 * 10]) {
    const s = tone(n);
    for (const pieces of [1, 7]) {
      assertMp3Covers(await encodeAll('mp3', s, pieces), n);
      assertOpusMatches(await encodeAll('opus', s, pieces), s);
    }
  }
  const silent = mp3Frames(await encodeAll('mp3', new Int16Array(24000), 1));
  assert.ok(silent.meanAudioBits < 20, `the silence check tells silence apart (${silent.meanAudioBits})`);
});

test('the official openai client: mp3 and opus, whole and streamed, cover the WAV answer', async () => {
  const s = await serve();
  try {
    const client = new OpenAI({ baseURL: `${s.base}/v1`, apiKey: 'anything', maxRetries: 0 });
    const ask = async (extra: Record<string, unknown>): Promise<{ bytes: Buffer; type: string | null; length: string | null }> => {
      const params = { model: 'tts-1', voice: 'af_heart', input: TEXT, ...extra } as unknown as OpenAI.Audio.SpeechCreateParams;
      const res = await client.audio.speech.create(params);
      return { bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type'), length: res.headers.get('content-length') };
    };
    const wav = samplesOf((await ask({ response_format: 'wav' })).bytes, true);
    const streamedWav = samplesOf((await ask({ response_format: 'wav', stream: true })).bytes, true);

    const mp3 = await ask({ response_format: 'mp3' });
    assert.equal(mp3.type, 'audio/mpeg');
    assert.equal(mp3.length, String(mp3.bytes.byteLength), 'a whole answer has its exact Content-Length');
    assertMp3Covers(mp3.bytes, wav.length);
    const mp3Stream = await ask({ response_format: 'mp3', stream: true });
    assert.equal(mp3Stream.length, null, 'a stream is chunked');
    assertMp3Covers(mp3Stream.bytes, streamedWav.length);

    const opus = await ask({ response_format: 'opus' });
    assert.equal(opus.type, 'audio/ogg; codecs=opus');
    assert.equal(opus.length, String(opus.bytes.byteLength));
    assertOpusMatches(opus.bytes, wav);
    const opusStream = await ask({ response_format: 'opus', stream: true });
    assert.equal(opusStream.length, null);
    assertOpusMatches(opusStream.bytes, streamedWav);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('synth --format mp3|opus: to a file, to a pipe, streamed, and one file per line', async () => {
  const dir = tempDir();
  const wav = samplesOf((await runCli(['synth', TEXT, ...standinArgs(), '-o', '-'])).stdout, true);
  const file = await runCli(['synth', TEXT, ...standinArgs(), '--format', 'mp3', '-o', join(dir, 'a.mp3')]);
  assert.equal(file.code, 0, file.stderr);
  const pipe = await runCli(['synth', TEXT, ...standinArgs(), '--format', 'mp3', '-o', '-']);
  assert.equal(pipe.code, 0, pipe.stderr);
  assert.deepEqual(readFileSync(join(dir, 'a.mp3')), pipe.stdout, 'LAME is deterministic, chunked or whole');
  assertMp3Covers(pipe.stdout, wav.length);
  const opus = await runCli(['synth', TEXT, ...standinArgs(), '--format', 'opus', '-o', join(dir, 'a.opus')]);
  assert.equal(opus.code, 0, opus.stderr);
  assertOpusMatches(readFileSync(join(dir, 'a.opus')), wav);
  const streamed = await runCli(['synth', TEXT, ...standinArgs(), '--format', 'opus', '--stream', '-o', '-']);
  assert.equal(streamed.code, 0, streamed.stderr);
  decodeOggOpus(streamed.stdout);

  const out = join(dir, 'lines');
  const batch = await runCli(['synth', '--split-lines', '--out-dir', out, '--format', 'mp3', ...standinArgs()], { input: 'One line.\n\nTwo lines.\n' });
  assert.equal(batch.code, 0, batch.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['0001.mp3', '0003.mp3']);
  for (const f of readdirSync(out)) assert.ok(mp3Frames(readFileSync(join(out, f))).frames > 0);
});
