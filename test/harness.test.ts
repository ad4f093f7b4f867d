import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers';
import { flag, hasFlag, listFlag, numberFlag, requiredFlag, ROOT as BENCH_ROOT } from '../benchmarks/lib';
import { ROOT as SCRIPTS_ROOT } from '../scripts/lib';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'results' ? [] : tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

test('benchmarks/lib.ts: the root and the flags every benchmark reads', (t) => {
  assert.equal(BENCH_ROOT, ROOT);
  assert.equal(SCRIPTS_ROOT, ROOT);
  const argv = process.argv;
  t.after(() => {
    process.argv = argv;
  });
  process.argv = ['node', 'x.js', '--runs', '7', '--cases', ' short, long,,', '--empty', '', '--cold'];
  assert.equal(flag('--runs', '3'), '7');
  assert.equal(flag('--absent', 'd'), 'd');
  assert.equal(flag('--absent'), undefined);
  assert.equal(flag('--empty', 'd'), 'd', 'an empty value is the fallback');
  assert.equal(numberFlag('--runs', 3), 7);
  assert.equal(numberFlag('--absent', 3), 3);
  assert.deepEqual(listFlag('--cases', 'x'), ['short', 'long']);
  assert.deepEqual(listFlag('--absent', 'a,b'), ['a', 'b']);
  assert.equal(requiredFlag('--runs'), '7');
  assert.throws(() => requiredFlag('--absent'), /--absent is required/);
  assert.equal(hasFlag('--cold'), true);
  assert.equal(hasFlag('--warm'), false);
});

test('benchmarks/ and scripts/ take ROOT and their flags from the shared harness, not copies', () => {
  const own = [/^const ROOT = /m, /^function (flag|arg|opt)\(/m, /const (flag|arg|opt) = \(name/, /__dirname, '\.\.', '\.\.'/];
  const bad = [...tsFiles(join(ROOT, 'benchmarks')), ...tsFiles(join(ROOT, 'scripts'))]
    .filter((f) => !/\/(benchmarks|scripts)\/lib\.ts$/.test(f))
    .flatMap((f) => own.filter((re) => re.test(readFileSync(f, 'utf8'))).map((re) => `${relative(ROOT, f)}: ${re.source}`));
  assert.deepEqual(bad, []);
});
