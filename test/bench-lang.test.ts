import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, standinArgs, tempDir } from './helpers';
import type { BenchReport } from '../src/bench/types';

const JA = '今日は良い天気です。';
const suite = (dir: string, cases: unknown[]): string => {
  const path = join(dir, `suite-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ cases }));
  return path;
};
const bench = (dir: string, ...more: string[]): Promise<{ code: number | null; stderr: string; stdout: Buffer; report: () => BenchReport }> => {
  const json = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  return runCli(['bench', ...standinArgs(), '--iterations', '1', '--warmup', '0', '--json', json, ...more]).then((r) => ({ ...r, report: () => JSON.parse(readFileSync(json, 'utf8')) as BenchReport }));
};

test('bench with a suite file whose cases carry their own voice and lang: each case is read and spoken as it says', async () => {
  const dir = tempDir();
  const r = await bench(dir, '--suite', suite(dir, [{ name: 'uk', text: 'Hello there.', voice: 'bf_emma' }, { name: 'jp', text: JA, voice: 'af_nicole', lang: 'ja' }, { name: 'plain', text: 'Hi.' }]));
  assert.equal(r.code, 0, r.stderr);
  const rep = r.report();
  assert.deepEqual(rep.cases.map((c) => [c.name, c.voice, c.lang]), [['uk', 'bf_emma', undefined], ['jp', 'af_nicole', 'ja'], ['plain', undefined, undefined]]);
  assert.equal(rep.voice, 'af_heart');
  assert.match(r.stdout.toString(), /per case: uk bf_emma, jp af_nicole \(ja\)/);
  // The same text without lang goes through the voice's (English) front end: another token count.
  const en = await bench(dir, '--suite', suite(dir, [{ name: 'jp', text: JA, voice: 'af_nicole' }]));
  assert.equal(en.code, 0, en.stderr);
  assert.notEqual(en.report().cases[0]!.tokens, rep.cases[1]!.tokens);
  // bench --lang does for every case what a case's lang does for one.
  const flag = await bench(dir, '--suite', suite(dir, [{ name: 'jp', text: JA }]), '--lang', 'ja');
  assert.equal(flag.code, 0, flag.stderr);
  assert.deepEqual([flag.report().cases[0]!.lang, flag.report().cases[0]!.tokens], ['j', rep.cases[1]!.tokens]);
});

test('a case voice is the one the engine loads; bad lang values are usage errors', async () => {
  const dir = tempDir();
  const missing = await bench(dir, '--suite', suite(dir, [{ name: 'zh', text: '你好。', voice: 'zf_xiaobei' }]));
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /zf_xiaobei/);
  const badCase = await bench(dir, '--suite', suite(dir, [{ name: 'x', text: 'Hi.', lang: 'klingon' }]));
  assert.equal(badCase.code, 2);
  assert.match(badCase.stderr, /^Error: benchmark suite .*: case "x" has an unknown lang "klingon"/m);
  const badType = await bench(dir, '--suite', suite(dir, [{ name: 'x', text: 'Hi.', voice: 7 }]));
  assert.equal(badType.code, 2);
  assert.match(badType.stderr, /"voice"\?: string/);
  const badFlag = await bench(dir, '--lang', 'de');
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /^Error: unknown language "de" for --lang\n  hint: use one of a, b, e/m);
});
