import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrackedText } from '../src/text/tracked';
import { normalizeTracked } from '../src/text/normalize';
import { splitEnglishSentences } from '../src/text/lang/english';

test('replace keeps untouched characters and maps replacement text to the whole match', () => {
  const t = TrackedText.of('pay $5 now').replace(/\$(\d)/g, (_m, d) => `${d === '5' ? 'five' : d} dollars`);
  assert.equal(t.text, 'pay five dollars now');
  assert.deepEqual(t.rangeAt(0), [0, 1]);
  assert.deepEqual(t.spanOf(4, 16), [4, 6], '"five dollars" stands for "$5"');
  assert.deepEqual(t.rangeAt(17), [7, 8], '"now" keeps its own offsets');
  const pattern = TrackedText.of('a-1').replace(/-(\d)/g, ' minus $1');
  assert.equal(pattern.text, 'a minus 1');
  assert.deepEqual(pattern.spanOf(1, 9), [1, 3]);
});

test('an unchanged match, trim, filter and slice keep ranges; through() composes two mappings', () => {
  const t = TrackedText.of('  ab  ').replace(/b/g, 'b').trim();
  assert.equal(t.text, 'ab');
  assert.deepEqual([t.rangeAt(0), t.rangeAt(1)], [[2, 3], [3, 4]]);
  assert.deepEqual(TrackedText.of('a?b').filter((c) => c !== '?').rangeAt(1), [2, 3]);
  const outer = TrackedText.of('x $1 y').replace(/\$1/g, 'one dollar');
  const inner = TrackedText.uniform('wʌn', 2, 5); // phonemes of "one" in outer's text
  assert.deepEqual(inner.through(outer).rangeAt(0), [2, 4], 'through the normalizer: back to "$1"');
});

test('normalization keeps the original spans: money, times, abbreviations, units, URLs', () => {
  const input = 'Dr. Smith paid $5.50 at 3:30 pm for 20°C at www.example.com today.';
  const n = normalizeTracked(TrackedText.of(input));
  assert.equal(n.text, 'Doctor Smith paid five dollars and fifty cents at three thirty p m for twenty degrees Celsius at w w w dot example dot com today.');
  // Each normalized word -> the original text it came from.
  const from = new Map([...n.text.matchAll(/\S+/g)].map((m) => [m[0], input.slice(...n.spanOf(m.index, m.index + m[0].length))]));
  assert.equal(from.get('Doctor'), 'Dr.');
  assert.equal(from.get('Smith'), 'Smith');
  for (const w of ['five', 'dollars', 'and', 'fifty', 'cents']) assert.equal(from.get(w), '$5.50', w);
  for (const w of ['three', 'thirty']) assert.equal(from.get(w), '3:30 pm', w);
  for (const w of ['twenty', 'degrees', 'Celsius']) assert.equal(from.get(w), '20°C', w);
  for (const w of ['example', 'com']) assert.equal(from.get(w), 'www.example.com', w);
  assert.equal(from.get('today.'), 'today.');
  const at = n.text.indexOf('five');
  const [s, e] = n.spanOf(at, at + 'five dollars and fifty cents'.length);
  assert.equal(input.slice(s, e), '$5.50', 'the amount as a whole is one span');
});

test('sentences of tracked text point back into the input', () => {
  const input = 'One two.  Three!\nFour';
  const sentences = splitEnglishSentences(TrackedText.of(input));
  assert.deepEqual(sentences.map((s) => s.text), ['One two.', 'Three!', 'Four']);
  assert.deepEqual(sentences.map((s) => input.slice(...s.spanOf(0, s.length))), ['One two.', 'Three!', 'Four']);
});

test('tracked text crosses a thread boundary as plain data with its ranges; mismatched ranges are refused', () => {
  const t = TrackedText.of('It costs $5.').replace(/\$5/g, 'five dollars');
  const back = TrackedText.fromWire(structuredClone(t.toWire()));
  assert.equal(back.text, t.text);
  for (let i = 0; i < t.length; i++) assert.deepEqual(back.rangeAt(i), t.rangeAt(i));
  assert.throws(() => TrackedText.fromWire({ text: 'abc', starts: new Int32Array(2), ends: new Int32Array(3) }), /ranges/);
});
