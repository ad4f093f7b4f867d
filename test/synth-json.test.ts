import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../src/audio/wav';
import { runCli, standinArgs, STANDIN, tempDir } from './helpers';
import { tokenize } from '../src/text/vocab';
import type { SynthSummary } from '../src/results/synth';

const LONG = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} is here, and it keeps going for a while.`).join(' ');

test('synth --json FILE: the run in numbers, matching the audio written; the chunks\' phonemes rebuild their token counts', async () => {
  const dir = tempDir();
  const out = join(dir, 'out.wav');
  const json = join(dir, 'run.json');
  const r = await runCli(['synth', LONG, ...standinArgs(), '-o', out, '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^Wrote .*out\.wav/m, 'the human line stays');
  const s = JSON.parse(readFileSync(json, 'utf8')) as SynthSummary;
  const samples = decodeWav(readFileSync(out)).samples.length;
  assert.ok(Math.abs(s.audioSeconds - samples / 24000) < 1e-9, `${s.audioSeconds} vs ${samples / 24000}`);
  assert.deepEqual([s.voice, s.model, s.files], ['af_heart', STANDIN, [out]]);
  assert.ok(s.chunks >= 3, `chunks: ${s.chunks}`);
  assert.equal(s.perChunk.length, s.chunks);
  // What benchmarks/memory.ts relies on: each chunk's ids rebuilt from its phonemes.
  assert.deepEqual(s.perChunk.map((c) => tokenize(c.phonemes).ids.length), s.perChunk.map((c) => c.tokens));
  assert.ok(s.perChunk.every((c) => c.tokens <= 510 && c.frontEndMs >= 0 && c.modelMs > 0));
  const chunkSeconds = s.perChunk.reduce((a, c) => a + c.audioSeconds, 0);
  assert.ok(Math.abs(chunkSeconds - s.audioSeconds) < 1e-9, `the chunks' audio adds up: ${chunkSeconds} vs ${s.audioSeconds}`);
  assert.ok(Math.abs(s.rtf - s.synthesisSeconds / s.audioSeconds) < 1e-12);
  assert.ok(s.readyMs > s.sessionCreateMs && s.sessionCreateMs > 0, `ready ${s.readyMs} ms, session ${s.sessionCreateMs} ms`);
  assert.equal(s.warmupMs, 0, 'no warm-up asked');
  assert.ok(s.peakRssMb > 20 && s.peakRssMb < 4096, `peak RSS ${s.peakRssMb} MB`);
});

test('synth --json -: the summary alone on stdout; with the warm-up its time is counted', async () => {
  const dir = tempDir();
  const r = await runCli(['synth', 'Hello there.', ...standinArgs(), '-o', join(dir, 'a.wav'), '--json', '-', '--engine-warmup']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout.toString('utf8')) as SynthSummary;
  assert.equal(s.chunks, 1);
  assert.ok(s.warmupMs > 0, `warm-up ${s.warmupMs} ms`);
});

test('synth --json: no summary where there is no single run to sum up, or no stdout for it', async () => {
  const cases: [string[], RegExp][] = [
    [['-o', '-', '--json', '-'], /--json - and another output would both write to stdout/],
    [['--phonemes', '--json', 'x.json'], /--json is the summary of the audio made; --phonemes makes none/],
    [['--split-lines', '--out-dir', '.', '--json', 'x.json'], /--json summarizes one synth, not --split-lines/],
  ];
  for (const [args, msg] of cases) {
    const r = await runCli(['synth', 'Hi.', ...standinArgs(), ...args], { cwd: tempDir() });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
  }
});
