/**
 * Real tier: the installed onnxruntime (`kokoro-ts runtime install`, the 1.32 library from PyPI with
 * the bundled binding; .ci/run installs it into .cache/runtimes) against the bundled onnxruntime-node
 * on the real int8 model, through the CLI: both intelligible to the same recognizer (word error rate
 * of each, the installed one missing at most one word more than the bundled one), the same
 * length of speech, and bench's environment names the library. The waveforms are not compared sample
 * by sample: the model's noise source draws differently across releases (envelope correlation
 * ~0.999, sample SNR near 0 dB), so what is compared is what a listener hears.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_RELEASE } from '../src/download/runtime';
import { runCli, tempDir, VOICES } from '../test/helpers';
import { ASR_READY, INSTALLED_RUNTIME as RUNTIME, REAL_MODEL as MODEL, REAL_MODEL_READY, SUITE as FULL_SUITE, transcribe } from './helpers';
import { wordErrorRate } from './wer';

// The suite without its paragraph: ~60 words are enough to tell the two libraries' speech apart, and
// the paragraph would triple the time (each clip is a fresh CLI process, half of them on the slower
// bundled library). The file is loaded as it is (--model-cache off): the libraries are compared, not
// the rewrites each would calibrate.
const SUITE = FULL_SUITE.filter((c) => c.name !== 'paragraph');

const ready = REAL_MODEL_READY && existsSync(join(RUNTIME, 'runtime.json')) && ASR_READY;
const skip = ready ? false : 'real model, installed runtime (kokoro-ts runtime install --dir .cache/runtimes) or recognizer missing';

test('the installed onnxruntime speaks the real model as intelligibly as the bundled one', { skip, timeout: 1_200_000 }, async () => {
  const out = tempDir('kokoro-runtime-');
  const clips: { runtime: string; text: string; wav: string; seconds: number }[] = [];
  for (const c of SUITE) {
    for (const [name, runtime] of [['bundled', 'bundled'], ['installed', RUNTIME]] as const) {
      const wav = join(out, `${name}-${c.name}.wav`);
      const r = await runCli(['synth', c.text, '-m', MODEL, '--voices-dir', VOICES, '-v', 'af_heart', '--threads', '2', '--runtime', runtime, '--model-cache', 'off', '-o', wav]);
      assert.equal(r.code, 0, r.stderr);
      clips.push({ runtime: name, text: c.text, wav, seconds: (readFileSync(wav).length - 44) / 48000 });
    }
  }
  const heard = await transcribe(clips.map((c) => c.wav));
  const count = (runtime: string): { errors: number; words: number } => {
    let errors = 0;
    let words = 0;
    for (const c of clips.filter((x) => x.runtime === runtime)) {
      const w = wordErrorRate(c.text, heard[c.wav] ?? '');
      errors += w.errors;
      words += w.words;
    }
    return { errors, words };
  };
  const rate = (runtime: string): number => count(runtime).errors / count(runtime).words;
  const seconds = (runtime: string): number => clips.filter((x) => x.runtime === runtime).reduce((s, c) => s + c.seconds, 0);
  const line = `WER bundled ${(100 * rate('bundled')).toFixed(2)}%, installed ${(100 * rate('installed')).toFixed(2)}%; speech ${seconds('bundled').toFixed(2)} s vs ${seconds('installed').toFixed(2)} s`;
  process.stderr.write(`${line}\n`);
  assert.ok(rate('installed') < 0.05, line);
  assert.ok(count('installed').errors <= count('bundled').errors + 1, line);
  assert.ok(Math.abs(seconds('installed') / seconds('bundled') - 1) < 0.03, line);

  const bench = await runCli(['bench', '-m', MODEL, '--voices-dir', VOICES, '--cases', 'short', '--iterations', '1', '--warmup', '0', '--runtime', RUNTIME, '--json', '-']);
  assert.equal(bench.code, 0, bench.stderr);
  const env = (JSON.parse(bench.stdout.toString()) as { environment: { onnxruntime: string } }).environment;
  assert.match(env.onnxruntime, new RegExp(`onnxruntime ${RUNTIME_RELEASE.version.replace(/\./g, '\\.')} library`));
});
