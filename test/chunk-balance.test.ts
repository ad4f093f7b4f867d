import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkPhonemes } from '../src/text/chunk';
import { balanceChunks } from '../src/text/chunk-balance';

const len = (s: string): number => [...s].length;
const lengths = (chunks: string[]): number[] => chunks.map(len);

function lcg(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export function randomSentences(rnd: () => number, most = 6, longest = 700): string[] {
  const alphabet = ['a', 'ə', 'ˈ', 'ɹ', 't', ' ', ' ', ' ', ',', '.', '—', '!', 'ʃ'];
  return Array.from({ length: 1 + Math.floor(rnd() * most) }, () =>
    Array.from({ length: 1 + Math.floor(rnd() * longest) }, () => alphabet[Math.floor(rnd() * alphabet.length)]!).join('').replace(/ +/g, ' ').trim(),
  ).filter((s) => s !== '');
}

/**
 * What each cut between consecutive chunks cuts through, counted (an oracle independent of the
 * packer: it locates the cuts by the non-space symbols before them): [hard, word, clause, sentence].
 */
export function cutsOf(sentences: readonly string[], chunks: readonly string[]): [number, number, number, number] {
  // For each non-space symbol of the text: how it follows the one before it.
  const kind: number[] = [];
  let prev = '';
  sentences.forEach((s) => {
    let space = false;
    let start = true;
    for (const ch of s.trim()) {
      if (ch === ' ') {
        space = true;
        continue;
      }
      kind.push(start ? 3 : !space ? 0 : /[,;:—…)”"]/u.test(prev) ? 2 : 1);
      start = false;
      space = false;
      prev = ch;
    }
  });
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  let at = 0;
  chunks.forEach((c, i) => {
    if (i > 0) counts[kind[at]!]!++;
    at += c.replace(/ /g, '').length === 0 ? 0 : [...c.replace(/ /g, '')].length;
  });
  return counts;
}

const quality = (c: number[]): number[] => c.slice(0, 3);
function notWorse(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return true;
}

const sentence = (n: number, ch = 'a'): string => `${ch.repeat(n - 1)}.`;

test('equal sentences that greedy packs 200/200/200/40 are spread evenly over as many calls', () => {
  const sentences = Array.from({ length: 16 }, (_, i) => sentence(39, 'abcdefghijklmnop'[i]));
  assert.deepEqual(lengths(chunkPhonemes(sentences, 200)), [199, 199, 199, 39]);
  const balanced = balanceChunks(sentences, 200);
  assert.deepEqual(lengths(balanced), [159, 159, 159, 159]);
  assert.equal(balanced.join(' '), sentences.join(' '), 'cut only between sentences, nothing lost');
});

test('a limit raised to 510 makes 510/130-like greedy plans even', () => {
  const sentences = Array.from({ length: 16 }, () => sentence(39));
  assert.deepEqual(lengths(chunkPhonemes(sentences, 510)), [479, 159]);
  assert.deepEqual(lengths(balanceChunks(sentences, 510)), [319, 319]);
});

test('no mid-sentence cut where greedy needed none, even if it would save a call', () => {
  // Three 120-token sentences with a clause in the middle: 2 calls would need a clause cut.
  const s = (ch: string): string => `${ch.repeat(59)}, ${ch.repeat(58)}.`;
  const sentences = [s('a'), s('b'), s('c')];
  assert.deepEqual(lengths(sentences), [120, 120, 120]);
  assert.deepEqual(balanceChunks(sentences, 200), sentences);
});

test('a long sentence is cut at the clauses that make the most even chunks', () => {
  const s = 'aaaa, bbbb bbbb, cccc, dddd dddd.';
  assert.deepEqual(chunkPhonemes([s], 25), ['aaaa, bbbb bbbb, cccc,', 'dddd dddd.']);
  assert.deepEqual(balanceChunks([s], 25), ['aaaa, bbbb bbbb,', 'cccc, dddd dddd.']);
});

test('a word longer than a call is cut hard, evenly, with no space put into it', () => {
  assert.deepEqual(chunkPhonemes(['abcdefghij'], 8), ['abcdefgh', 'ij']);
  assert.deepEqual(balanceChunks(['abcdefghij'], 8), ['abcde', 'fghij']);
});

test('a segment that fits one call is returned as greedy packing returns it', () => {
  assert.deepEqual(balanceChunks(['həlˈO.', 'ðɛɹ!'], 510), ['həlˈO. ðɛɹ!']);
  assert.deepEqual(balanceChunks(['a  b.'], 10), ['a  b.']);
  assert.deepEqual(balanceChunks([], 10), []);
});

test('balanced plans: nothing lost, within the limit, as many calls as greedy, cuts and longest chunk no worse', () => {
  const rnd = lcg(2024);
  let evener = 0;
  let fewer = 0;
  for (let trial = 0; trial < 400; trial++) {
    const sentences = randomSentences(rnd);
    const max = 1 + Math.floor(rnd() * (trial % 3 === 0 ? 40 : 510));
    const greedy = chunkPhonemes(sentences, max);
    const balanced = balanceChunks(sentences, max);
    const at = `trial ${trial}, max ${max}`;
    for (const c of balanced) assert.ok(len(c) > 0 && len(c) <= max, `${at}: chunk of ${len(c)}`);
    assert.equal(balanced.join('').replace(/ /g, ''), sentences.join('').replace(/ /g, ''), at);
    assert.ok(balanced.length <= greedy.length, `${at}: no more calls`);
    if (balanced.length < greedy.length) fewer++;
    const qb = quality(cutsOf(sentences, balanced));
    const qg = quality(cutsOf(sentences, greedy));
    assert.ok(notWorse(qb, qg), `${at}: cuts ${qb} vs greedy ${qg}`);
    if (balanced.length === greedy.length) {
      assert.ok(Math.max(...lengths(balanced)) <= Math.max(...lengths(greedy)), `${at}: longest chunk`);
    }
    if (Math.min(...lengths(balanced)) > Math.min(...lengths(greedy))) evener++;
  }
  console.log(`fewer calls than greedy in ${fewer} of 400, shortest chunk longer in ${evener}`);
  assert.ok(evener > 100, `the shortest chunk grows in many plans (${evener})`);
});

test('rejects a limit outside 1..510', () => {
  assert.throws(() => balanceChunks(['a'], 511), RangeError);
  assert.throws(() => balanceChunks(['a'], 0), RangeError);
});
