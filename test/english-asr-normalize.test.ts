import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishAsrWords, englishWordEdits, englishWordErrorRate, joinCompounds } from '../test-real/english-asr-normalize';
import { spokenNumbersToDigits } from '../test-real/spoken-numbers';

const digits = (s: string): string => spokenNumbersToDigits(s.split(' ')).join(' ');

test('spoken numbers: cardinals, "a hundred", multipliers and "and"', () => {
  assert.equal(digits('more than a hundred years'), 'more than 100 years');
  assert.equal(digits('one hundred and five'), '105');
  assert.equal(digits('three million'), '3000000');
  assert.equal(digits('3 million'), '3000000');
  assert.equal(digits('2.5 billion'), '2500000000');
  assert.equal(digits('one million two hundred thousand'), '1200000');
  assert.equal(digits('two thousand and twenty four'), '2024');
  assert.equal(digits('twenty one'), '21');
  assert.equal(digits('the one who came'), 'the 1 who came');
});

test('spoken numbers: years in pairs, decades, ordinals, decimals; separate numbers stay separate', () => {
  assert.equal(digits('nineteen sixty'), '1960');
  assert.equal(digits('by the nineteen sixties'), 'by the 1960s');
  assert.equal(digits('twenty twenty four'), '2024');
  assert.equal(digits('nineteen oh five'), '1905');
  assert.equal(digits('nineteen hundred'), '1900');
  assert.equal(digits('the first round'), 'the 1st round');
  assert.equal(digits('twenty first century'), '21st century');
  assert.equal(digits('eleventh hour'), '11th hour');
  assert.equal(digits('the hundredth time'), 'the 100th time');
  assert.equal(digits('two point five'), '2.5');
  assert.equal(digits('one two three'), '1 2 3');
  assert.equal(digits('a cat and a dog'), 'a cat and a dog');
  assert.equal(digits('point taken'), 'point taken');
});

test('words: case, punctuation, brackets, apostrophes and abbreviations', () => {
  assert.deepEqual(englishAsrWords('Hello, world! [Music] T.T.S. it\'s'), ['hello', 'world', 'tts', 'its']);
  assert.deepEqual(englishAsrWords('testing t t s performance'), ['testing', 'tts', 'performance']);
  assert.deepEqual(englishAsrWords('I saw a cat'), ['i', 'saw', 'a', 'cat']);
  assert.deepEqual(englishAsrWords("won't, can't, they're, we'll, I've, I'm"), ['will', 'not', 'can', 'not', 'they', 'are', 'we', 'will', 'i', 'have', 'i', 'am']);
  assert.deepEqual(englishAsrWords('Apples, etc. are'), englishAsrWords('apples et cetera are'));
  assert.deepEqual(englishAsrWords('Mr. Smith'), englishAsrWords('Mister Smith'));
});

test('words: money, percent, digits with commas and ordinals written either way', () => {
  assert.deepEqual(englishAsrWords('The startup raised $3 million.'), ['the', 'startup', 'raised', '3000000', 'dollars']);
  assert.deepEqual(englishAsrWords('raised three million dollars'), ['raised', '3000000', 'dollars']);
  assert.deepEqual(englishAsrWords('£5 and 1,000 people'), englishAsrWords('five pounds and one thousand people'));
  assert.deepEqual(englishAsrWords('50% off'), englishAsrWords('fifty percent off'));
  assert.deepEqual(englishAsrWords('fifty per cent off'), ['50', 'percent', 'off']);
  assert.deepEqual(englishAsrWords('the 21st century'), englishAsrWords('the twenty-first century'));
  assert.deepEqual(englishAsrWords('the 1960s'), englishAsrWords('the nineteen-sixties'));
  assert.deepEqual(englishAsrWords('3.5 metres'), ['3.5', 'meters']);
});

test('words: British spellings become American', () => {
  assert.deepEqual(englishAsrWords('The colour of the theatre, organised and recognised'), englishAsrWords('the color of the theater organized and recognized'));
  assert.deepEqual(englishAsrWords('grey neighbours travelled'), ['gray', 'neighbors', 'traveled']);
  assert.deepEqual(englishAsrWords('rise wise promise'), ['rise', 'wise', 'promise']);
});

test('compounds: open, hyphenated and closed forms are one word on both sides', () => {
  assert.deepEqual(joinCompounds(['a', 'logbook'], ['a', 'log', 'book']), [['a', 'logbook'], ['a', 'logbook']]);
  assert.deepEqual(joinCompounds(['hand', 'writing'], ['handwriting']), [['handwriting'], ['handwriting']]);
  assert.deepEqual(joinCompounds(['the', 'cat'], ['thecat', 'the']), [['the', 'cat'], ['thecat', 'the']]);
  assert.equal(englishWordErrorRate('This pangram contains', 'This pan-gram contains').errors, 0);
  assert.equal(englishWordErrorRate('kept a logbook', 'kept a log book').errors, 0);
});

test('english word error rate: real errors still count; the denominator is the reference alone', () => {
  assert.deepEqual(englishWordErrorRate('For more than a hundred years', 'For more than 100 years'), { errors: 0, words: 5, rate: 0 });
  assert.equal(englishWordErrorRate('the quick brown fox', 'the quack brown fox').errors, 1);
  assert.equal(englishWordErrorRate('a hundred years', 'two hundred years').errors, 1);
  assert.equal(englishWordErrorRate('the object was hidden', 'the objection was hidden').errors, 1);
  assert.equal(englishWordErrorRate('kept a logbook', 'kept a log look').errors, 2);
  assert.equal(englishWordErrorRate('kept a log book', 'kept a logbook').words, 4);
  assert.equal(englishWordErrorRate('the fox', '').rate, 1);
});

test('word edits name each error, as many as the error count', () => {
  const ref = 'For more than a hundred years, its keepers had climbed the spiral stairs.';
  const heard = 'For more than 100 years its keepers climbed the spiral stares that';
  assert.deepEqual(englishWordEdits(ref, heard), ['-had', 'stairs->stares', '+that']);
  assert.equal(englishWordErrorRate(ref, heard).errors, 3);
  assert.deepEqual(englishWordEdits('kept a logbook', 'kept a log book'), []);
});
