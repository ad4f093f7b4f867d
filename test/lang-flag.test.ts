import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLangFlag } from '../src/cli/lang';
import { KokoroError } from '../src/util/errors';
import { runCli } from './helpers';

test('parseLangFlag: a letter or tag in any case is its letter; anything else a usage error listing the codes', () => {
  assert.equal(parseLangFlag('ja'), 'j');
  assert.equal(parseLangFlag('PT-BR'), 'p');
  assert.equal(parseLangFlag('e'), 'e');
  assert.throws(
    () => parseLangFlag('de'),
    (e: unknown) => e instanceof KokoroError && e.code === 'usage' && e.exitCode === 2 && e.message === 'unknown language "de" for --lang' && /^use one of a, b, .*pt-br, zh$/.test(e.hint ?? ''),
  );
});

test('every command that takes --lang refuses a bad one the same way, exit 2, before any work', async () => {
  const runs = await Promise.all([['synth', 'hi'], ['book', 'missing.txt'], ['bench'], ['tune'], ['voices']].map((args) => runCli([...args, '--lang', 'de'])));
  for (const r of runs) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^Error: unknown language "de" for --lang\n  hint: use one of a, b, e, f, h, i, j, p, z, en-us, en-gb, es, fr, hi, it, ja, pt-br, zh\n$/);
  }
});
