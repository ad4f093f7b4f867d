/**
 * Control over speech on the real model (README "Controlling speech"): exact pauses measured on the
 * audio, a voice switch mid-sentence with each part checked by Whisper, a lexicon entry that changes
 * what Whisper hears, and SSML say-as characters spelled out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SESSION_SETTINGS, TimingTrack, type Engine, type WordTiming } from '../src/engine';
import { floatToInt16 } from '../src/audio/pcm';
import { encodeWav } from '../src/audio/wav';
import { parseLexicon } from '../src/text/lexicon';
import { tempDir, VOICES } from '../test/helpers';
import { realEngine, realModelWithDurations, skipUnlessModelAndAsr, speakText, transcribe } from './helpers';

const skip = skipUnlessModelAndAsr('real-model speech-control checks');

/** The longest run of 10 ms frames whose RMS is below `threshold`, inside the audio (not at its ends), in seconds. */
function longestInnerSilence(s: Float32Array, threshold = 0.01): number {
  const loud: boolean[] = [];
  for (let i = 0; i + 240 <= s.length; i += 240) {
    let e = 0;
    for (let k = i; k < i + 240; k++) e += s[k]! * s[k]!;
    loud.push(Math.sqrt(e / 240) >= threshold);
  }
  const first = loud.indexOf(true);
  const last = loud.lastIndexOf(true);
  let best = 0;
  let run = 0;
  for (let i = first; i <= last; i++) {
    run = loud[i] ? 0 : run + 1;
    best = Math.max(best, run);
  }
  return best / 100;
}

const words = (t: string): string[] => t.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);

describe('speech control on the real model', { skip }, () => {
  const dir = tempDir('kokoro-real-control-');
  let timed: Engine;
  let plain: Engine;
  const lexicon = parseLexicon('blorpington\tlˈʌndən\n', 'real.tsv');

  async function speak(e: Engine, text: string, voice = 'af_heart'): Promise<{ all: Float32Array; words: WordTiming[] }> {
    const track = new TimingTrack(text);
    const { chunks, all } = await speakText(e, text, voice);
    for (const c of chunks) if (c.tokenStarts) track.add(c);
    return { all, words: track.words };
  }
  const wav = (name: string, s: Float32Array): string => {
    const path = join(dir, `${name}.wav`);
    writeFileSync(path, encodeWav(floatToInt16(s)));
    return path;
  };

  before(async () => {
    const model = await realModelWithDurations(dir);
    const opts = { voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 2 }, maxChunkTokens: 200, lexicon };
    timed = await realEngine({ ...opts, modelPath: model });
    plain = await realEngine(opts);
  });
  after(async () => {
    await timed?.close();
    await plain?.close();
  });

  test('an inline break leaves the silence asked for, ± 50 ms, by energy in 10 ms frames (with and without durations)', async () => {
    for (const [e, label] of [[timed, 'durations'], [plain, 'signal']] as const) {
      for (const [text, want] of [['Wait. [pause:1.5] Now go.', 1.5], ['Turn left <break time="700ms"/> then right.', 0.7]] as const) {
        const { all } = await speak(e, text);
        const gap = longestInnerSilence(all);
        process.stderr.write(`pause (${label}) "${text}": ${gap.toFixed(2)} s of silence for ${want} s\n`);
        assert.ok(Math.abs(gap - want) <= 0.05, `${label}: ${gap} s for ${want} s`);
      }
    }
  });

  test('Whisper: a voice switch mid-sentence (each part), a lexicon word said as a real one, say-as characters spelled out', async () => {
    const sw = await speak(timed, 'The weather is lovely today [voice:bf_emma] and the garden is very green.');
    const cut = sw.words.find((w) => w.voice === 'bf_emma')!;
    assert.ok(cut && sw.words.filter((w) => w.voice === 'af_heart').length === 5, 'the first five words in af_heart, the rest in bf_emma');
    const at = Math.round((cut.start - 0.02) * 24000);
    const first = wav('switch-1', sw.all.slice(0, at));
    const second = wav('switch-2', sw.all.slice(at));
    const lex = wav('lexicon', (await speak(timed, 'I live in Blorpington.')).all);
    const ssml = wav('say-as', (await speak(timed, '<speak>The code is <say-as interpret-as="characters">XQZ</say-as>.</speak>')).all);
    const heard = await transcribe([first, second, lex, ssml]);
    process.stderr.write(`Whisper: ${JSON.stringify(heard)}\n`);
    assert.ok(['weather', 'lovely', 'today'].every((w) => words(heard[first]!).includes(w)), heard[first]);
    assert.ok(['garden', 'green'].every((w) => words(heard[second]!).includes(w)), heard[second]);
    assert.ok(!words(heard[second]!).includes('weather'), 'the cut is at the switch');
    assert.ok(words(heard[lex]!).includes('london'), `the lexicon made Blorpington "London": ${heard[lex]}`);
    const letters = words(heard[ssml]!);
    const spelled = letters.join('').includes('xqz') || ['x', 'q', 'z'].every((l) => letters.includes(l)) || ['ex', 'cue', 'zee'].every((l) => letters.includes(l));
    assert.ok(spelled, `XQZ spelled out: ${heard[ssml]}`);
  });
});
