import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, STANDIN, STANDIN_DURATIONS, standinArgs, tempDir } from './helpers';
import type { SynthSummary } from '../src/results/synth';

test('synth --json FILE: the summary of the audio made, the files written named, the usual line on stderr', async () => {
  const dir = tempDir();
  const wav = join(dir, 'a.wav');
  const srt = join(dir, 'a.srt');
  const r = await runCli(['synth', 'Hello there. This is a test of the summary.', ...standinArgs(STANDIN_DURATIONS), '--chunk-tokens', '12', '-o', wav, '--srt', srt, '--json', join(dir, 's.json')]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as SynthSummary;
  assert.equal(s.tool, 'kokoro-ts synth');
  assert.equal(s.schemaVersion, 1);
  assert.equal(s.voice, 'af_heart');
  assert.equal(s.model, STANDIN_DURATIONS);
  assert.deepEqual(s.files, [wav, srt]);
  assert.ok(s.chunks >= 2, `${s.chunks} chunks of at most 12 tokens`);
  // The WAV's data: 24 kHz 16-bit mono after a 44-byte header.
  assert.ok(Math.abs(s.audioSeconds - (readFileSync(wav).length - 44) / 2 / 24000) < 1e-6, `${s.audioSeconds} s`);
  assert.ok(s.synthesisSeconds > 0);
  assert.ok(Math.abs(s.rtf - s.synthesisSeconds / s.audioSeconds) < 1e-9);
  assert.match(r.stderr, /^Wrote .*a\.wav \([0-9.]+ s of audio/m);
  assert.match(r.stderr, /^Summary: .*s\.json$/m);
});

test('synth --json -: the summary alone on stdout; stdout taken twice is a usage error before any work', async () => {
  const dir = tempDir();
  const r = await runCli(['synth', 'Hello.', ...standinArgs(), '-o', join(dir, 'a.wav'), '--json', '-']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout.toString('utf8')) as SynthSummary;
  assert.equal(r.stdout.toString('utf8'), `${JSON.stringify(s, null, 2)}\n`);
  assert.equal(s.model, STANDIN);
  assert.doesNotMatch(r.stderr, /Summary:/);
  for (const args of [['-o', '-'], ['-o', join(dir, 'b.wav'), '--srt', '-']]) {
    const both = await runCli(['synth', 'Hello.', ...standinArgs(STANDIN_DURATIONS), ...args, '--json', '-']);
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /--json - and another output would both write to stdout/);
    assert.equal(both.stdout.length, 0);
  }
  const phon = await runCli(['synth', 'Hello.', ...standinArgs(), '--phonemes', '--json', join(dir, 'p.json')]);
  assert.equal(phon.code, 2);
  assert.match(phon.stderr, /--phonemes makes none/);
  const missing = await runCli(['synth', 'Hello.', ...standinArgs(), '-o', join(dir, 'c.wav'), '--json', join(dir, 'no', 's.json')]);
  assert.equal(missing.code, 4, missing.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['a.wav'], 'nothing made when an output folder is missing');
});
