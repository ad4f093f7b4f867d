import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from '../src/bench/types';
import { loadResultSet } from '../src/results/load';
import { renderHtml } from '../src/report/html';
import { STAND_IN_LABEL } from '../src/report/svg/frame';
import { isKokoroError } from '../src/util/errors';
import { byClass, charts, findAll, parseMarkup, type Element } from './markup';
import { ROOT, runCli, standinArgs, tempDir } from './helpers';

const REAL = join(ROOT, 'benchmarks', 'real');
const BASELINE = join(ROOT, 'benchmarks', 'baseline-ci.json');
const series = (svg: Element): Element[] => byClass(svg, 'series');
const textOf = (svg: Element, cls: string): string[] => byClass(svg, cls).map((e) => e.text.trim());
const categories = (svg: Element): string[] => byClass(svg, 'category').map((e) => findAll(e, (x) => x.name === 'tspan').map((t) => t.text).join(' ') || e.text);

test('a report of the real results: every chart with its series, axis labels, baseline and environment', async () => {
  const set = await loadResultSet([REAL, BASELINE], ROOT);
  const doc = parseMarkup(renderHtml(set));
  assert.deepEqual(set.files.map((f) => f.kind), ['bench', 'bench', 'bench', 'bench', 'tune']);
  assert.equal(set.baseline?.source.name, 'baseline-ci.json');

  // Environment above the charts: one row per input and the baseline, with the model's hash and kind.
  const env = findAll(doc, (e) => e.name === 'table' && e.attrs.class === 'environment')[0]!;
  const rows = findAll(env, (e) => e.name === 'tr').slice(1);
  assert.equal(rows.length, 6);
  assert.match(rows[5]!.text, /baseline-ci\.json.*CI baseline.*STAND-IN/);
  assert.ok(findAll(env, (e) => e.attrs.title === set.files[0]!.report.environment.model.sha256).length >= 1);
  const html = renderHtml(set);
  assert.ok(html.indexOf('class="environment"') < html.indexOf('<svg'), 'environment printed above the charts');

  // RTF distribution per bench file: per case an end-to-end and a raw-model series, every run a point, the cold run apart.
  const rtf = charts(doc, 'rtf-distribution');
  assert.equal(rtf.length, 4);
  const deqT2 = (set.files[1]!.report as BenchReport);
  const chart = rtf[1]!;
  assert.deepEqual(series(chart).map((s) => s.attrs['data-series']), deqT2.cases.flatMap((c) => [`${c.name} end to end`, `${c.name} raw model`]));
  assert.equal(byClass(series(chart)[0]!, 'point').filter((p) => !byClass(p, 'cold').length && !(p.attrs.class ?? '').includes('cold')).length, deqT2.cases[0]!.samples.wallMs.length);
  assert.equal(byClass(chart, 'cold').length, 4);
  assert.deepEqual(textOf(chart, 'axis-label'), ['case', 'RTF (synthesis s / audio s)']);
  assert.deepEqual(categories(chart), ['short', 'medium', 'long', 'pangram']);
  assert.equal(byClass(chart, 'stand-in').length, 0, 'real results carry no stand-in label');

  // Stage split: a bar per case, three parts each.
  for (const s of charts(doc, 'stage-split')) {
    assert.equal(series(s).length, 4);
    for (const row of series(s)) assert.deepEqual(byClass(row, 'segment').map((x) => x.attrs['data-part']), ['front end', 'model', 'sink']);
  }
  // Overhead ratio: one point per case and the 1.0 reference.
  for (const s of charts(doc, 'overhead-ratio')) {
    assert.equal(byClass(s, 'point').length, 4);
    assert.equal(byClass(s, 'reference-line').length, 1);
  }

  // History: a chart per case, runs in time order, the CI baseline as a line labelled stand-in.
  const hist = charts(doc, 'history');
  assert.equal(hist.length, 4);
  for (const h of hist) {
    assert.equal(series(h).length, 1);
    assert.equal(byClass(series(h)[0]!, 'point').length, 4);
    assert.equal(byClass(h, 'baseline-line').length, 1);
    assert.match(textOf(h, 'ref-label')[0]!, /^CI baseline \(STAND-IN\) 0\.1\d+$/);
    assert.deepEqual(categories(h).map((c) => c.split(' ')[0]), ['bench-int8-t2', 'bench-deq-t2', 'bench-deq-t1', 'bench-int8-t1']);
  }
  const shortBase = set.baseline!.report.cases.find((c) => c.name === 'short')!.rtf.median;
  const line = byClass(hist[0]!, 'baseline-line')[0]!;
  const mid = byClass(series(hist[0]!)[0]!, 'point');
  assert.ok(Number(line.attrs.y1) > Math.max(...mid.map((p) => Number(p.attrs.cy))), `the baseline (${shortBase}) is drawn below every real run (y grows downward)`);

  // Tune: a series per trial, the winner marked once, temperature said to be unavailable.
  const tune = charts(doc, 'tune-trials')[0]!;
  assert.equal(series(tune).length, 3);
  assert.equal(byClass(tune, 'winner').length, 1);
  assert.deepEqual(textOf(tune, 'winner-label'), ['WINNER · current']);
  assert.match(charts(doc, 'tune-temperature')[0]!.text, /temperature: unavailable/);
});

async function runStandin(args: string[], dir: string): Promise<void> {
  const r = await runCli([...args, ...standinArgs(), '--iterations', '2', '--warmup', '0'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
}

let dir = '';
before(async () => {
  dir = tempDir();
  mkdirSync(join(dir, 'runs'));
  // Two bench runs of the same cases, a batch run and a tune run, on the stand-in: milliseconds each.
  await runStandin(['bench', '--cases', 'short,medium', '--json', join(dir, 'runs', 'b1.json'), '--html', join(dir, 'b1.html')], dir);
  await runStandin(['bench', '--cases', 'short,medium', '--json', join(dir, 'runs', 'b2.json')], dir);
  await runStandin(['bench', '--cases', 'short', '--batch', '--batch-jobs', '1,2', '--batch-lines', '2', '--json', join(dir, 'runs', 'batch.json')], dir);
  await runStandin(['tune', '--case', 'short', '--threads', '1,2', '--modes', 'sequential', '--dry-run', '--json', join(dir, 'runs', 'tune.json'), '--html', join(dir, 't.html')], dir);
});

test('report FOLDER: bench history, batch load and tune charts from stand-in runs, each labelled STAND-IN on the chart', async () => {
  const out = join(dir, 'r.html');
  const r = await runCli(['report', join(dir, 'runs'), '-o', out], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /4 result files/);
  const doc = parseMarkup(readFileSync(out, 'utf8'));
  const all = findAll(doc, (e) => e.name === 'svg');
  assert.ok(all.length >= 8, `${all.length} charts`);
  for (const svg of all) assert.deepEqual(textOf(svg, 'stand-in'), [STAND_IN_LABEL], `${svg.attrs['data-chart']} is labelled`);
  assert.equal(charts(doc, 'history').length, 2);
  assert.deepEqual(categories(charts(doc, 'history')[0]!).map((c) => c.split(' ')[0]), ['b1', 'b2']);
  const load = charts(doc, 'load-throughput')[0]!;
  assert.deepEqual(categories(load), ['1 job 2 threads each', '2 jobs 1 thread each']);
  assert.deepEqual(textOf(load, 'axis-label'), ['concurrency (parallel jobs)', 'audio s per wall s']);
  assert.deepEqual(series(charts(doc, 'load-latency')[0]!).map((s) => s.attrs['data-series']), ['min', 'median', 'p95', 'max']);
  const trials = (JSON.parse(readFileSync(join(dir, 'runs', 'tune.json'), 'utf8')) as { trials: unknown[] }).trials.length;
  assert.equal(series(charts(doc, 'tune-trials')[0]!).length, trials);
  assert.equal(byClass(charts(doc, 'tune-trials')[0]!, 'winner').length, 1);
  assert.equal(findAll(doc, (e) => e.name === 'script' || e.name === 'link').length, 0, 'self-contained: no scripts or links');
});

test('bench --html and tune --html write the same report for their own run', () => {
  const b = parseMarkup(readFileSync(join(dir, 'b1.html'), 'utf8'));
  assert.equal(charts(b, 'rtf-distribution').length, 1);
  assert.equal(series(charts(b, 'rtf-distribution')[0]!).length, 4);
  assert.equal(charts(b, 'history').length, 0, 'one run: no history');
  const t = parseMarkup(readFileSync(join(dir, 't.html'), 'utf8'));
  assert.equal(charts(t, 'tune-trials').length, 1);
});

test('report -o - writes to stdout; --baseline draws the CI baseline against a single run', async () => {
  const r = await runCli(['report', join(dir, 'runs', 'b1.json'), '--baseline', BASELINE, '-o', '-'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const doc = parseMarkup(r.stdout.toString());
  const hist = charts(doc, 'history');
  assert.equal(hist.length, 2);
  for (const h of hist) assert.equal(byClass(h, 'baseline-line').length, 1);
});

test('history is in measured order: environment time, else the file time', async () => {
  const d = tempDir();
  const older = JSON.parse(readFileSync(join(dir, 'runs', 'b1.json'), 'utf8')) as { environment: { timestamp?: string } };
  writeFileSync(join(d, 'a-newer.json'), JSON.stringify({ ...older, environment: { ...older.environment, timestamp: '2030-01-02T00:00:00.000Z' } }));
  const noStamp = { ...older, environment: { ...older.environment } };
  delete noStamp.environment.timestamp;
  writeFileSync(join(d, 'z-old.json'), JSON.stringify(noStamp));
  utimesSync(join(d, 'z-old.json'), new Date('2029-05-05T00:00:00Z'), new Date('2029-05-05T00:00:00Z'));
  const set = await loadResultSet([d], ROOT);
  const hist = charts(parseMarkup(renderHtml(set)), 'history')[0]!;
  // Given in name order (a-newer first), drawn in time order; the file without a timestamp says its time is the file's.
  assert.deepEqual(categories(hist).map((c) => c.replace(/ [0-9a-f]{7}$/, '')), ['z-old 05-05 00:00 (file)', 'a-newer 01-02 00:00']);
  assert.deepEqual(set.files.map((f) => f.source.timeFrom), ['environment', 'mtime']);
});

test('text from the JSON is escaped: a case name cannot inject markup', async () => {
  const d = tempDir();
  const r = JSON.parse(readFileSync(join(dir, 'runs', 'b1.json'), 'utf8')) as { cases: { name: string }[] };
  r.cases[0]!.name = '<script>alert("x")</script>&';
  writeFileSync(join(d, 'evil.json'), JSON.stringify(r));
  const html = renderHtml(await loadResultSet([join(d, 'evil.json')], ROOT));
  assert.ok(!html.includes('<script'), 'no script element');
  const doc = parseMarkup(html);
  assert.ok(categories(charts(doc, 'rtf-distribution')[0]!).includes('<script>alert("x")</script>&'));
});

test('bad or mixed-schema input: a one-line error that names the file (exit 2; a missing file exit 4)', async () => {
  const d = tempDir();
  const bench = JSON.parse(readFileSync(join(dir, 'runs', 'b1.json'), 'utf8')) as Record<string, unknown>;
  const tune = JSON.parse(readFileSync(join(dir, 'runs', 'tune.json'), 'utf8')) as Record<string, unknown>;
  const cases: [string, string | object, RegExp][] = [
    ['notjson.json', '{"schemaVersion": 1, ', /notjson\.json: not JSON/],
    ['suite.json', readFileSync(join(ROOT, 'benchmarks', 'suite.json'), 'utf8'), /suite\.json: not a kokoro-ts result \(tool null; expected kokoro-ts bench or kokoro-ts tune\)/],
    ['mixed.json', { ...bench, trials: tune.trials, winner: 0 }, /mixed\.json: mixes schemas: tool "kokoro-ts bench" but it also has trials, winner/],
    ['mixed-tune.json', { ...tune, cases: bench.cases }, /mixed-tune\.json: mixes schemas: tool "kokoro-ts tune" but it also has cases/],
    ['v2.json', { ...bench, schemaVersion: 2 }, /v2\.json: has schemaVersion 2; this kokoro-ts reads 1/],
    ['nosamples.json', { ...bench, cases: (bench.cases as object[]).map((c) => ({ ...c, samples: undefined })) }, /nosamples\.json: case "short" has no samples/],
    ['array.json', [1, 2], /array\.json: not a kokoro-ts result \(not a JSON object\)/],
  ];
  for (const [name, body, re] of cases) {
    const p = join(d, name);
    writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
    const r = await runCli(['report', join(dir, 'runs', 'b1.json'), p, '-o', join(d, 'out.html')], { cwd: d });
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    const first = r.stderr.split('\n')[0]!;
    assert.match(first, /^Error: /);
    assert.match(first, re);
    assert.match(r.stderr, /hint: /);
  }
  const missing = await runCli(['report', join(d, 'nope.json'), '-o', join(d, 'out.html')], { cwd: d });
  assert.equal(missing.code, 4, missing.stderr);
  assert.match(missing.stderr, /cannot read .*nope\.json/);
  mkdirSync(join(d, 'empty'));
  const empty = await runCli(['report', join(d, 'empty'), '-o', join(d, 'out.html')], { cwd: d });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /empty: a folder with no \.json files/);
  // Nothing is written when an input is bad.
  assert.throws(() => readFileSync(join(d, 'out.html')));
  // Two baselines among the inputs, and a baseline that is a tune result.
  copyFileSync(BASELINE, join(d, 'baseline-a.json'));
  copyFileSync(BASELINE, join(d, 'baseline-b.json'));
  await assert.rejects(loadResultSet([join(dir, 'runs', 'b1.json'), join(d, 'baseline-a.json'), join(d, 'baseline-b.json')], ROOT), (e) => isKokoroError(e) && /several baselines/.test(e.message));
  await assert.rejects(loadResultSet([join(dir, 'runs', 'b1.json')], ROOT, join(dir, 'runs', 'tune.json')), (e) => isKokoroError(e) && /tune\.json: a baseline must be a bench result/.test(e.message));
});
