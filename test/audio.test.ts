import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JOIN_FADE_SAMPLES, LIMIT_KNEE, floatToInt16, shapeJoin, softLimit } from '../src/audio/pcm';
import { decodeWav, encodeWav } from '../src/audio/wav';

test('float to int16 clips instead of wrapping, and maps NaN to silence', () => {
  const out = floatToInt16(Float32Array.from([0, 0.5, -0.5, 1, -1, 1.5, -7, NaN, Infinity, -Infinity]));
  assert.deepEqual([...out], [0, 16384, -16384, 32767, -32767, 32767, -32767, 0, 32767, -32767]);
});

test('WAV header: 24 kHz, mono, 16-bit PCM, data size matches', () => {
  const samples = Int16Array.from([0, 1000, -1000, 32767, -32767]);
  const bytes = encodeWav(samples);
  const b = Buffer.from(bytes);
  assert.equal(b.toString('ascii', 0, 4), 'RIFF');
  assert.equal(b.toString('ascii', 8, 12), 'WAVE');
  assert.equal(b.readUInt16LE(20), 1, 'PCM');
  assert.equal(b.readUInt16LE(22), 1, 'mono');
  assert.equal(b.readUInt32LE(24), 24000);
  assert.equal(b.readUInt16LE(34), 16);
  assert.equal(b.readUInt32LE(4), b.length - 8);
  const d = decodeWav(bytes);
  assert.equal(d.sampleRate, 24000);
  assert.deepEqual([...d.samples], [...samples]);
});

test('joins ramp inner edges to silence and leave the outer edges alone', () => {
  const n = 1000;
  const first = shapeJoin(new Float32Array(n).fill(1), false, true);
  assert.equal(first[0], 1, 'start of the audio untouched');
  assert.equal(first[n - 1], 0, 'end of a chunk that is followed ramps to zero');
  const middle = shapeJoin(new Float32Array(n).fill(1), true, true);
  assert.equal(middle[0], 0);
  assert.equal(middle[n - 1], 0);
  assert.equal(middle[n / 2], 1, 'the body is untouched');
  assert.ok(middle[JOIN_FADE_SAMPLES / 2]! > 0.4 && middle[JOIN_FADE_SAMPLES / 2]! < 0.6, 'raised-cosine midpoint');
  const last = shapeJoin(new Float32Array(n).fill(1), true, false);
  assert.equal(last[n - 1], 1);
});

test('soft limiter: untouched below the knee, smooth and below full scale above it', () => {
  const xs = Float32Array.from({ length: 4001 }, (_, i) => -2 + i * 0.001);
  const ys = softLimit(Float32Array.from(xs));
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (Math.abs(x) <= LIMIT_KNEE) assert.equal(y, x, `changed ${x}`);
    else {
      assert.ok(Math.abs(y) <= 1 && Math.abs(y) >= LIMIT_KNEE && Math.sign(y) === Math.sign(x), `${x} -> ${y}`);
      assert.ok(Math.abs(y) <= Math.abs(x), 'never louder');
    }
    if (i > 0) {
      assert.ok(y >= ys[i - 1]!, 'monotonic');
      assert.ok(y - ys[i - 1]! <= 0.001 + 1e-6, 'slope at most 1: no corner or jump');
    }
  }
  assert.ok(Math.abs(softLimit(Float32Array.of(1.03))[0]! - 0.9862) < 1e-3, 'a 1.03 peak lands under full scale');
  assert.ok(Number.isNaN(softLimit(Float32Array.of(NaN))[0]!));
});
