import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frontEndFor, languageCodes, languageLetter, LANGUAGES } from '../src/engine';
import { KokoroError } from '../src/util/errors';

test('languages by letter or tag, in any case; an unknown code is undefined', () => {
  assert.equal(languageLetter('a'), 'a');
  assert.equal(languageLetter('EN-GB'), 'b');
  assert.equal(languageLetter(' pt-br '), 'p');
  assert.equal(languageLetter('zh'), 'z');
  assert.equal(languageLetter('en'), undefined);
  assert.equal(languageLetter('x'), undefined);
  assert.equal(languageCodes().length, 2 * Object.keys(LANGUAGES).length);
  assert.equal(new Set(Object.values(LANGUAGES).map((l) => l.tag)).size, Object.keys(LANGUAGES).length, 'tags are unique');
});

test('the front end: the language asked for, else the voice\'s; unknown or unspoken languages are clear errors', () => {
  assert.equal(frontEndFor('af_heart').id, 'en-us');
  assert.equal(frontEndFor('af_heart', 'b').id, 'en-gb', 'an American voice reading British English');
  assert.equal(frontEndFor('bf_emma', 'en-us').id, 'en-us');
  assert.throws(() => frontEndFor('af_heart', 'klingon'), (e: unknown) => e instanceof KokoroError && e.code === 'bad-lang' && /unknown language "klingon"/.test(e.message) && /en-us/.test(e.hint ?? ''));
  const unspoken = Object.entries(LANGUAGES).find(([, l]) => !l.frontEnd);
  if (unspoken) {
    assert.throws(() => frontEndFor('af_heart', unspoken[0]), (e: unknown) => e instanceof KokoroError && e.code === 'voice-language' && e.message.includes(unspoken[1].label));
  }
});
