import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VOCAB, keepKnown, tokenCount, tokenize } from '../src/text/vocab';
import { ROOT } from './helpers';

test('vocabulary matches the published Kokoro v1.0 table: 114 symbols, ids 1-177', () => {
  const shared = JSON.parse(readFileSync(join(ROOT, 'src', 'text', 'vocab.json'), 'utf8')) as Record<string, number>;
  assert.equal(VOCAB.size, 114);
  assert.equal(Math.min(...VOCAB.values()), 1);
  assert.equal(Math.max(...VOCAB.values()), 177);
  assert.equal(VOCAB.get(';'), 1);
  assert.equal(VOCAB.get(' '), 16);
  assert.equal(VOCAB.get('ˈ'), 156);
  assert.equal(VOCAB.get('ᵻ'), 177);
  for (const [k, v] of Object.entries(shared)) assert.equal(VOCAB.get(k), v);
  for (const k of VOCAB.keys()) assert.equal([...k].length, 1, `symbol ${k} is one code point`);
});

test('tokenize maps each symbol to its id and drops unknown ones, counting them', () => {
  const r = tokenize('həlˈO wˈɜɹld!');
  assert.deepEqual(r.ids, [50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5]);
  assert.deepEqual(r.dropped, []);
  const u = tokenize('a#b7c');
  assert.deepEqual(u.ids, [43, 44, 45]);
  assert.deepEqual(u.dropped, ['#', '7']);
});

test('keepKnown and tokenCount agree with tokenize', () => {
  const s = 'ðɪs ɪz X ə tˈɛst §.';
  assert.equal(keepKnown(s), 'ðɪs ɪz  ə tˈɛst .');
  assert.equal(tokenCount(s), tokenize(s).ids.length);
  assert.equal([...keepKnown(s)].length, tokenize(s).ids.length);
});
