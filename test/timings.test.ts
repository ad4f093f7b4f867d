import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkup } from '../src/text/markup';
import { planText } from '../src/engine/text-plan';
import { KokoroError } from '../src/util/errors';
import { pauseInserts, shiftStarts, tokenStarts, wordTimings, TimingTrack } from '../src/engine/timings';
import { spliceSilence } from '../src/audio/pcm';
import { buildCues, wrap } from '../src/captions/cues';
import { toSrt, toVtt } from '../src/captions/format';

test('inline breaks: [pause:S], <break time=".."/>, in a row, at the start; malformed and huge ones refused', () => {
  const text = 'One. [pause:0.8] Two <break time="250ms"/> three<break time=\'1.5s\'/>[pause:200ms] four';
  const pieces = parseMarkup(text);
  assert.deepEqual(pieces.map((p) => (p.kind === 'text' ? p.text.text.trim() : p.kind === 'break' ? p.seconds : p.kind)), ['One.', 0.8, 'Two', 0.25, 'three', 1.5, 0.2, 'four']);
  const four = pieces[7]!;
  assert.ok(four.kind === 'text' && text.slice(...four.text.spanOf(1, 5)) === 'four', 'pieces keep their offsets in the input');
  const plan = planText(text, { voice: 'af_heart', speed: 1 });
  assert.deepEqual(plan.sentences.map((s) => s.breakAfterS), [0.8, 0.25, 1.7, null], 'breaks in a row add up');
  assert.equal(planText('[pause:2] Hi', { voice: 'af_heart', speed: 1 }).leadingS, 2);
  for (const bad of ['Hi [pause:abc] there', 'Hi [pause] there', 'Hi <break time="fast"/> there', 'Hi <break/> there', 'Hi [pause:-1] there']) {
    assert.throws(() => parseMarkup(bad), (e: unknown) => e instanceof KokoroError && e.code === 'bad-text' && /malformed break .* at line 1, column 4/.test(e.message), bad);
  }
  assert.throws(() => parseMarkup('Hi [pause:11] there'), (e: unknown) => e instanceof KokoroError && /longest is 10 s/.test(e.message));
  assert.throws(() => parseMarkup('Hi <break time="10001ms"/> there'), (e: unknown) => e instanceof KokoroError && /longest is 10 s/.test(e.message));
  assert.equal(parseMarkup('No markup [here].').length, 1);
});

test('token starts from durations: frames of 600 samples, pads included; scaled if the audio length differs', () => {
  assert.deepEqual([...tokenStarts(Int32Array.of(2, 1, 3, 1), 7 * 600)], [0, 1200, 1800, 3600, 4200]);
  assert.deepEqual([...tokenStarts(Int32Array.of(1, 1), 2400)], [0, 1200, 2400], 'twice as long: boundaries scaled');
});

test('pauses: the gap after punctuation is topped up to the target, never doubled', () => {
  // ids: pad, h, i, '.', ' ', y, o, ',', pad  -> tokens "hi. yo,"; 2 frames each, the '.' 4 frames (0.1 s)
  const durations = Int32Array.of(1, 2, 2, 4, 2, 2, 2, 2, 1);
  const starts = tokenStarts(durations, 18 * 600);
  const none = pauseInserts('hi. yo,', starts, { sentenceS: 0, clauseS: 0 });
  assert.deepEqual(none, []);
  const inserts = pauseInserts('hi. yo,', starts, { sentenceS: 0.5, clauseS: 0.1 });
  // '.' gap = '.' (4 frames) + space (2) = 6 frames = 0.15 s -> 0.35 s more, before the space.
  assert.deepEqual(inserts[0], { at: starts[4], length: Math.round(0.35 * 24000) });
  // ',' at the end: ',' (2) + end pad (1) = 3 frames = 0.075 s -> 0.025 s more, after the ','.
  assert.deepEqual(inserts[1], { at: starts[8], length: Math.round(0.025 * 24000) });
  assert.deepEqual(pauseInserts('hi. yo,', starts, { sentenceS: 0.1, clauseS: 0.05 }), [], 'the model already leaves more than asked');
  const spliced = spliceSilence(new Float32Array(18 * 600).fill(0.5), inserts);
  assert.equal(spliced.length, 18 * 600 + inserts[0]!.length + inserts[1]!.length);
  assert.ok(spliced.subarray(starts[4]!, starts[4]! + inserts[0]!.length).every((x) => x === 0), 'exact silence where asked');
  const shifted = shiftStarts(starts, inserts);
  assert.equal(shifted[4]! - starts[4]!, inserts[0]!.length, 'tokens after the pause move by its length');
  assert.equal(shifted[3], starts[3], 'tokens before it stay');
});

test('word timings from spans and starts: punctuation and spaces are no words; a word cut across chunks is one', () => {
  const input = 'Hi, $5 now.';
  const starts = Int32Array.of(0, 600, 1200, 1800, 2400, 3000, 3600, 4200, 4800, 5400);
  // tokens: h i , ␠ f v ␠ n w  (a made-up phoneme string of 8 tokens + 2 pads)
  const spans = [
    { tokens: [0, 2] as const, text: [0, 2] as const },
    { tokens: [2, 3] as const, text: [2, 3] as const },
    { tokens: [3, 4] as const, text: [3, 4] as const },
    { tokens: [4, 6] as const, text: [4, 6] as const },
    { tokens: [6, 7] as const, text: [6, 7] as const },
    { tokens: [7, 8] as const, text: [7, 10] as const },
  ];
  const words = wordTimings(spans, starts, input, 24000);
  assert.deepEqual(words.map((w) => w.text), ['Hi', '$5', 'now']);
  // Token boundaries less the 3-frame onset lead (1800 samples), never before the chunk's start.
  assert.deepEqual(words.map((w) => [w.start, w.end]), [[1, 1], [1.05, 1.1], [1.125, 1.15]].map(([a, b]) => [a!, b!]));
  assert.deepEqual([words[1]!.charStart, words[1]!.charEnd], [4, 6]);
  const track = new TimingTrack('abcdef');
  const c1 = { phonemes: 'abc', spans: [{ tokens: [0, 3] as const, text: [0, 6] as const }], tokenStarts: Int32Array.of(0, 100, 200, 300, 400), samples: new Float32Array(500) };
  const c2 = { phonemes: 'de', spans: [{ tokens: [0, 2] as const, text: [0, 6] as const }], tokenStarts: Int32Array.of(0, 100, 200, 300), samples: new Float32Array(300) };
  track.add(c1);
  track.add(c2);
  assert.equal(track.words.length, 1, 'one word over two chunks');
  assert.equal(track.words[0]!.end, 500 / 24000, 'the end of the word in the second chunk (its boundary 300 less the lead, clamped to the chunk start)');
  assert.equal(track.seconds, 800 / 24000);
});

/** Parses SRT back into cues (index, times, text), failing on anything malformed. */
function parseSrt(srt: string): { start: number; end: number; text: string[] }[] {
  const t = (s: string): number => {
    const m = /^(\d\d):(\d\d):(\d\d),(\d\d\d)$/.exec(s);
    assert.ok(m, `bad SRT time ${s}`);
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
  };
  return srt.trimEnd().split('\n\n').map((block, i) => {
    const [idx, times, ...text] = block.split('\n');
    assert.equal(idx, String(i + 1));
    const [a, b] = times!.split(' --> ');
    return { start: t(a!), end: t(b!), text };
  });
}

test('captions: lines of at most 42 characters, at most 2 lines, cut at sentence and clause ends, no cue under 0.5 s', () => {
  const input = 'Short one. This sentence is rather long, and it goes on with a clause after the comma, then another one to force a cut. Ok.';
  const words = [...input.matchAll(/[\p{L}\p{N}']+/gu)].map((m, i) => ({ text: m[0], start: i * 0.3, end: i * 0.3 + 0.25, charStart: m.index, charEnd: m.index + m[0].length }));
  const audio = words.length * 0.3 + 0.5;
  const cues = buildCues(words, input, audio);
  const back = parseSrt(toSrt(cues));
  assert.equal(back.length, cues.length);
  for (const c of back) {
    assert.ok(c.text.length >= 1 && c.text.length <= 2, `${c.text.length} lines`);
    for (const l of c.text) assert.ok(l.length <= 42, `line of ${l.length}: ${l}`);
    assert.ok(c.end - c.start >= 0.5 - 1e-9, `cue of ${c.end - c.start} s`);
    assert.ok(c.end <= audio + 1e-9);
  }
  assert.deepEqual(back[0]!.text, ['Short one.'], 'a sentence end closes a cue');
  assert.ok(back.some((c) => /comma,$/.test(c.text[c.text.length - 1]!)), 'a long sentence is cut at a clause end');
  assert.deepEqual(back[back.length - 1]!.text, ['Ok.']);
  for (let i = 1; i < back.length; i++) assert.ok(back[i]!.start >= back[i - 1]!.end - 1e-9, 'cues do not overlap');
  const vtt = toVtt(buildCues([{ text: 'a<b', start: 0, end: 0.1, charStart: 0, charEnd: 3 }], 'a<b', 0.3));
  assert.match(vtt, /^WEBVTT\n\n00:00:00\.000 --> 00:00:00\.300\na&lt;b\n$/, 'VTT: header, dot times, escaped text; a short cue stretched only to the audio end');
  assert.deepEqual(wrap(['aaaa', 'bb', 'cc'], 7), ['aaaa bb', 'cc']);
});
