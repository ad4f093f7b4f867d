import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav, STREAMING_SIZE } from '../src/audio/wav';
import type { SynthSummary } from '../src/results/synth';
import { BIN, runCli, standinArgs, STANDIN_DURATIONS, tempDir, testModelCache, VOICES } from './helpers';

// Several sentences with clauses, so chunk plans have many chunks at a small chunk length.
const TEXT =
  'The first sentence is short. Then comes a longer one, with a clause or two, that runs on for a while; ' +
  'and after it a third sentence follows. Numbers like 42 and 3.5 are read out. The end, at last!';
// A chunk length small enough to give several chunks on this text.
const PLAN = ['--chunk-tokens', '60'];

function samplesOf(wav: Buffer): Int16Array {
  return decodeWav(new Uint8Array(wav)).samples;
}

/** The chunks' token counts from a `synth --json` summary. */
function chunkTokens(summary: string): number[] {
  return (JSON.parse(readFileSync(summary, 'utf8')) as SynthSummary).perChunk.map((c) => c.tokens);
}

test('streaming output equals whole-file output sample for sample when both use the same chunk plan', async () => {
  const dir = tempDir();
  const a = join(dir, 'stream.wav');
  const b = join(dir, 'whole.wav');
  const plan = [...PLAN, '--first-chunk-tokens', '20'];
  const rs = await runCli(['synth', TEXT, ...standinArgs(), ...plan, '--stream', '-o', a, '--json', join(dir, 's.json')]);
  const rw = await runCli(['synth', TEXT, ...standinArgs(), ...plan, '-o', b, '--json', join(dir, 'w.json')]);
  assert.equal(rs.code, 0, rs.stderr);
  assert.equal(rw.code, 0, rw.stderr);
  const ts = chunkTokens(join(dir, 's.json'));
  assert.deepEqual(ts, chunkTokens(join(dir, 'w.json')), 'same chunk plan');
  assert.ok(ts.length >= 4, `several chunks: ${ts}`);
  assert.ok(ts[0]! <= 20, `short first chunk: ${ts[0]}`);
  assert.deepEqual(samplesOf(readFileSync(a)), samplesOf(readFileSync(b)));
  // The same stream to a pipe carries the same samples.
  const rp = await runCli(['synth', TEXT, ...standinArgs(), ...plan, '--stream', '-o', '-']);
  assert.equal(rp.code, 0, rp.stderr);
  assert.deepEqual(new Int16Array(rp.stdout.buffer.slice(rp.stdout.byteOffset + 44, rp.stdout.byteOffset + rp.stdout.byteLength)), samplesOf(readFileSync(b)));
});

test('--stream starts with a short first chunk; a whole-file run packs it to the full length', async () => {
  const dir = tempDir();
  const rs = await runCli(['synth', TEXT, ...standinArgs(), '--chunk-tokens', '510', '--stream', '--first-chunk-tokens', '24', '-o', join(dir, 's.wav'), '--json', join(dir, 's.json')]);
  const rw = await runCli(['synth', TEXT, ...standinArgs(), '--chunk-tokens', '510', '-o', join(dir, 'w.wav'), '--json', join(dir, 'w.json')]);
  assert.equal(rs.code, 0, rs.stderr);
  assert.equal(rw.code, 0, rw.stderr);
  const ts = chunkTokens(join(dir, 's.json'));
  const tw = chunkTokens(join(dir, 'w.json'));
  assert.ok(ts[0]! <= 24 && ts.length >= 2, `stream chunks ${ts}`);
  assert.equal(tw.length, 1, `whole-file chunks ${tw}`);
  // Nothing lost: same phoneme tokens in total (plus at most one space per extra cut).
  const sum = (xs: number[]): number => xs.reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(sum(ts) - sum(tw)) <= ts.length, `${sum(ts)} vs ${sum(tw)}`);
});

test('a WAV streamed to a pipe has the unknown-size header and sox reads every sample without complaint', async (t) => {
  const r = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '--stream', '-o', '-']);
  assert.equal(r.code, 0, r.stderr);
  const view = new DataView(r.stdout.buffer, r.stdout.byteOffset, 44);
  assert.equal(r.stdout.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(view.getUint32(40, true), STREAMING_SIZE);
  const samples = (r.stdout.byteLength - 44) / 2;
  assert.ok(samples > 24000, `${samples} samples`);
  if (spawnSync('sox', ['--version']).status !== 0) {
    t.skip('sox is not installed (CI installs it): the pipe was checked by header and length only');
    return;
  }
  // sox reads the stream from a pipe, as a player would.
  const sox = spawnSync('sox', ['-V2', '-t', 'wav', '-', '-t', 'raw', '-'], { input: r.stdout, maxBuffer: 64 << 20 });
  assert.equal(sox.status, 0, sox.stderr.toString());
  assert.equal(sox.stderr.toString().trim(), '', 'no warnings');
  assert.equal(sox.stdout.byteLength, samples * 2, 'sox read every sample');
  assert.deepEqual(sox.stdout, r.stdout.subarray(44));
});

test('a WAV streamed to a stdout that is a file gets its sizes patched at the end', async () => {
  const dir = tempDir();
  const out = join(dir, 'redirected.wav');
  const fd = openSync(out, 'w');
  const code = await new Promise<number | null>((res) => {
    const child = spawn(process.execPath, [BIN, 'synth', TEXT, ...standinArgs(), ...PLAN, '--stream', '-o', '-'], { stdio: ['ignore', fd, 'ignore'], env: { ...process.env, KOKORO_MODEL_CACHE: testModelCache() } });
    child.on('close', res);
  });
  closeSync(fd);
  assert.equal(code, 0);
  const bytes = readFileSync(out);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 44);
  assert.equal(view.getUint32(40, true), bytes.byteLength - 44);
  assert.equal(view.getUint32(4, true), bytes.byteLength - 8);
  assert.ok(samplesOf(bytes).length > 24000);
});

test('--format pcm gives the bare samples of the WAV, streamed or not, to stdout or a file', async () => {
  const dir = tempDir();
  const wav = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '-o', '-']);
  const pcmStream = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '--first-chunk-tokens', '510', '--stream', '--format', 'pcm', '-o', '-']);
  const pcmFile = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '--format', 'pcm', '-o', join(dir, 'a.pcm')]);
  for (const r of [wav, pcmStream, pcmFile]) assert.equal(r.code, 0, r.stderr);
  const view = new DataView(wav.stdout.buffer, wav.stdout.byteOffset, 44);
  assert.equal(view.getUint32(40, true), wav.stdout.byteLength - 44, 'whole-file WAV to a pipe has exact sizes');
  assert.deepEqual(pcmStream.stdout, wav.stdout.subarray(44));
  assert.deepEqual(readFileSync(join(dir, 'a.pcm')), wav.stdout.subarray(44));
  const bad = await runCli(['synth', 'Hi.', ...standinArgs(), '--format', 'flac', '-o', join(dir, 'b.wav')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: option '--format <fmt>' argument 'flac' is invalid\. Allowed choices are wav, pcm, mp3, opus\.\n  hint: kokoro-ts synth --help lists its options\n$/);
});

test('a failed streamed synthesis leaves no file and no temp file behind', async () => {
  const dir = tempDir();
  // The voice file is checked only when synthesis starts: the stream fails after the sink is opened.
  const r = await runCli(['synth', TEXT, ...standinArgs(), '--stream', '-v', 'af_nosuchvoice', '-o', join(dir, 'x.wav')]);
  assert.notEqual(r.code, 0);
  assert.deepEqual(readdirSync(dir), []);
});

test('a named pipe (or device) given as -o is written into, never replaced by a file', async () => {
  // A FIFO rather than /dev/null: if this ever regressed it must not replace the machine's /dev/null.
  const dir = tempDir();
  const fifo = join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const drain = (): Promise<Buffer> =>
    new Promise((res) => {
      const chunks: Buffer[] = [];
      createReadStream(fifo).on('data', (d) => chunks.push(d as Buffer)).on('end', () => res(Buffer.concat(chunks)));
    });
  let reader = drain();
  const w = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '--stream', '-o', fifo]);
  assert.equal(w.code, 0, w.stderr);
  const got = await reader;
  assert.ok(statSync(fifo).isFIFO(), 'still a pipe');
  const whole = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '-o', '-']);
  assert.deepEqual(got.subarray(44), whole.stdout.subarray(44), 'the pipe got the audio');
  reader = drain();
  const b = await runCli(['bench', ...standinArgs(), '--cases', 'short', '--iterations', '1', '--json', fifo]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(JSON.parse((await reader).toString('utf8')).cases[0].name, 'short', 'bench --json into a pipe');
  assert.ok(statSync(fifo).isFIFO(), 'still a pipe after bench');
});

test('--engine-warmup runs a warm-up at load and leaves the audio unchanged', async () => {
  const warm = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '--engine-warmup', '--verbose', '-o', '-']);
  const cold = await runCli(['synth', TEXT, ...standinArgs(), ...PLAN, '--verbose', '-o', '-']);
  assert.equal(warm.code, 0, warm.stderr);
  assert.match(warm.stderr, /warm-up \d+ ms/);
  assert.doesNotMatch(cold.stderr, /warm-up/, 'off by default');
  assert.deepEqual(samplesOf(warm.stdout), samplesOf(cold.stdout));
});

test('bench --stream times the streamed form; --chunk-tokens, --pipeline-depth, --engine-warmup and --g2p reach the engine', async () => {
  const json = join(tempDir(), 'b.json');
  const r = await runCli(['bench', ...standinArgs(), '--text', TEXT, '--cases', 'short', '--iterations', '2', '--stream', '--first-chunk-tokens', '16',
    '--chunk-tokens', '60', '--pipeline-depth', '0', '--engine-warmup', '--g2p', 'misaki', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  const custom = JSON.parse(readFileSync(json, 'utf8')).cases.find((c: { name: string }) => c.name === 'custom');
  // The rewrites are auto's choice on this CPU: only that the copy named them.
  assert.equal(typeof custom.pipeline.rewrites, 'string');
  assert.deepEqual({ ...custom.pipeline, engineWarmupMs: custom.pipeline.engineWarmupMs > 0, rewrites: 'any' }, { maxChunkTokens: 60, pipelineDepth: 0, engineWarmupMs: true, sessions: 1, g2p: 'misaki', rewrites: 'any' });
  assert.ok(custom.chunks >= 4, `${custom.chunks} chunks of at most 60 tokens`);
  assert.equal(custom.stream.firstChunkTokens, 16);
  assert.ok(custom.stream.firstChunk.tokens <= 16 && custom.stream.chunks > custom.chunks, 'a short first chunk adds a cut');
  assert.equal(custom.stream.timeToFirstAudioMs.n, 2);
  assert.equal(custom.ttfaRatio.n, 2);
  assert.ok(custom.stream.ttfaRatio.median > 0 && custom.firstChunk.rawModelMs.median > 0);
  assert.match(r.stdout.toString(), /stream TTFA ms/);
});

// ---- a reader that closes the pipe early ----

/** Runs `kokoro-ts ARGS | head -c BYTES` in bash; the exit status of kokoro-ts and its stderr. */
function intoHead(args: string[], bytes: number, cwd: string): { status: number; stderr: string; got: number } {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  // Two lines on stdout: the bytes head got, then kokoro-ts's exit status.
  const line = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} 2>err.txt | head -c ${bytes} | wc -c; echo "\${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', line], { cwd, encoding: 'utf8', env: { ...process.env, KOKORO_MODEL_CACHE: testModelCache() } });
  const status = Number(r.stdout.trim().split('\n')[1]);
  const stderr = readFileSync(join(cwd, 'err.txt'), 'utf8');
  rmSync(join(cwd, 'err.txt'));
  return { status, stderr, got: Number(r.stdout.trim().split('\n')[0]) };
}

test('a reader that closes the pipe early ends kokoro-ts quietly: exit 141, no "internal error", no temp files', () => {
  const dir = tempDir();
  const book = join(dir, 'book.txt');
  writeFileSync(book, Array.from({ length: 200 }, (_, i) => `This is sentence number ${i + 1}, and it goes on for a while.`).join(' '));
  const runs: [string, string[]][] = [
    ['stream', ['synth', '-f', book, ...standinArgs(), '--stream', '-o', '-', '--verbose']],
    ['whole file', ['synth', '-f', book, ...standinArgs(), '-o', '-']],
    ['stream with timings and captions to files', ['synth', '-f', book, '-m', STANDIN_DURATIONS, '--voices-dir', VOICES, '--stream', '-o', '-', '--timestamps', join(dir, 't.json'), '--srt', join(dir, 't.srt')]],
    ['timings to stdout, audio to a file', ['synth', '-f', book, '-m', STANDIN_DURATIONS, '--voices-dir', VOICES, '--stream', '-o', join(dir, 'a.wav'), '--timestamps', '-']],
  ];
  for (const [name, args] of runs) {
    const r = intoHead(args, 1000, dir);
    assert.equal(r.got, 1000, `${name}: head got its bytes`);
    assert.ok(r.status === 141 || r.status === 0, `${name}: exit ${r.status}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|Error:|\n\s+at /, name);
    assert.deepEqual(readdirSync(dir), ['book.txt'], `${name}: no output, no temp file left`);
  }
  // The stream stopped at once rather than speaking the whole book for nobody.
  const verbose = intoHead(runs[0]![1], 1000, dir);
  const chunks = [...verbose.stderr.matchAll(/^chunk \d+/gm)].length;
  assert.ok(chunks < 10, `${chunks} chunks made after the reader left`);
  assert.match(verbose.stderr, /standard output was closed by its reader/);
});

test('--sessions 2: one text\'s chunks on two worker sessions give the same file, whole or streamed, with timings; bench records it', async () => {
  const dir = tempDir();
  const text = Array.from({ length: 8 }, (_, i) => `Sentence number ${i + 1} is here, with a clause or two to speak.`).join(' ');
  const args = ['synth', text, ...standinArgs(STANDIN_DURATIONS), '--chunk-tokens', '60', '--threads', '2'];
  for (const [name, extra] of [['whole', []], ['stream', ['--stream']]] as const) {
    const one = await runCli([...args, ...extra, '-o', join(dir, `${name}-1.wav`), '--timestamps', join(dir, `${name}-1.json`)]);
    const two = await runCli([...args, ...extra, '--sessions', '2', '--verbose', '-o', join(dir, `${name}-2.wav`), '--timestamps', join(dir, `${name}-2.json`)]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stderr, /2 sessions in worker threads, 1 intra-op thread\(s\) each/);
    assert.ok((two.stderr.match(/^chunk \d+/gm) ?? []).length >= 4, 'several chunks');
    assert.ok(readFileSync(join(dir, `${name}-1.wav`)).equals(readFileSync(join(dir, `${name}-2.wav`))), `${name}: same audio`);
    assert.equal(readFileSync(join(dir, `${name}-1.json`), 'utf8'), readFileSync(join(dir, `${name}-2.json`), 'utf8'), `${name}: same word timings`);
  }
  const json = join(dir, 'b.json');
  const b = await runCli(['bench', ...standinArgs(), '--sessions', '2', '--cases', 'medium', '--iterations', '1', '--warmup', '0', '--json', json]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal((JSON.parse(readFileSync(json, 'utf8')) as { cases: { pipeline: { sessions: number } }[] }).cases[0]!.pipeline.sessions, 2);
  const bad = await runCli(['synth', 'Hi.', ...standinArgs(), '--sessions', '0', '-o', join(dir, 'x.wav')]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /sessions/);
});

test('synth -o /dev/null runs to its end: the last lines are printed (the special-file sink settles)', async () => {
  const r = await runCli(['synth', 'Hello there. A second sentence.', ...standinArgs(), '-o', '/dev/null', '--verbose']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /peak RSS \d+ MB/);
  assert.match(r.stderr, /^Wrote \/dev\/null \(/m);
});
