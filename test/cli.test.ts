import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../src/audio/wav';
import type { SynthSummary } from '../src/results/synth';
import { colourFor, textSource } from '../src/cli/io';
import { ExitCode, KokoroError, type ErrorCode } from '../src/util/errors';
import { BIN, freshPackage, ROOT, runCli, standinArgs, STANDIN, STANDIN_TOKENS, tempDir, VOICES } from './helpers';

const TEXT = 'Hello world! This is a test of the Kokoro stand-in.';

function durationOf(path: string): number {
  const d = decodeWav(readFileSync(path));
  assert.equal(d.sampleRate, 24000);
  assert.equal(d.channels, 1);
  assert.equal(d.bitDepth, '16');
  return d.samples.length;
}

test('synth writes a valid 24 kHz WAV on both stand-in layouts, with the length the model returned', async () => {
  for (const model of [STANDIN, STANDIN_TOKENS]) {
    const dir = tempDir();
    const out = join(dir, 'out.wav');
    const summary = join(tempDir(), 'run.json');
    const r = await runCli(['synth', TEXT, '-v', 'af_nicole', ...standinArgs(model), '-o', out, '--verbose', '--json', summary]);
    assert.equal(r.code, 0, r.stderr);
    const samples = durationOf(out);
    assert.ok(samples > 0 && samples % 600 === 0, 'whole frames');
    const chunkSeconds = (JSON.parse(readFileSync(summary, 'utf8')) as SynthSummary).perChunk.map((c) => c.audioSeconds);
    assert.ok(chunkSeconds.length >= 1);
    assert.ok(Math.abs(chunkSeconds.reduce((a, b) => a + b, 0) - samples / 24000) < 0.01 * chunkSeconds.length);
    assert.deepEqual(readdirSync(dir), ['out.wav'], 'no temp files left');
  }
});

test('-s 2 halves the duration; -o - writes a valid WAV to stdout; stdin input works', async () => {
  const dir = tempDir();
  const a = join(dir, 'a.wav');
  const b = join(dir, 'b.wav');
  assert.equal((await runCli(['synth', TEXT, ...standinArgs(), '-o', a])).code, 0);
  assert.equal((await runCli(['synth', TEXT, ...standinArgs(), '-s', '2', '-o', b])).code, 0);
  const ratio = durationOf(b) / durationOf(a);
  assert.ok(ratio > 0.4 && ratio < 0.6, `ratio ${ratio}`);
  const piped = await runCli(['synth', TEXT, ...standinArgs(), '-o', '-']);
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual(piped.stdout, readFileSync(a), 'stdout WAV equals the file WAV');
  const viaStdin = await runCli(['synth', '-f', '-', ...standinArgs(), '-o', '-'], { input: TEXT });
  assert.deepEqual(viaStdin.stdout, readFileSync(a));
  const file = join(dir, 'in.txt');
  writeFileSync(file, TEXT);
  const viaFile = await runCli(['synth', '-f', file, ...standinArgs(), '-o', '-']);
  assert.deepEqual(viaFile.stdout, readFileSync(a));
});

test('the voice changes the predicted durations; a blend is a voice of its own, end to end', async () => {
  const speak = async (voice: string): Promise<Int16Array> => {
    const r = await runCli(['synth', TEXT, '-v', voice, ...standinArgs(), '-o', '-']);
    assert.equal(r.code, 0, r.stderr);
    return decodeWav(r.stdout).samples;
  };
  // The stand-in's tones follow its predicted durations, which depend on the style vector.
  const [nicole, emma, blend] = await Promise.all(['af_nicole', 'bf_emma', 'af_nicole:0.5,af_heart:0.5'].map(speak));
  assert.notEqual(emma!.length, nicole!.length, 'the style drives the predicted durations');
  assert.notEqual(blend!.length, nicole!.length, 'the blend is neither of its voices');
  assert.notEqual(blend!.length, 0);
});

test('--phonemes prints Kokoro phonemes and writes no audio', async () => {
  const r = await runCli(['synth', 'Hello world!', '--phonemes', ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString('utf8').trim(), 'həlˈO wˈɜɹld!');
  const gb = await runCli(['synth', 'Hello world!', '--phonemes', '-v', 'bf_emma', ...standinArgs()]);
  assert.equal(gb.stdout.toString('utf8').trim(), 'həlˈQ wˈɜːld!');
});

test('long text is split into several model calls of at most 510 tokens', async () => {
  const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i + 1} is here, and it keeps going for a while.`).join(' ');
  const summary = join(tempDir(), 'run.json');
  const r = await runCli(['synth', long, ...standinArgs(), '-o', join(tempDir(), 'long.wav'), '--json', summary]);
  assert.equal(r.code, 0, r.stderr);
  const tokens = (JSON.parse(readFileSync(summary, 'utf8')) as SynthSummary).perChunk.map((c) => c.tokens);
  assert.ok(tokens.length >= 4, `chunks: ${tokens.length}`);
  assert.ok(tokens.every((t) => t <= 510));
});

test('voices lists the installed voices with language and gender', async () => {
  const r = await runCli(['voices', '--voices-dir', VOICES, '--json']);
  assert.equal(r.code, 0);
  const j = JSON.parse(r.stdout.toString('utf8')) as { voices: { name: string; language: string; gender: string }[] };
  assert.deepEqual(j.voices.map((v) => v.name), ['af_heart', 'af_nicole', 'bf_emma']);
  assert.deepEqual(j.voices[2], { name: 'bf_emma', language: 'English (UK)', gender: 'female', installed: true, downloadable: true });
  const t = await runCli(['voices', '--voices-dir', VOICES]);
  assert.match(t.stdout.toString('utf8'), /af_nicole.*English \(US\).*female/);
});

interface BadCase {
  readonly name: string;
  readonly args: (dir: string) => string[];
  readonly message: RegExp;
  readonly code: number;
  readonly input?: string;
  /** Run a copy of the package with no models of its own. */
  readonly fresh?: boolean;
}

const BAD: BadCase[] = [
  { name: 'missing model', args: (d) => ['synth', 'hi', '-m', join(d, 'none.onnx'), '--voices-dir', VOICES, '-o', join(d, 'o.wav')], message: /cannot read model file/, code: 3 },
  { name: 'no model anywhere', args: (d) => ['synth', 'hi', '--voices-dir', VOICES, '-o', join(d, 'o.wav')], message: /no Kokoro model found/, code: 3, fresh: true },
  { name: 'not a Kokoro model', args: (d) => ['synth', 'hi', '-m', writeJunk(d), '--voices-dir', VOICES, '-o', join(d, 'o.wav')], message: /not a loadable ONNX model/, code: 3 },
  { name: 'unknown voice', args: (d) => ['synth', 'hi', '-v', 'af_nicol', ...standinArgs(), '-o', join(d, 'o.wav')], message: /unknown voice "af_nicol"/, code: 2 },
  { name: 'malformed blend', args: (d) => ['synth', 'hi', '-v', 'af_nicole:abc', ...standinArgs(), '-o', join(d, 'o.wav')], message: /malformed voice blend/, code: 2 },
  { name: 'voice file of the wrong size', args: (d) => ['synth', 'hi', '-v', 'af_bad', '-m', STANDIN, '--voices-dir', writeBadVoice(d), '-o', join(d, 'o.wav')], message: /522240 bytes/, code: 4 },
  { name: 'empty text', args: (d) => ['synth', '   ', ...standinArgs(), '-o', join(d, 'o.wav')], message: /empty/, code: 2 },
  { name: 'empty stdin', args: (d) => ['synth', '-f', '-', ...standinArgs(), '-o', join(d, 'o.wav')], message: /empty/, code: 2, input: ' \n ' },
  { name: 'unreadable input file', args: (d) => ['synth', '-f', join(d, 'missing.txt'), ...standinArgs(), '-o', join(d, 'o.wav')], message: /cannot read input file/, code: 4 },
  { name: 'speed out of range', args: (d) => ['synth', 'hi', '-s', '3', ...standinArgs(), '-o', join(d, 'o.wav')], message: /invalid speed "3" from flag --speed: must be a number from 0.5 to 2/, code: 2 },
  { name: 'speed not a number', args: (d) => ['synth', 'hi', '-s', 'fast', ...standinArgs(), '-o', join(d, 'o.wav')], message: /invalid speed "fast" from flag --speed/, code: 2 },
  { name: 'output directory missing', args: (d) => ['synth', 'hi', ...standinArgs(), '-o', join(d, 'no', 'such', 'o.wav')], message: /output folder .* does not exist/, code: 4 },
];

function writeJunk(dir: string): string {
  const p = join(dir, 'junk.onnx');
  writeFileSync(p, 'not a model at all');
  return p;
}
function writeBadVoice(dir: string): string {
  writeFileSync(join(dir, 'af_bad.bin'), Buffer.alloc(4096));
  return dir;
}

for (const c of BAD) {
  test(`error: ${c.name} -> one line, exit ${c.code}, no output file`, async () => {
    const dir = tempDir();
    const r = await runCli(c.args(dir), { input: c.input, cwd: dir, bin: c.fresh ? freshPackage() : undefined });
    assert.equal(r.code, c.code, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0]!, /^Error: /);
    assert.match(lines[0]!, c.message);
    assert.ok(lines.length <= 2, `at most the error and a hint:\n${r.stderr}`);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    assert.ok(!existsSync(join(dir, 'o.wav')));
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.wav') || f.endsWith('.tmp')), []);
  });
}

test('--verbose adds the stack trace to an error', async () => {
  const dir = tempDir();
  const r = await runCli(['synth', 'hi', '-m', join(dir, 'x.onnx'), '--voices-dir', VOICES, '-o', join(dir, 'o.wav'), '--verbose']);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /\n\s+at /);
});

// ---- text from standard input, the usual ways ----

test('stdin: piped with no text argument, or "-" as the text, or -f -, all speak the same words', async () => {
  const dir = tempDir();
  const a = join(dir, 'a.wav');
  assert.equal((await runCli(['synth', TEXT, ...standinArgs(), '-o', a])).code, 0);
  for (const args of [[], ['-'], ['-f', '-']]) {
    const r = await runCli(['synth', ...args, ...standinArgs(), '-o', '-'], { input: `${TEXT}\n` });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(decodeWav(r.stdout).samples, decodeWav(readFileSync(a)).samples, `synth ${args.join(' ')} < text`);
  }
  const both = await runCli(['synth', '-', '-f', '-', ...standinArgs(), '-o', '-'], { input: TEXT });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^Error: give the text either as an argument or with -f/);
});

test('stdin: nothing on a stdin nobody named is "no text given"; an empty stdin asked for by name is empty text', async () => {
  const none = await runCli(['synth', ...standinArgs(), '-o', '-'], { input: '' });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^Error: no text given \(standard input was empty\)\n  hint: .*echo Hello \| kokoro-ts synth/);
  const named = await runCli(['synth', '-', ...standinArgs(), '-o', '-'], { input: '  ' });
  assert.equal(named.code, 2);
  assert.match(named.stderr, /^Error: the text is empty/);
});

test('textSource: the argument, a file, "-" or -f - for stdin; no text reads stdin only when it is not a terminal', () => {
  assert.deepEqual(textSource('Hi', undefined, false), { kind: 'arg', text: 'Hi' });
  assert.deepEqual(textSource(undefined, 'a.txt', false), { kind: 'file', path: 'a.txt' });
  assert.deepEqual(textSource('-', undefined, true), { kind: 'stdin', implicit: false });
  assert.deepEqual(textSource(undefined, '-', true), { kind: 'stdin', implicit: false });
  assert.deepEqual(textSource(undefined, undefined, false), { kind: 'stdin', implicit: true });
  assert.deepEqual(textSource(undefined, undefined, true), { kind: 'none' });
  assert.throws(() => textSource('Hi', 'a.txt', false), /not both/);
});

/** Runs a shell command line with a pseudo-terminal on stdin and stdout (util-linux `script`), or null without one. */
function inTerminal(command: string, env: Record<string, string> = {}): { code: number | null; out: string } | null {
  if (spawnSync('script', ['--version']).status !== 0) return null;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env }, encoding: 'utf8', input: '' });
  return { code: r.status, out: r.stdout };
}

test('stdin: with no text, a terminal on stdin and no -f, the "no text given" error stays', (t) => {
  const r = inTerminal(`${process.execPath} ${BIN} synth ${standinArgs().join(' ')} -o ${join(tempDir(), 'o.wav')}`);
  if (r === null) return t.skip('no `script` (util-linux) for a pseudo-terminal; textSource covers the decision');
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /^Error: no text given\r?\n  hint: /);
});

// ---- --version ----

test('--version and -V print the version; with --verbose also onnxruntime-node\'s and Node\'s', async () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  for (const flag of ['--version', '-V']) {
    const r = await runCli([flag]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), `kokoro-ts ${version}\n`);
    assert.equal(r.stderr, '');
  }
  const ort = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
  for (const args of [['--version', '--verbose'], ['--verbose', '-V']]) {
    const v = (await runCli(args)).stdout.toString();
    assert.match(v, new RegExp(`^kokoro-ts ${version}\\n`));
    assert.match(v, new RegExp(`^onnxruntime-node ${ort.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(v, new RegExp(`^Node ${process.version.replace(/\./g, '\\.')} `, 'm'));
  }
});

// ---- usage errors: one style, exit 2 ----

test('usage errors, commander\'s and ours, are "Error: ..." plus a hint and exit 2, before any work', async () => {
  const cases: [string[], RegExp][] = [
    [['synth', 'hi', '--bogus'], /^Error: unknown option '--bogus'\n  hint: kokoro-ts synth --help lists its options\n$/],
    [['synt', 'hi'], /^Error: unknown command 'synt' \(did you mean synth\?\)\n  hint: kokoro-ts --help lists the commands\n$/],
    [['synth', 'hi', '-o'], /^Error: option '-o, --output <path>' argument missing\n  hint: kokoro-ts synth --help/],
    [['bench', '--iterations', 'x'], /^Error: --iterations must be a number, got "x"\n  hint: kokoro-ts bench --help lists its options\n$/],
    [['bench', '--batch', '--stream'], /^Error: option '--batch' cannot be used with option '--stream'\n  hint: /],
    [['bench', '--gate', 'speed'], /^Error: --gate must list rtf and\/or overhead, not "speed"\n  hint: /],
    [['tune', '--cooldown-timeout', '-1'], /^Error: --cooldown-timeout must be 0 or more seconds\n  hint: /],
    [['download', '--retries', '1.5'], /^Error: --retries must be a whole number from 0 to 100, got "1.5"\n  hint: /],
    [['voices', 'extra'], /^Error: too many arguments for 'voices'\. Expected 0 arguments but got 1\.\n  hint: kokoro-ts voices --help/],
  ];
  for (const [args, msg] of cases) {
    const dir = tempDir();
    // No model anywhere: a check that waited for the model would fail with exit 3 instead.
    const r = await runCli(args, { cwd: dir, bin: freshPackage() });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
    assert.deepEqual(readdirSync(dir), [], `${args.join(' ')}: nothing written`);
  }
});

test('a usage error exits 2 whatever code a caller passes', () => {
  const e = new KokoroError('usage' as ErrorCode as 'regression', 'x', undefined, ExitCode.Failure);
  assert.equal(e.exitCode, ExitCode.Usage);
  assert.equal(new KokoroError('regression', 'x', undefined, ExitCode.Failure).exitCode, ExitCode.Failure);
});

// ---- colour ----

const ESC = '\x1b[';

test('colourFor: a terminal without NO_COLOR (or with it empty) only', () => {
  assert.equal(colourFor({ isTTY: true }, {}), true);
  assert.equal(colourFor({ isTTY: true }, { NO_COLOR: '' }), true);
  assert.equal(colourFor({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colourFor({ isTTY: false }, {}), false);
  assert.equal(colourFor({}, {}), false);
});

test('no escape codes in a pipe, or on a terminal with NO_COLOR set: voices, models, config', async (t) => {
  const dir = tempDir();
  mkdirSync(join(dir, 'models'));
  copyFileSync(STANDIN, join(dir, 'models', 'model.onnx'));
  const commands = [['voices', '--voices-dir', VOICES], ['models'], ['config']];
  for (const args of commands) {
    const r = await runCli(args, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString(), /┌/, `${args[0]}: a table`);
    assert.ok(!r.stdout.toString().includes(ESC) && !r.stderr.includes(ESC), `${args[0]} piped: no escape codes`);
  }
  for (const args of commands) {
    const line = `cd ${dir} && ${process.execPath} ${BIN} ${args.join(' ')}`;
    const plain = inTerminal(line, { NO_COLOR: '1' });
    if (plain === null) return t.skip('no `script` (util-linux) for a pseudo-terminal');
    assert.equal(plain.code, 0, plain.out);
    assert.ok(!plain.out.includes(ESC), `${args[0]} with NO_COLOR: no escape codes`);
    const coloured = inTerminal(line, { NO_COLOR: '' });
    assert.ok(coloured!.out.includes(ESC), `${args[0]} on a terminal: coloured (the check can see colour)`);
  }
});
