import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordErrorRate, words } from '../test-real/wer';

test('words: case, punctuation and dotted abbreviations do not count as errors', () => {
  assert.deepEqual(words('Hello, world! T.T.S. it\'s'), ['hello', 'world', 'tts', 'its']);
});

test('word error rate counts substitutions, deletions and insertions against the reference length', () => {
  assert.deepEqual(wordErrorRate('the quick brown fox', 'the quick brown fox'), { errors: 0, words: 4, rate: 0 });
  assert.equal(wordErrorRate('the quick brown fox', 'the quack brown fox').errors, 1);
  assert.equal(wordErrorRate('the quick brown fox', 'the brown fox').errors, 1);
  assert.equal(wordErrorRate('the quick brown fox', 'the quick brown fox jumps').errors, 1);
  assert.equal(wordErrorRate('the quick brown fox', '').rate, 1);
  assert.equal(wordErrorRate('a b c d', 'd c b a').errors, 4);
});
