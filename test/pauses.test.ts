import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE } from '../src/engine';
import { ENERGY_FRAME_SAMPLES, firstSoundStart, lastSoundEnd, SOUND_MARGIN_SAMPLES } from '../src/audio/trim';
import { SAMPLE_RATE } from '../src/spec';
import { trimAtBreaks } from '../src/engine/break-trim';
import { joined, STANDIN, STANDIN_DURATIONS, VOICES } from './helpers';

async function audioOf(model: string, text: string): Promise<Float32Array> {
  const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: model, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 200, phonemeCacheSize: 0 });
  try {
    const parts: Float32Array[] = [];
    for await (const c of engine.synthesize({ text, voice: 'af_heart', speed: 1 })) parts.push(c.samples);
    return joined(parts);
  } finally {
    await engine.close();
  }
}

/** Silent runs (10 ms frames whose RMS is below `threshold`) of at least 100 ms, in seconds. */
function silentRuns(s: Float32Array, threshold: number): number[] {
  const runs: number[] = [];
  let run = 0;
  for (let i = 0; i + 240 <= s.length; i += 240) {
    let e = 0;
    for (let k = i; k < i + 240; k++) e += s[k]! * s[k]!;
    if (Math.sqrt(e / 240) < threshold) run++;
    else {
      if (run >= 10) runs.push(run / 100);
      run = 0;
    }
  }
  return runs;
}

test('sound edges by energy: the first and last 10 ms frame of sound, with a 5 ms margin', () => {
  const s = new Float32Array(24000);
  for (let i = 4800; i < 9600; i++) s[i] = 0.3 * Math.sin(i / 5);
  for (let i = 0; i < s.length; i++) s[i]! += 0.0005 * Math.sin(i); // a noise floor far below the threshold
  assert.equal(firstSoundStart(s), 4800 - SOUND_MARGIN_SAMPLES);
  assert.equal(lastSoundEnd(s), 9600 + SOUND_MARGIN_SAMPLES);
  assert.equal(firstSoundStart(s, 10000), s.length, 'no sound in the range: its end');
  assert.equal(lastSoundEnd(s, 10000), 10000, 'no sound in the range: its start');
  assert.ok(lastSoundEnd(s, 0, 9000) <= 9000, 'never past the range');
  assert.equal(ENERGY_FRAME_SAMPLES, SAMPLE_RATE / 100);
});

for (const [name, model] of [['durations', STANDIN_DURATIONS], ['no durations (by the signal)', STANDIN]] as const) {
  test(`an inline break leaves exactly the silence asked for between the sounds around it (${name})`, async () => {
    const plain = await audioOf(model, 'One two three. Four five six.');
    const timed = await audioOf(model, 'One two three. [pause:0.8] Four five six.');
    for (const threshold of [0.01, 0.005]) {
      const runs = silentRuns(timed, threshold);
      const gap = Math.max(...runs);
      assert.ok(Math.abs(gap - 0.8) <= 0.03, `the break's silence is ${gap} s at RMS < ${threshold} (runs ${runs})`);
    }
    // With durations, the stand-in's own gap (final '.', pads) is not kept on top of the break.
    if (model === STANDIN_DURATIONS) assert.ok(timed.length - plain.length < 0.8 * SAMPLE_RATE, `grew by ${(timed.length - plain.length) / SAMPLE_RATE} s`);
    const lead = await audioOf(model, '[pause:0.5] One two.');
    assert.ok(Math.abs(firstSoundStart(lead) / SAMPLE_RATE - 0.5) <= 0.03, `a break at the start: sound begins at ${firstSoundStart(lead) / SAMPLE_RATE} s`);
  });
}

test('trimming at a break: the model\'s silent tail and lead-in go, by durations where given, else by the signal', () => {
  // 'a.' -> ids pad a . pad: 0.2 s lead-in (pad), 0.3 s of sound, 0.4 s of near-silence ('.' and the end pad).
  const s = new Float32Array(0.9 * SAMPLE_RATE);
  for (let i = 4800; i < 12000; i++) s[i] = 0.3 * Math.sin(i / 5);
  const starts = Int32Array.from([0, 4800, 12000, 16800, 21600]);
  const both = trimAtBreaks(s.slice(), starts, 'a.', true, true);
  assert.equal(both.samples.length, 12000 - 4800 + 2 * SOUND_MARGIN_SAMPLES, 'only the sound and its margins are kept');
  assert.deepEqual([...both.starts!], [0, SOUND_MARGIN_SAMPLES, 7200 + SOUND_MARGIN_SAMPLES, 7440, 7440], 'token starts move with the cut');
  const signal = trimAtBreaks(s.slice(), null, 'a.', true, true);
  assert.equal(signal.samples.length, both.samples.length, 'without durations, the signal gives the same cut');
  const tailOnly = trimAtBreaks(s.slice(), starts, 'a.', false, true);
  assert.equal(tailOnly.samples.length, 12000 + SOUND_MARGIN_SAMPLES, 'no break before: the lead-in stays');
  const none = trimAtBreaks(s, starts, 'a.', false, false);
  assert.equal(none.samples, s, 'no break: untouched');
  // Sound the durations put in the '.' (a model whose frames lag the signal) is kept, up to 100 ms past the token.
  const late = s.slice();
  for (let i = 12000; i < 13200; i++) late[i] = 0.3 * Math.sin(i / 5);
  assert.equal(trimAtBreaks(late, starts, 'a.', false, true).samples.length, 13200 + SOUND_MARGIN_SAMPLES);
});
