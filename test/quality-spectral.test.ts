import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignFrames, KOKORO_MEL, logMel, spectralDistance } from '../benchmarks/quality/spectral';

const SR = KOKORO_MEL.sampleRate;

/** A tone sweep with a little noise: speech-like enough that every band has some energy. */
function signal(seconds: number, hz: number, seed = 1, stretch = 1): Float32Array {
  let x = seed;
  const rand = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  return Float32Array.from({ length: Math.round(seconds * SR * stretch) }, (_, i) => {
    const t = i / SR / stretch;
    return 0.5 * Math.sin(2 * Math.PI * hz * t * (1 + t)) + 0.01 * rand();
  });
}

test('log-mel: a 1 kHz tone peaks in the band that holds 1 kHz, and the floor sits 80 dB under the peak', () => {
  const tone = Float32Array.from({ length: SR / 2 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / SR));
  const frames = logMel(tone);
  assert.equal(frames.length, Math.floor((tone.length - KOKORO_MEL.fftSize) / KOKORO_MEL.hop) + 1);
  const mid = frames[Math.floor(frames.length / 2)]!;
  const loudest = mid.indexOf(Math.max(...mid));
  const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
  const expected = Math.round((mel(1000) / mel(12000)) * (KOKORO_MEL.bands + 1)) - 1;
  assert.ok(Math.abs(loudest - expected) <= 1, `loudest band ${loudest}, expected about ${expected}`);
  assert.ok(Math.abs(Math.max(...mid) - Math.min(...mid) - KOKORO_MEL.floorDb) < 1e-9, 'the quiet bands are floored');
});

test('spectral distance: zero for the same clip, small for a little noise, large for another pitch', () => {
  const a = signal(1, 200);
  const same = spectralDistance(a, a);
  assert.equal(same.logMelDb, 0);
  assert.equal(same.mcdDb, 0);
  assert.equal(same.warped, false);
  const noisy = spectralDistance(a, signal(1, 200, 7));
  const other = spectralDistance(a, signal(1, 330));
  assert.ok(noisy.logMelDb > 0 && noisy.logMelDb < other.logMelDb / 3, `noise ${noisy.logMelDb} dB vs pitch ${other.logMelDb} dB`);
  assert.ok(noisy.mcdDb < other.mcdDb, `MCD noise ${noisy.mcdDb} vs pitch ${other.mcdDb}`);
});

/** A run of 60 ms tones of changing pitch (phoneme-like steps), slowed down by `stretch`. */
function steps(stretch: number): Float32Array {
  const pitches = [220, 440, 330, 660, 250, 500, 370, 740, 280, 560];
  const step = Math.round(0.06 * SR * stretch);
  return Float32Array.from({ length: step * 30 }, (_, i) => {
    const hz = pitches[Math.floor(i / step) % pitches.length]!;
    return 0.5 * Math.sin((2 * Math.PI * hz * i) / SR);
  });
}

test('a clip 5% longer is paired by time warping, and lands far nearer than pairing frames one to one would', () => {
  const a = steps(1);
  const longer = steps(1.05);
  const warped = spectralDistance(a, longer);
  assert.equal(warped.warped, true);
  // One to one, for comparison: the steps drift out of step.
  const direct = spectralDistance(a, longer, KOKORO_MEL, false);
  assert.equal(direct.warped, false);
  assert.ok(warped.logMelDb < direct.logMelDb / 2, `warped ${warped.logMelDb} dB vs one-to-one ${direct.logMelDb} dB`);
});

test('frame pairing is monotonic, starts at the first frames and ends at the last', () => {
  const a = Array.from({ length: 50 }, (_, i) => Float64Array.of(i, 0));
  const b = Array.from({ length: 60 }, (_, i) => Float64Array.of((i * 50) / 60, 0));
  const { pairs, warped } = alignFrames(a, b);
  assert.equal(warped, true);
  assert.deepEqual(pairs[0], [0, 0]);
  assert.deepEqual(pairs[pairs.length - 1], [49, 59]);
  for (let k = 1; k < pairs.length; k++) {
    const [i0, j0] = pairs[k - 1]!;
    const [i1, j1] = pairs[k]!;
    assert.ok(i1 - i0 >= 0 && i1 - i0 <= 1 && j1 - j0 >= 0 && j1 - j0 <= 1 && i1 + j1 > i0 + j0, `step ${k}`);
  }
});
