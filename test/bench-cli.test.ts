import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, STANDIN, STANDIN_DURATIONS, standinArgs, tempDir, VOICES } from './helpers';
import type { BenchReport } from '../src/bench/types';

const SUMMARY_KEYS = ['n', 'mean', 'median', 'p95', 'min', 'max', 'stddev'];

test('bench on the small stand-in writes JSON of the documented schema', async () => {
  const dir = tempDir();
  const json = join(dir, 'r.json');
  const md = join(dir, 'r.md');
  const r = await runCli(['bench', ...standinArgs(), '--iterations', '2', '--warmup', '1', '--cases', 'short,long', '--text', 'Custom words here.', '--json', json, '--markdown', md]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
  assert.equal(rep.schemaVersion, 1);
  assert.deepEqual(rep.cases.map((c) => c.name), ['short', 'long', 'custom']);
  for (const c of rep.cases) {
    for (const k of ['name', 'text', 'tokens', 'audioSeconds', 'iterations', 'rtf', 'overheadRatio', 'timeToFirstAudioMs', 'stages']) assert.ok(k in c, k);
    for (const k of SUMMARY_KEYS) assert.equal(typeof (c.rtf as unknown as Record<string, number>)[k], 'number', `rtf.${k}`);
    assert.equal(c.iterations, 2);
    assert.equal(c.samples.wallMs.length, 2);
    assert.ok(c.audioSeconds > 0 && c.tokens > 0);
    // The raw calls are timed in runs of their own, so on the stand-in's millisecond calls a loaded
    // machine can put the ratio a little under 1; far under it, the two were not timing the same calls.
    assert.ok(c.overheadRatio.median > 0.7, `end-to-end ${c.overheadRatio.median}x the raw model calls it contains`);
    assert.ok(c.rtf.min <= c.rtf.median && c.rtf.median <= c.rtf.max);
    assert.ok(['frontEndMs', 'modelMs', 'outputMs'].every((k) => k in c.stages));
  }
  assert.equal(rep.cases[0]!.text, 'Hello world!');
  assert.equal(rep.environment.model.standIn, true);
  assert.match(rep.environment.model.sha256, /^[0-9a-f]{64}$/);
  assert.ok(rep.environment.cpu.logicalCores >= 1);
  assert.equal(typeof rep.environment.simd.avx2, 'boolean');
  assert.match(readFileSync(md, 'utf8'), /\| short \|/);
  assert.match(r.stdout.toString(), /STAND-IN/);
});

test('--compare: exit 0 against a much slower baseline, exit 1 against a much faster one, error on a bad baseline', async () => {
  const dir = tempDir();
  const base = join(dir, 'base.json');
  const args = ['bench', ...standinArgs(), '--iterations', '5', '--warmup', '1', '--cases', 'short'];
  assert.equal((await runCli([...args, '--json', base])).code, 0);
  const rep = JSON.parse(readFileSync(base, 'utf8')) as BenchReport;
  // A baseline twice as slow: the new run is clearly faster, so the default 10% gate passes (a gate
  // that compared the wrong way round would fail here).
  const slowBase = { ...rep, cases: rep.cases.map((c) => ({ ...c, overheadRatio: { ...c.overheadRatio, median: c.overheadRatio.median * 2 }, rtf: { ...c.rtf, median: c.rtf.median * 2 } })) };
  writeFileSync(join(dir, 'slow.json'), JSON.stringify(slowBase));
  const same = await runCli([...args, '--json', join(dir, 'cur.json'), '--compare', join(dir, 'slow.json')]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout.toString(), /No regression/);

  const fast = { ...rep, cases: rep.cases.map((c) => ({ ...c, overheadRatio: { ...c.overheadRatio, median: c.overheadRatio.median / 100, stddev: 0, robustStddev: 0 } })) };
  writeFileSync(join(dir, 'fast.json'), JSON.stringify(fast));
  const slow = await runCli([...args, '--json', join(dir, 'cur2.json'), '--compare', join(dir, 'fast.json'), '--max-regression', '5']);
  assert.equal(slow.code, 1, slow.stderr);
  assert.match(slow.stderr, /^Error: performance regression against the baseline in: short/m);

  writeFileSync(join(dir, 'v9.json'), JSON.stringify({ ...rep, schemaVersion: 9 }));
  const bad = await runCli([...args, '--compare', join(dir, 'v9.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /schemaVersion 9/);
});

test('--json - writes the JSON alone to stdout (valid, nothing else there); the table and notes go to stderr, uncoloured', async () => {
  const dir = tempDir();
  const r = await runCli(['bench', ...standinArgs(), '--cases', 'short', '--iterations', '1', '--warmup', '0', '--json', '-'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(r.stdout.toString('utf8')) as BenchReport;
  assert.deepEqual(rep.cases.map((c) => c.name), ['short']);
  assert.equal(r.stdout.toString('utf8'), `${JSON.stringify(rep, null, 2)}\n`, 'nothing but the JSON on stdout');
  assert.match(r.stderr, /STAND-IN/);
  assert.match(r.stderr, /RTF median/);
  assert.doesNotMatch(r.stderr, /Results:/);
  assert.ok(!r.stderr.includes('\x1b['), 'no escape codes in a pipe');
  assert.deepEqual(readdirSync(dir), [], 'no file named "-"');
});

test('bench --models A,B: every case on each file, iterations interleaved, one JSON and a side-by-side table', async () => {
  const json = join(tempDir(), 'models.json');
  const r = await runCli(['bench', '--models', `${STANDIN},${STANDIN_DURATIONS}`, '--voices-dir', VOICES, '--cases', 'short,medium', '--iterations', '2', '--warmup', '0', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(json, 'utf8')) as { tool: string; reports: { environment: { model: { path: string } }; cases: { name: string; wallMs: { n: number } }[] }[] };
  assert.equal(rep.tool, 'kokoro-ts bench --models');
  assert.deepEqual(rep.reports.map((x) => x.environment.model.path), [STANDIN, STANDIN_DURATIONS]);
  for (const x of rep.reports) assert.deepEqual(x.cases.map((c) => [c.name, c.wallMs.n]), [['short', 2], ['medium', 2]]);
  const table = r.stdout.toString();
  assert.match(table, /│ medium +│ kokoro-standin-durations\.onnx +│/);
  assert.match(table, /│ short +│ kokoro-standin\.onnx +│ [0-9.]+ +│ [0-9.]+ +│ [0-9.]+ +│ [0-9.]+ +│ [0-9.]+ +│ 1\.000 /, 'the first file is the reference');
  const one = await runCli(['bench', '--models', STANDIN, '--voices-dir', VOICES]);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /--models needs two or more model files/);
  const missing = await runCli(['bench', '--models', `${STANDIN},/nonexistent.onnx`, '--voices-dir', VOICES]);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /model file \/nonexistent\.onnx not found/);
});
