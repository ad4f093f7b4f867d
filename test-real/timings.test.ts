/**
 * Word timings on the real model (int8 file with its durations output added), checked against an
 * independent aligner: faster-whisper's word timestamps on the same audio. Words are matched by a
 * minimum-edit alignment of the two word sequences (lowercase letters and digits; words the
 * recognizer heard differently are left out); the check is on |our start - Whisper's start|.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SESSION_SETTINGS, TimingTrack, type Engine, type WordTiming } from '../src/engine';
import { floatToInt16 } from '../src/audio/pcm';
import { encodeWav } from '../src/audio/wav';
import { tempDir, VOICES } from '../test/helpers';
import { ASR_MODEL, realEngine, realModelWithDurations, runAsrScript, skipUnlessModelAndAsr, speakText, SUITE } from './helpers';
import { matchWords, onsetNear } from './align-words';
import { quantileOf } from '../src/util/quantile';

// An American and a British voice: each adds the whole suite's synthesis and recognition to the tier.
const VOICE_NAMES = ['af_heart', 'bf_emma'];
const skip = skipUnlessModelAndAsr('real-model word-timing check');

describe('word timings against Whisper word timestamps', { skip }, () => {
  const dir = tempDir('kokoro-real-timings-');
  let engine: Engine;
  const spoken: { voice: string; name: string; wav: string; words: WordTiming[]; samples: Int16Array }[] = [];

  before(async () => {
    engine = await realEngine({ modelPath: await realModelWithDurations(dir), voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 2 }, maxChunkTokens: 200 });
    for (const voice of VOICE_NAMES) {
      for (const c of SUITE) {
        const track = new TimingTrack(c.text);
        const { chunks, all } = await speakText(engine, c.text, voice);
        for (const chunk of chunks) track.add(chunk);
        const wav = join(dir, `${voice}-${c.name}.wav`);
        const samples = floatToInt16(all);
        writeFileSync(wav, encodeWav(samples));
        spoken.push({ voice, name: c.name, wav, words: track.words, samples });
      }
    }
  });

  after(async () => {
    await engine?.close();
  });

  test('word starts match the signal: where speech resumes after a silence, within 50 ms (median) and 100 ms (p90)', () => {
    const d: number[] = [];
    for (const s of spoken) {
      // Only the first word after a silence (by our times, ≥ 100 ms since the last word ended) has a
      // clean onset: for the second word the search would find the first one's.
      s.words.forEach((w, i) => {
        const prevEnd = i === 0 ? -1 : s.words[i - 1]!.end;
        if (w.start - prevEnd < 0.1) return;
        const onset = onsetNear(s.samples, 24000, w.start);
        if (onset !== null && onset > prevEnd) d.push(w.start - onset);
      });
    }
    const abs = d.map(Math.abs);
    process.stderr.write(`signal onsets: ${d.length} words after a silence; start - onset: median ${(quantileOf(d, 0.5) * 1000).toFixed(0)} ms, |Δ| median ${(quantileOf(abs, 0.5) * 1000).toFixed(0)} ms, p90 ${(quantileOf(abs, 0.9) * 1000).toFixed(0)} ms\n`);
    assert.ok(d.length >= 20, `only ${d.length} words follow a silence`);
    assert.ok(quantileOf(abs, 0.5) <= 0.05, `median |Δ| ${(quantileOf(abs, 0.5) * 1000).toFixed(0)} ms`);
    assert.ok(quantileOf(abs, 0.9) <= 0.1, `p90 |Δ| ${(quantileOf(abs, 0.9) * 1000).toFixed(0)} ms`);
  });

  // Whisper base's own word times are coarse (cross-attention alignment): they run early, and their
  // spread differs by voice for the same texts, so they are reported, and checked only for gross errors (a chunk offset or a pause
  // left out of the timings shifts every later word by 0.1-1 s); the signal test above is the
  // precise check.
  test('against Whisper base word timestamps: figures reported; no gross drift (offset ≤ 150 ms, median ≤ 80 ms after it)', async () => {
    const json = await runAsrScript('word_times.py', [ASR_MODEL, ...spoken.map((s) => s.wav)]);
    const heard = JSON.parse(json) as Record<string, { word: string; start: number; end: number }[]>;
    const all: number[] = [];
    let ours = 0;
    for (const voice of VOICE_NAMES) {
      const deltas: number[] = [];
      for (const s of spoken.filter((x) => x.voice === voice)) {
        const pairs = matchWords(s.words, (heard[s.wav] ?? []).map((w) => ({ text: w.word, start: w.start })));
        deltas.push(...pairs.map(([a, b]) => a.start - b.start));
        ours += s.words.length;
      }
      all.push(...deltas);
      const abs = deltas.map(Math.abs);
      process.stderr.write(`${voice}: ${deltas.length} matched words; ours - Whisper: median ${(quantileOf(deltas, 0.5) * 1000).toFixed(0)} ms; |Δstart| median ${(quantileOf(abs, 0.5) * 1000).toFixed(0)} ms, p90 ${(quantileOf(abs, 0.9) * 1000).toFixed(0)} ms\n`);
    }
    const bias = quantileOf(all, 0.5);
    const raw = all.map(Math.abs);
    const centred = all.map((x) => Math.abs(x - bias));
    process.stderr.write(
      `all voices: ${all.length} of ${ours} words matched; raw |Δstart| median ${(quantileOf(raw, 0.5) * 1000).toFixed(0)} ms, p90 ${(quantileOf(raw, 0.9) * 1000).toFixed(0)} ms; ` +
        `Whisper's offset (median ours - Whisper) ${(bias * 1000).toFixed(0)} ms; after it |Δstart| median ${(quantileOf(centred, 0.5) * 1000).toFixed(0)} ms, p90 ${(quantileOf(centred, 0.9) * 1000).toFixed(0)} ms\n`,
    );
    assert.ok(all.length >= 0.8 * ours, `only ${all.length} of ${ours} words matched`);
    assert.ok(Math.abs(bias) <= 0.15, `Whisper's offset ${(bias * 1000).toFixed(0)} ms`);
    assert.ok(quantileOf(centred, 0.5) <= 0.08, `median |Δstart - offset| ${(quantileOf(centred, 0.5) * 1000).toFixed(0)} ms`);
  });
});
