import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../src/audio/wav';
import { parseBatchLines, threadsPerJob } from '../src/batch/lines';
import { batchItems, bestJobsOf } from '../src/bench/batch';
import { summarize } from '../src/bench/stats';
import { KokoroError } from '../src/util/errors';
import { runCli, standinArgs, tempDir } from './helpers';

test('lines become items named by line number; blank lines are skipped', () => {
  const items = parseBatchLines('One.\n\n  \nTwo.\r\nThree.', false);
  assert.deepEqual(items, [
    { line: 1, name: '0001', text: 'One.' },
    { line: 4, name: '0004', text: 'Two.' },
    { line: 5, name: '0005', text: 'Three.' },
  ]);
  assert.equal(parseBatchLines(`${'x.\n'.repeat(12000)}`, false)[0]!.name, '00001', 'padded to the width of the last line number');
});

test('--names takes the name from a second, tab-separated column and refuses bad or repeated names', () => {
  assert.deepEqual(parseBatchLines('Hello there.\tgreeting\nBye.\tfarewell.wav', true).map((i) => [i.name, i.text]), [
    ['greeting', 'Hello there.'],
    ['farewell', 'Bye.'],
  ]);
  const refuses = (input: string, msg: RegExp): void => assert.throws(() => parseBatchLines(input, true), (e: unknown) => e instanceof KokoroError && msg.test(e.message));
  refuses('Hello.', /line 1 has no name column/);
  refuses('Hello.\t../up', /line 1: "..\/up" cannot be a file name/);
  refuses('Hello.\t', /line 1: "" cannot be a file name/);
  refuses('A.\tsame\nB.\tsame', /lines 1 and 2 have the same name "same"/);
  refuses('\tname', /line 1 has a name but no text/);
  assert.throws(() => parseBatchLines('\n \n', false), /no non-empty lines/);
});

test('threads are shared out among jobs, at least one each', () => {
  assert.equal(threadsPerJob(4, 2, 8), 2);
  assert.equal(threadsPerJob(0, 2, 8), 4, '0 = all cores');
  assert.equal(threadsPerJob(2, 4, 2), 1);
  assert.equal(threadsPerJob(3, 2, 2), 1);
});

test('bench batch workload cycles the texts; best jobs prefers fewer jobs within noise', () => {
  assert.deepEqual(batchItems(['a', 'b'], 3).map((i) => i.text), ['a', 'b', 'a']);
  const r = (jobs: number, tp: number[]) => ({ jobs, threadsPerJob: 1, throughput: summarize(tp), wallMs: summarize([1]), loadMs: summarize([1]), failedLines: 0 });
  assert.equal(bestJobsOf([r(1, [10, 10.1, 9.9]), r(2, [15, 15.2, 14.8])]), 2);
  assert.equal(bestJobsOf([r(1, [10, 11, 9]), r(2, [10.2, 11.5, 8.9])]), 1, 'within noise: fewer jobs');
});

test('batch writes exactly one valid file per non-empty line, nothing for a failed line, and names the line', async () => {
  const dir = tempDir();
  const input = join(dir, 'lines.txt');
  writeFileSync(input, 'Hello there, first line.\n\nThe second line speaks.\n★★★\nLast line here.\n');
  const out = join(dir, 'out');
  const r = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', out, '--jobs', '2', ...standinArgs()]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /line 4: FAILED: the text has nothing to speak/);
  assert.match(r.stderr, /1 of 4 line\(s\) failed: line 4/);
  assert.deepEqual(readdirSync(out).sort(), ['0001.wav', '0003.wav', '0005.wav'], 'no temp files, nothing for line 4');
  for (const f of readdirSync(out)) {
    const wav = decodeWav(new Uint8Array(readFileSync(join(out, f))));
    assert.equal(wav.sampleRate, 24000);
    assert.ok(wav.samples.length > 2400, `${f}: ${wav.samples.length} samples`);
  }
});

test('a batch gives each line the audio a single synth gives it; --names names the files', async () => {
  const dir = tempDir();
  const input = join(dir, 'lines.txt');
  writeFileSync(input, 'Good morning.\tmorning\nGood night, and sleep well.\tnight\n');
  const out = join(dir, 'named');
  const r = await runCli(['synth', '-f', input, '--split-lines', '--names', '--out-dir', out, '--threads', '1', ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['morning.wav', 'night.wav']);
  const single = await runCli(['synth', 'Good night, and sleep well.', '--threads', '1', ...standinArgs(), '-o', '-']);
  assert.deepEqual(decodeWav(new Uint8Array(readFileSync(join(out, 'night.wav')))).samples, decodeWav(new Uint8Array(single.stdout)).samples);
});

test('batch refuses bad options before doing any work', async () => {
  const dir = tempDir();
  const input = join(dir, 'lines.txt');
  writeFileSync(input, 'Hi.\n');
  const noDir = await runCli(['synth', '-f', input, '--split-lines', ...standinArgs()]);
  assert.equal(noDir.code, 2);
  assert.match(noDir.stderr, /--split-lines needs --out-dir/);
  const jobs = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', join(dir, 'o'), '--jobs', '0', ...standinArgs()]);
  assert.equal(jobs.code, 2);
  assert.match(jobs.stderr, /invalid jobs "0" from flag --jobs/);
  const stream = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', join(dir, 'o'), '--stream', ...standinArgs()]);
  assert.equal(stream.code, 2);
  assert.match(stream.stderr, /^Error: option '--split-lines' cannot be used with option '--stream'\n  hint: kokoro-ts synth --help/);
  const output = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', join(dir, 'o'), '-o', 'out.wav', ...standinArgs()]);
  assert.equal(output.code, 2);
  assert.match(output.stderr, /^Error: option '--split-lines' cannot be used with option '-o, --output <path>'/);
  assert.deepEqual(readdirSync(dir), ['lines.txt'], 'refused before creating the folder or any file');
});

test('bench --batch reports throughput for each jobs value', async () => {
  const dir = tempDir();
  const json = join(dir, 'b.json');
  const r = await runCli(['bench', ...standinArgs(), '--batch', '--batch-jobs', '1,2', '--batch-lines', '4', '--iterations', '2', '--cases', 'short,medium', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(rep.batch.lines, 4);
  assert.deepEqual(rep.batch.results.map((x: { jobs: number }) => x.jobs), [1, 2]);
  for (const x of rep.batch.results) {
    assert.equal(x.throughput.n, 2);
    assert.ok(x.throughput.median > 0 && x.failedLines === 0);
  }
  assert.ok([1, 2].includes(rep.batch.bestJobs));
  assert.match(r.stdout.toString(), /audio s per s/);
});
