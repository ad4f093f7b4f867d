import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../src/audio/wav';
import { runCli, STANDIN, STANDIN_DURATIONS, standinArgs, tempDir } from './helpers';

const TEXT = 'Hello, world. It costs $5.50 today! Dr. Smith agrees, and so do I.';
const SR = 24000;

interface Word {
  text: string;
  start: number;
  end: number;
  charStart: number;
  charEnd: number;
}

function wordsOf(path: string): { words: Word[]; audioSeconds: number; phonemes?: unknown[] } {
  return JSON.parse(readFileSync(path, 'utf8')) as { words: Word[]; audioSeconds: number };
}

function checkWords(words: Word[], input: string, audioSeconds: number): void {
  assert.deepEqual(words.map((w) => w.text), ['Hello', 'world', 'It', 'costs', '$5.50', 'today', 'Dr.', 'Smith', 'agrees', 'and', 'so', 'do', 'I']);
  let last = 0;
  for (const w of words) {
    assert.equal(input.slice(w.charStart, w.charEnd), w.text, 'offsets point at the word in the input');
    assert.ok(w.start >= last - 1e-9 && w.end > w.start, `monotonic: ${w.text} ${w.start}-${w.end} after ${last}`);
    assert.ok(w.end <= audioSeconds + 1e-9, 'inside the audio');
    last = w.end;
  }
}

function parseSrt(s: string): { start: number; end: number; lines: string[] }[] {
  const t = (x: string): number => {
    const m = /^(\d\d):(\d\d):(\d\d)[,.](\d\d\d)$/.exec(x);
    assert.ok(m, `bad time ${x}`);
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
  };
  return s.trim().split(/\n\n+/).map((b) => {
    const rows = b.split('\n');
    const timeRow = rows.findIndex((r) => r.includes(' --> '));
    const [a, z] = rows[timeRow]!.split(' --> ');
    return { start: t(a!), end: t(z!), lines: rows.slice(timeRow + 1) };
  });
}

test('a model without durations: --timestamps, --srt and explicit pauses stop with an error naming add-durations, nothing written', async () => {
  const dir = tempDir();
  for (const flags of [['--timestamps', join(dir, 't.json')], ['--srt', join(dir, 't.srt')], ['--sentence-pause', '0.5']]) {
    const r = await runCli(['synth', TEXT, ...standinArgs(STANDIN), '-o', join(dir, 'a.wav'), ...flags]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /^Error: .*durations/m);
    assert.match(r.stderr, /kokoro-ts models add-durations/);
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('models add-durations on the stand-in, then synth --timestamps --srt --vtt: words, offsets, captions; same audio', async () => {
  const dir = tempDir();
  const model = join(dir, 'standin.onnx');
  copyFileSync(STANDIN, model);
  const add = await runCli(['models', 'add-durations', model]);
  assert.equal(add.code, 0, add.stderr);
  const edited = join(dir, 'standin-durations.onnx');
  assert.ok(existsSync(edited), add.stderr);
  assert.match(add.stderr, /bit-identical/);
  const again = await runCli(['models', 'add-durations', edited, join(dir, 'copy.onnx')]);
  assert.match(again.stderr, /already returns durations/);

  const plain = await runCli(['synth', TEXT, ...standinArgs(model), '-o', join(dir, 'plain.wav'), '--chunk-tokens', '30']);
  assert.equal(plain.code, 0, plain.stderr);
  const r = await runCli(['synth', TEXT, ...standinArgs(edited), '-o', join(dir, 'a.wav'), '--timestamps', join(dir, 'a.json'), '--timestamps-phonemes', '--srt', join(dir, 'a.srt'), '--vtt', join(dir, 'a.vtt'), '--chunk-tokens', '30', '--sentence-pause', '0', '--clause-pause', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readFileSync(join(dir, 'a.wav')), readFileSync(join(dir, 'plain.wav')), 'timings change nothing in the audio (pauses off)');
  const d = await runCli(['synth', TEXT, ...standinArgs(edited), '-o', join(dir, 'd.wav'), '--chunk-tokens', '30']);
  assert.equal(d.code, 0, d.stderr);
  assert.ok(readFileSync(join(dir, 'd.wav')).length >= readFileSync(join(dir, 'plain.wav')).length, 'the default pauses only ever lengthen gaps');
  const audio = decodeWav(readFileSync(join(dir, 'a.wav'))).samples.length / SR;
  const t = wordsOf(join(dir, 'a.json'));
  assert.ok(Math.abs(t.audioSeconds - audio) < 1e-6, `timings cover the audio: ${t.audioSeconds} vs ${audio}`);
  checkWords(t.words, TEXT, audio);
  assert.ok(Array.isArray(t.phonemes) && t.phonemes.length > t.words.length, 'phoneme tokens with times');
  const srt = parseSrt(readFileSync(join(dir, 'a.srt'), 'utf8'));
  const vttText = readFileSync(join(dir, 'a.vtt'), 'utf8');
  assert.ok(vttText.startsWith('WEBVTT\n\n'));
  const vtt = parseSrt(vttText.slice('WEBVTT\n\n'.length));
  assert.equal(srt.length, vtt.length);
  assert.ok(srt.length >= 3, `cues: ${srt.length}`);
  assert.equal(srt.map((c) => c.lines.join(' ')).join(' '), 'Hello, world. It costs $5.50 today! Dr. Smith agrees, and so do I.');
  for (const c of srt) assert.ok(c.end - c.start >= 0.5 - 1e-3 && c.lines.every((l) => l.length <= 42));
});

test('--stream writes one JSON line of timings per chunk; batch writes NAME.json/.srt beside each file', async () => {
  const dir = tempDir();
  const r = await runCli(['synth', TEXT, ...standinArgs(STANDIN_DURATIONS), '--stream', '-o', join(dir, 's.wav'), '--timestamps', join(dir, 's.jsonl'), '--chunk-tokens', '30']);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(join(dir, 's.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { chunk: number; last: boolean; words: Word[] });
  assert.ok(lines.length >= 3);
  assert.deepEqual(lines.map((l) => l.chunk), lines.map((_, i) => i));
  assert.equal(lines[lines.length - 1]!.last, true);
  checkWords(lines.flatMap((l) => l.words), TEXT, decodeWav(readFileSync(join(dir, 's.wav'))).samples.length / SR);

  const list = join(dir, 'lines.txt');
  require('node:fs').writeFileSync(list, `${TEXT}\nSecond line, short.\n`);
  const out = join(dir, 'out');
  const b = await runCli(['synth', '-f', list, '--split-lines', '--out-dir', out, ...standinArgs(STANDIN_DURATIONS), '--timestamps', '--srt']);
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['0001.json', '0001.srt', '0001.wav', '0002.json', '0002.srt', '0002.wav']);
  checkWords(wordsOf(join(out, '0001.json')).words, TEXT, Infinity);
  assert.deepEqual(wordsOf(join(out, '0002.json')).words.map((w) => w.text), ['Second', 'line', 'short']);
  const bad = await runCli(['synth', '-f', list, '--split-lines', '--out-dir', out, ...standinArgs(STANDIN_DURATIONS), '--timestamps', 'x.json']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /takes no file/);
});

test('pauses land where asked: inline breaks give exact silence at the right time; sentence pauses top up the gap', async () => {
  const dir = tempDir();
  const text = 'One two three. [pause:0.8] Four five <break time="300ms"/> six.';
  const r = await runCli(['synth', text, ...standinArgs(STANDIN_DURATIONS), '-o', join(dir, 'p.wav'), '--timestamps', join(dir, 'p.json')]);
  assert.equal(r.code, 0, r.stderr);
  const samples = decodeWav(readFileSync(join(dir, 'p.wav'))).samples;
  const words = wordsOf(join(dir, 'p.json')).words;
  assert.deepEqual(words.map((w) => w.text), ['One', 'two', 'three', 'Four', 'five', 'six']);
  /** The longest run of exact zeros between two times, in seconds. */
  const zerosBetween = (a: number, b: number): number => {
    let best = 0;
    let run = 0;
    for (let i = Math.round(a * SR); i < Math.round(b * SR); i++) {
      run = samples[i] === 0 ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best / SR;
  };
  // The break follows the chunk that ends with "three." (its '.' and end pad): 0.8 s of exact zeros
  // between "three" and "Four", and the stand-in's own audio is never exactly zero for that long.
  const [three, four, five, six] = [words[2]!, words[3]!, words[4]!, words[5]!];
  assert.ok(Math.abs(zerosBetween(three.end, four.start) - 0.8) < 0.002, `zeros: ${zerosBetween(three.end, four.start)} s`);
  assert.ok(four.start - three.end > 0.8, 'the words after the break are later by at least the break');
  assert.ok(Math.abs(zerosBetween(five.end, six.start) - 0.3) < 0.002, `zeros: ${zerosBetween(five.end, six.start)} s`);
  assert.ok(zerosBetween(0, three.end) < 0.05, 'no such silence elsewhere');

  const p0 = await runCli(['synth', 'One two. Three four.', ...standinArgs(STANDIN_DURATIONS), '-o', join(dir, 'q0.wav'), '--timestamps', join(dir, 'q0.json')]);
  const p1 = await runCli(['synth', 'One two. Three four.', ...standinArgs(STANDIN_DURATIONS), '-o', join(dir, 'q1.wav'), '--timestamps', join(dir, 'q1.json'), '--sentence-pause', '1.5']);
  assert.equal(p0.code, 0, p0.stderr);
  assert.equal(p1.code, 0, p1.stderr);
  const w0 = wordsOf(join(dir, 'q0.json')).words;
  const w1 = wordsOf(join(dir, 'q1.json')).words;
  const gap0 = w0[2]!.start - w0[1]!.end;
  const gap1 = w1[2]!.start - w1[1]!.end;
  assert.ok(gap0 < 1.5, `the stand-in's own gap is short: ${gap0}`);
  assert.ok(Math.abs(gap1 - 1.5) < 0.03, `topped up to 1.5 s, not added on top: ${gap1}`);
  // A sentence end that ends a chunk: the next chunk's start pad counts towards the pause (not doubled).
  const cut = await runCli(['synth', 'One two. Three four.', ...standinArgs(STANDIN_DURATIONS), '-o', join(dir, 'q3.wav'), '--timestamps', join(dir, 'q3.json'), '--sentence-pause', '1.5', '--chunk-tokens', '12']);
  assert.equal(cut.code, 0, cut.stderr);
  const w3 = wordsOf(join(dir, 'q3.json')).words;
  assert.ok(Math.abs(w3[2]!.start - w3[1]!.end - 1.5) < 0.03, `across two chunks, topped up to 1.5 s: ${w3[2]!.start - w3[1]!.end}`);
  const big = await runCli(['synth', 'One two. Three four.', ...standinArgs(STANDIN_DURATIONS), '-o', join(dir, 'q2.wav'), '--timestamps', join(dir, 'q2.json'), '--sentence-pause', String(gap0 / 2)]);
  assert.equal(big.code, 0);
  const w2 = wordsOf(join(dir, 'q2.json')).words;
  assert.ok(Math.abs(w2[2]!.start - w2[1]!.end - gap0) < 1e-6, 'a target below the model\'s own gap adds nothing');

  for (const [markup, msg] of [['Hi [pause:abc] there', /malformed break/], ['Hi [pause:12] there', /longest is 10 s/]] as const) {
    const e = await runCli(['synth', markup, ...standinArgs(STANDIN_DURATIONS), '-o', join(dir, 'e.wav')]);
    assert.equal(e.code, 2);
    assert.match(e.stderr, msg);
  }
  assert.equal(existsSync(join(dir, 'e.wav')), false);
});

test('bench --timestamps reports the cost of the timing bookkeeping and says timings were on', async () => {
  const dir = tempDir();
  const r = await runCli(['bench', ...standinArgs(STANDIN_DURATIONS), '--cases', 'short', '--iterations', '2', '--warmup', '0', '--timestamps', '--json', join(dir, 'b.json')]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { timestamps: boolean; cases: { timestamps?: { costRatio: { median: number }; words: number } }[] };
  assert.equal(rep.timestamps, true);
  assert.equal(rep.cases[0]!.timestamps!.words, 2, '"Hello world!"');
  assert.ok(rep.cases[0]!.timestamps!.costRatio.median > 0);
  assert.match(r.stdout.toString(), /word timings \+ captions cost/);
  const none = await runCli(['bench', ...standinArgs(STANDIN), '--cases', 'short', '--iterations', '1', '--timestamps', '--json', join(dir, 'c.json')]);
  assert.equal(none.code, 3);
  assert.match(none.stderr, /add-durations/);
});
