import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkPhonemes } from '../src/text/chunk';
import { ChunkPlanner, planChunks } from '../src/text/chunk-planner';

const len = (s: string): number => [...s].length;

function randomSentences(rnd: () => number): string[] {
  const alphabet = ['a', 'ə', 'ˈ', 'ɹ', 't', ' ', ' ', ' ', ',', '.', '—', '!', 'ʃ'];
  return Array.from({ length: 1 + Math.floor(rnd() * 8) }, () =>
    Array.from({ length: 1 + Math.floor(rnd() * 700) }, () => alphabet[Math.floor(rnd() * alphabet.length)]!).join('').replace(/ +/g, ' ').trim(),
  ).filter((s) => s !== '');
}

function lcg(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

test('pushing sentences one at a time gives exactly the chunks of chunkPhonemes', () => {
  const rnd = lcg(7);
  for (let trial = 0; trial < 400; trial++) {
    const sentences = randomSentences(rnd);
    const max = 1 + Math.floor(rnd() * 510);
    assert.deepEqual(planChunks(sentences, max), chunkPhonemes(sentences, max), `trial ${trial}, max ${max}`);
  }
});

test('chunks come out as soon as they are closed, before the text ends', () => {
  const p = new ChunkPlanner(11);
  assert.deepEqual(p.push('aaaa.'), []);
  assert.deepEqual(p.push('bbbb.'), [], 'both fit in one chunk: still open');
  assert.deepEqual(p.push('cccc.'), ['aaaa. bbbb.']);
  assert.deepEqual(p.finish(), ['cccc.']);
});

test('a short first chunk cuts the first sentence at a clause; the rest is packed to the full length', () => {
  const s = 'ɑɑɑ ɑɑɑ, bbb bbb; ccc ccc.';
  assert.deepEqual(planChunks([s, 'ddd.'], 510, 12), ['ɑɑɑ ɑɑɑ,', 'bbb bbb; ccc ccc. ddd.']);
});

test('with a short first chunk: first chunk within its limit, others within theirs, nothing lost', () => {
  const rnd = lcg(99);
  for (let trial = 0; trial < 400; trial++) {
    const sentences = randomSentences(rnd);
    const max = 2 + Math.floor(rnd() * 509);
    const first = 1 + Math.floor(rnd() * (max - 1));
    const chunks = planChunks(sentences, max, first);
    assert.ok(len(chunks[0]!) <= first, `first chunk ${len(chunks[0]!)} > ${first}`);
    for (const c of chunks) assert.ok(len(c) > 0 && len(c) <= max);
    assert.equal(chunks.join(' ').replace(/\s+/g, ''), sentences.join(' ').replace(/\s+/g, ''));
  }
});

test('a text shorter than the first-chunk limit is one chunk', () => {
  assert.deepEqual(planChunks(['həlˈO.', 'ðɛɹ!'], 510, 64), ['həlˈO. ðɛɹ!']);
});

test('rejects a first-chunk limit outside 1..max', () => {
  assert.throws(() => new ChunkPlanner(100, 0), RangeError);
  assert.throws(() => new ChunkPlanner(100, 101), RangeError);
  assert.throws(() => new ChunkPlanner(511), RangeError);
});

test('a first chunk shorter than a word cuts the word but never puts spaces (tokens) into the rest of it', () => {
  assert.deepEqual(planChunks(['abcdefgh ij'], 10, 3), ['abc', 'defgh ij']);
  assert.deepEqual(planChunks(['ab, cdefghijkl mn.', 'op'], 8, 4), ['ab,', 'cdefghij', 'kl mn.', 'op']);
});
