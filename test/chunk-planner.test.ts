import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkPhonemes } from '../src/text/chunk';
import { balanceChunks } from '../src/text/chunk-balance';
import { BALANCE_WINDOW, ChunkPlanner, planChunks } from '../src/text/chunk-planner';

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

/** `sentences` without their first `n` non-space symbols. */
function dropFront(sentences: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    const cps = [...s.trim()];
    let i = 0;
    for (; n > 0 && i < cps.length; i++) if (cps[i] !== ' ') n--;
    const rest = cps.slice(i).join('').trim();
    if (rest !== '') out.push(rest);
  }
  return out;
}

const symbols = (chunks: readonly string[]): number => chunks.reduce((n, c) => n + [...c.replace(/ /g, '')].length, 0);

/**
 * The planning rule applied to a whole text at once: greedy packing's chunks but the last `window`,
 * then the text after them balanced (after a short first chunk, if there is one).
 */
function wholeText(sentences: readonly string[], max: number, first: number, window: number): string[] {
  if (first < max) {
    const head = chunkPhonemes(sentences, first);
    if (head.length <= 1) return head;
    return [head[0]!, ...wholeText(dropFront(sentences, symbols([head[0]!])), max, max, window)];
  }
  const greedy = chunkPhonemes(sentences, max);
  const kept = greedy.slice(0, Math.max(0, greedy.length - window));
  return [...kept, ...balanceChunks(dropFront(sentences, symbols(kept)), max)];
}

test('with a window of one chunk, pushing sentences one at a time gives exactly the chunks of chunkPhonemes', () => {
  const rnd = lcg(7);
  for (let trial = 0; trial < 400; trial++) {
    const sentences = randomSentences(rnd);
    const max = 1 + Math.floor(rnd() * 510);
    assert.deepEqual(planChunks(sentences, max, max, 1), chunkPhonemes(sentences, max), `trial ${trial}, max ${max}`);
  }
});

test('pushing sentences one at a time gives exactly the whole-text plan (greedy, then the last window balanced)', () => {
  const rnd = lcg(8);
  for (let trial = 0; trial < 400; trial++) {
    const sentences = randomSentences(rnd);
    const max = 1 + Math.floor(rnd() * (trial % 2 ? 510 : 60));
    const first = trial % 3 ? max : 1 + Math.floor(rnd() * max);
    const window = trial % 4 ? BALANCE_WINDOW : 1 + Math.floor(rnd() * 6);
    const at = `trial ${trial}, max ${max}, first ${first}, window ${window}`;
    const planned = planChunks(sentences, max, first, window);
    assert.deepEqual(planned, wholeText(sentences, max, first, window), at);
    assert.ok(planned.length <= chunkPhonemes(sentences, max).length + (first < max ? 1 : 0), `${at}: no more calls than greedy`);
  }
});

test('a text of up to BALANCE_WINDOW greedy chunks is balanced as a whole', () => {
  const rnd = lcg(9);
  let seen = 0;
  for (let trial = 0; seen < 200; trial++) {
    const sentences = randomSentences(rnd);
    const max = 1 + Math.floor(rnd() * 510);
    if (chunkPhonemes(sentences, max).length > BALANCE_WINDOW) continue;
    seen++;
    assert.deepEqual(planChunks(sentences, max), balanceChunks(sentences, max), `trial ${trial}`);
  }
});

test('a long text is pipelined: chunks come out while it is pushed, the planner holding a bounded amount', () => {
  const sentence = (i: number): string => `${'abcdefghij'[i % 10]!.repeat(38)}.`; // 39 tokens: 5 fit in 200
  const p = new ChunkPlanner(200);
  const out: string[] = [];
  let firstAt = -1;
  for (let i = 0; i < 1000; i++) {
    out.push(...p.push(sentence(i)));
    if (firstAt < 0 && out.length > 0) firstAt = i;
    // Held back: at most BALANCE_WINDOW greedy chunks of 5 sentences each (and the one just pushed).
    assert.ok(i + 1 - out.length * 5 <= BALANCE_WINDOW * 5 + 1, `push ${i}: ${out.length} chunks out`);
  }
  assert.equal(firstAt, BALANCE_WINDOW * 5, 'the first chunk comes once 4 full chunks follow it');
  out.push(...p.finish());
  assert.equal(out.length, 200);
  assert.ok(out.every((c) => c.length === 199));
});

test('chunks come out as soon as they are closed, before the text ends (window of one)', () => {
  const p = new ChunkPlanner(11, 11, 1);
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
  // The rest is balanced: the hard cut lands mid-word where it evens the chunks, still with no space in the word.
  assert.deepEqual(planChunks(['ab, cdefghijkl mn.', 'op'], 8, 4), ['ab,', 'cdefghi', 'jkl mn.', 'op']);
});
