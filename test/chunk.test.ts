import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkPhonemes } from '../src/text/chunk';

const len = (s: string): number => [...s].length;

test('short sentences are packed together into one call', () => {
  assert.deepEqual(chunkPhonemes(['həlˈO.', 'ðɛɹ!'], 510), ['həlˈO. ðɛɹ!']);
});

test('a sentence that does not fit starts a new chunk (sentence boundary preferred)', () => {
  const a = 'a'.repeat(6) + '.';
  const b = 'b'.repeat(6) + '.';
  assert.deepEqual(chunkPhonemes([a, b], 10), [a, b]);
});

test('a long sentence is cut at clause punctuation before words', () => {
  const s = 'ɑɑɑ ɑɑɑ, bbb bbb; ccc ccc.';
  const chunks = chunkPhonemes([s], 12);
  assert.deepEqual(chunks, ['ɑɑɑ ɑɑɑ,', 'bbb bbb;', 'ccc ccc.']);
});

test('a clause longer than the limit is cut between words', () => {
  const s = 'aa bb cc dd ee ff';
  assert.deepEqual(chunkPhonemes([s], 5), ['aa bb', 'cc dd', 'ee ff']);
});

test('a single over-long word is cut hard as a last resort, losing nothing', () => {
  assert.deepEqual(chunkPhonemes(['abcdefgh'], 3), ['abc', 'def', 'gh']);
});

test('never over the limit, never loses text, for many random inputs and limits', () => {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const alphabet = ['a', 'ə', 'ˈ', 'ɹ', 't', ' ', ' ', ',', '.', '—', '!', 'ʃ'];
  for (let trial = 0; trial < 300; trial++) {
    const sentences = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
      Array.from({ length: 1 + Math.floor(rnd() * 900) }, () => alphabet[Math.floor(rnd() * alphabet.length)]!).join('').replace(/ +/g, ' ').trim(),
    ).filter((s) => s !== '');
    const max = 1 + Math.floor(rnd() * 510);
    const chunks = chunkPhonemes(sentences, max);
    for (const c of chunks) assert.ok(len(c) <= max && len(c) > 0, `chunk of ${len(c)} > ${max}`);
    assert.equal(chunks.join(' ').replace(/\s+/g, ''), sentences.join(' ').replace(/\s+/g, ''));
  }
});

test('rejects a limit above 510 tokens', () => {
  assert.throws(() => chunkPhonemes(['a'], 511), RangeError);
  assert.throws(() => chunkPhonemes(['a'], 0), RangeError);
});
