import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TuneReport } from '../src/tune/types';
import { BIN, runCli, STANDIN, STANDIN_DURATIONS, standinArgs, tempDir, testModelCache, VOICES } from './helpers';

test('tune --threads 1,2 --iterations 2 writes the winner to the override file, keeping its other keys; synth then uses it', async () => {
  const dir = tempDir();
  const override = join(dir, 'tuned.json');
  // Current settings inside the grid (2 threads, sequential), so every trial is a grid point.
  writeFileSync(override, JSON.stringify({ note: 'mine', voice: 'af_nicole', session: { intraOpNumThreads: 2, executionMode: 'sequential' } }));
  const r = await runCli(['--override-file', override, 'tune', '--threads', '1,2', '--modes', 'sequential', '--iterations', '2', ...standinArgs(), '--json', join(dir, 't.json')]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.toString();
  assert.match(out, /STAND-IN/);
  assert.match(out, /Winner: intra [12], sequential/);
  assert.match(r.stderr, /temperature: unavailable/);

  const report = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as TuneReport;
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.temperature, 'unavailable');
  assert.equal(report.interrupted, false);
  // current settings (2, from the file) first, then the rest of the grid: 1
  assert.deepEqual(report.trials.map((t) => t.settings.intraOpNumThreads), [2, 1]);
  assert.deepEqual(report.trials.map((t) => t.current), [true, false]);
  for (const t of report.trials) {
    assert.equal(t.result.iterations, 2);
    assert.equal(t.result.rtf.n, 2);
    assert.deepEqual([t.before.maxC, t.after.maxC], [null, null]);
  }
  const w = report.trials[report.winner!]!;
  const doc = JSON.parse(readFileSync(override, 'utf8')) as { note: string; voice: string; session: Record<string, unknown> };
  assert.equal(doc.note, 'mine');
  assert.equal(doc.voice, 'af_nicole');
  assert.deepEqual(doc.session, { intraOpNumThreads: w.settings.intraOpNumThreads, interOpNumThreads: 1, executionMode: 'sequential' });
  assert.ok(w.settings.intraOpNumThreads === 1 || w.settings.intraOpNumThreads === 2, 'winner comes from the grid or is the tied, fewer-thread choice');

  const s = await runCli(['--override-file', override, 'synth', 'Hello.', ...standinArgs(), '-o', join(dir, 'o.wav'), '--verbose']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, new RegExp(`session: intra-op ${w.settings.intraOpNumThreads}, inter-op 1, sequential`));
  const c = await runCli(['--override-file', override, 'config', '--json']);
  const settings = (JSON.parse(c.stdout.toString()) as { settings: Record<string, { value: unknown; source: string }> }).settings;
  assert.deepEqual(settings['session.intraOpNumThreads'], { value: w.settings.intraOpNumThreads, source: 'override', detail: override });
});

test('tune --dry-run measures and writes nothing', async () => {
  const dir = tempDir();
  const r = await runCli(['tune', '--threads', '1', '--modes', 'sequential', '--iterations', '1', '--warmup', '0', ...standinArgs(), '--dry-run'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.toString(), /override\.json left as it was: --dry-run/);
  assert.deepEqual(readdirSync(dir), []);
});

test('tune: bad options are one-line errors before any trial', async () => {
  const cases: [string[], RegExp][] = [
    [['--threads', '1,x'], /--threads must be a number, got "x"/],
    [['--threads', '0'], /--threads must be a whole number from 1/],
    [['--modes', 'fast'], /--modes must list sequential and\/or parallel/],
    [['--case', 'nope'], /no benchmark case "nope"/],
    [['--max-temp', '70', '--cooldown-temp', '75'], /--cooldown-temp \(75\) must be below --max-temp \(70\)/],
    [['--iterations', '0'], /--iterations must be a whole number from 1 to 10000, got "0"/],
    [['--cooldown-timeout', '-5'], /--cooldown-timeout must be 0 or more seconds/],
  ];
  for (const [args, msg] of cases) {
    const r = await runCli(['tune', ...args, ...standinArgs()], { cwd: tempDir() });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr.split('\n')[0]!, msg);
    assert.match(r.stderr.split('\n')[1]!, /^  hint: /);
    assert.doesNotMatch(r.stderr, /trial/);
  }
});

test('Ctrl-C during tune leaves the override file byte for byte, prints the trials so far, exits 130', async () => {
  const dir = tempDir();
  const override = join(dir, 'override.json');
  const before = '{\n  "session": { "intraOpNumThreads": 1 },\n  "keep": true\n}\n';
  writeFileSync(override, before);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_')) env[k] = v;
  env.KOKORO_MODEL_CACHE = testModelCache();
  const child = spawn(process.execPath, [BIN, 'tune', '--threads', '1,2', '--iterations', '200', '--case', 'pangram', ...standinArgs(), '--json', join(dir, 't.json')], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const interrupted = new Promise<void>((res) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Interrupt during the second trial, after one has finished.
      if (!child.killed && /trial 1\/\d+ done/.test(stderr)) {
        child.kill('SIGINT');
        res();
      }
    });
  });
  await interrupted;
  const code = await new Promise<number | null>((res) => child.on('close', res));
  assert.equal(code, 130, stderr);
  assert.equal(readFileSync(override, 'utf8'), before);
  assert.deepEqual(readdirSync(dir).sort(), ['override.json', 't.json'], 'no temp files');
  assert.match(stdout, /Interrupted after 1 of \d+ trials/);
  assert.match(stdout, /left as it was: the sweep was interrupted/);
  const report = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as TuneReport;
  assert.equal(report.interrupted, true);
  assert.equal(report.trials.length, 1);
});

test('tune --json - writes the JSON alone to stdout; the table and summary go to stderr', async () => {
  const dir = tempDir();
  const r = await runCli(['tune', '--threads', '1', '--modes', 'sequential', '--iterations', '1', '--warmup', '0', ...standinArgs(), '--dry-run', '--json', '-'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout.toString('utf8')) as TuneReport;
  assert.equal(report.schemaVersion, 1);
  assert.equal(r.stdout.toString('utf8'), `${JSON.stringify(report, null, 2)}\n`, 'nothing but the JSON on stdout');
  // Which of the two trials wins depends on timing (one iteration: no noise estimate to call a tie).
  const winner = report.trials[report.winner!]!.settings;
  assert.match(r.stderr, new RegExp(`Winner: intra ${winner.intraOpNumThreads || 'auto'}, sequential`));
  assert.doesNotMatch(r.stderr, /Trials:/);
  assert.ok(!r.stderr.includes('\x1b['), 'no escape codes in a pipe');
  assert.deepEqual(readdirSync(dir), [], 'no file named "-", no override file');
});

test('tune --models A,B --chunk-tokens 60,200: model files and chunk limits are trials too; the winner\'s file and limit are written, synth uses them', async () => {
  const dir = tempDir();
  const override = join(dir, 'tuned.json');
  writeFileSync(override, JSON.stringify({ session: { intraOpNumThreads: 1, executionMode: 'sequential' }, maxChunkTokens: 200 }));
  const r = await runCli(['--override-file', override, 'tune', '--threads', '1', '--modes', 'sequential', '--models', `${STANDIN},${STANDIN_DURATIONS}`, '--chunk-tokens', '60,200',
    '--iterations', '2', '--warmup', '0', '--case', 'medium', '--voices-dir', VOICES, '-m', STANDIN, '--json', join(dir, 't.json')]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as TuneReport;
  const seen = report.trials.map((t) => `${t.settings.modelPath === STANDIN ? 'A' : 'B'}${t.settings.maxChunkTokens}`);
  assert.deepEqual(seen, ['A200', 'A60', 'B60', 'B200'], 'the current settings first, then the grid');
  assert.deepEqual(report.trials.map((t) => t.current), [true, false, false, false]);
  // A smaller chunk limit makes more model calls for the same text: the trial really ran with it.
  const chunks = (i: number): number => report.trials[i]!.result.chunks;
  assert.ok(chunks(1) > chunks(0), `chunks at 60 tokens (${chunks(1)}) > at 200 (${chunks(0)})`);
  assert.match(r.stdout.toString(), /model, chunks/);
  const w = report.trials[report.winner!]!.settings;
  const doc = JSON.parse(readFileSync(override, 'utf8')) as { model: string; maxChunkTokens: number };
  assert.equal(doc.model, w.modelPath);
  assert.equal(doc.maxChunkTokens, w.maxChunkTokens);
  const s = await runCli(['--override-file', override, 'synth', 'Hello.', '--voices-dir', VOICES, '-o', join(dir, 'o.wav'), '--verbose']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, new RegExp(w.modelPath!.replace(/[.\\/]/g, '\\$&')));
  const missing = await runCli(['tune', '--models', `${STANDIN},/nonexistent.onnx`, '--voices-dir', VOICES, '--dry-run']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /model file \/nonexistent\.onnx not found/);
});

test('tune --sessions 1,2: sessions per text are trials too (2 sessions only with 2+ threads); the winner\'s count is written', async () => {
  const dir = tempDir();
  const override = join(dir, 'tuned.json');
  writeFileSync(override, JSON.stringify({ voice: 'af_nicole', session: { intraOpNumThreads: 1, executionMode: 'sequential' } }));
  const r = await runCli(['--override-file', override, 'tune', '--threads', '1,2', '--modes', 'sequential', '--sessions', '1,2',
    '--iterations', '2', '--warmup', '0', '--case', 'medium', '--voices-dir', VOICES, '-m', STANDIN, '--json', join(dir, 't.json')]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as TuneReport;
  const seen = report.trials.map((t) => `${t.settings.intraOpNumThreads}x${t.settings.sessions}`);
  assert.deepEqual(seen.slice().sort(), ['1x1', '2x1', '2x2'], 'no 2 sessions on 1 thread');
  // The trial really ran its chunks on that many sessions.
  for (const t of report.trials) assert.equal(t.result.pipeline?.sessions ?? 1, t.settings.sessions, seen.join(' '));
  assert.match(r.stdout.toString(), /sessions 2/);
  const doc = JSON.parse(readFileSync(override, 'utf8')) as { voice: string; sessions: number };
  assert.equal(doc.voice, 'af_nicole', 'other keys kept');
  assert.equal(doc.sessions, report.trials[report.winner!]!.settings.sessions);
});

test('tune --rewrites: each rewrite setting is a trial (the configured auto one too), and the winner\'s is written', async () => {
  const dir = tempDir();
  const override = join(dir, 'tuned.json');
  writeFileSync(override, '{}');
  const r = await runCli(['--override-file', override, 'tune', '--threads', '1', '--modes', 'sequential', '--iterations', '1', '--warmup', '0', ...standinArgs(),
    '--rewrites', 'none,conv2d+tiles', '--json', join(dir, 't.json')], { env: { KOKORO_MODEL_CACHE: join(dir, 'mc') } });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as TuneReport;
  assert.deepEqual(report.trials.map((t) => t.settings.rewrites), ['auto', 'none', 'conv2d+tiles:1024']);
  assert.deepEqual(report.trials.map((t) => t.result.pipeline?.rewrites !== undefined), [true, true, true], 'each trial records what its copy held');
  assert.equal(report.trials[1]!.result.pipeline?.rewrites, 'none');
  const w = report.trials[report.winner!]!.settings.rewrites;
  assert.equal((JSON.parse(readFileSync(override, 'utf8')) as { rewrites: string }).rewrites, w);
  const bad = await runCli(['tune', '--threads', '1', '--rewrites', 'none,fast', ...standinArgs(), '--dry-run']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rewrites: "fast" is not a rewrite/);
  const off = await runCli(['tune', '--threads', '1', '--rewrites', 'none', ...standinArgs(), '--dry-run'], { env: { KOKORO_MODEL_CACHE: 'off' } });
  assert.equal(off.code, 2);
  assert.match(off.stderr, /--rewrites needs the optimized-model cache/);
});
