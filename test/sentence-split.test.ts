import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sentenceCutter, type SentenceRules } from '../src/text/sentence-split';
import { TrackedText } from '../src/text/tracked';
import { splitEnglishSentences } from '../src/text/lang/english';
import { splitCjkSentences } from '../src/text/lang/cjk/split';
import { frontEndById } from '../src/text/lang/registry';

const texts = (cut: (t: TrackedText) => TrackedText[], s: string): string[] => cut(TrackedText.of(s)).map((p) => p.text);
const FRENCH_LIKE: SentenceRules = { terminators: '.!?…', closers: '"”’)]»', spacedClosers: true };

test('one cutter, three rule sets: a spaced closer stays with its sentence only where the rules allow it', () => {
  assert.deepEqual(texts(sentenceCutter(FRENCH_LIKE), '« Oui ! » Non.'), ['« Oui ! »', 'Non.']);
  assert.deepEqual(texts(splitEnglishSentences, '« Oui ! » Non.'), ['« Oui !', '» Non.']);
  assert.deepEqual(texts(splitEnglishSentences, 'One. "Two." Three\n\nFour'), ['One.', '"Two."', 'Three', 'Four']);
});

test('the terminators are data: the danda ends a Hindi sentence, not an English one', () => {
  const hindi = sentenceCutter({ ...FRENCH_LIKE, terminators: '.!?…।॥' });
  assert.deepEqual(texts(hindi, 'एक। दो॥ तीन'), ['एक।', 'दो॥', 'तीन']);
  assert.deepEqual(texts(splitEnglishSentences, 'एक। दो॥ तीन'), ['एक। दो॥ तीन']);
  assert.deepEqual(texts(frontEndById('hi')!.splitSentences, 'एक। दो'), ['एक।', 'दो'], 'the Hindi front end cuts with its own terminators');
});

test('unspaced marks (CJK) cut with no space after them; punctuation alone joins the piece before', () => {
  assert.deepEqual(texts(splitCjkSentences, '你好。再见！」好'), ['你好。', '再见！」', '好']);
  assert.deepEqual(texts(splitEnglishSentences, '你好。再见！」好'), ['你好。再见！」好']);
  assert.deepEqual(texts(splitCjkSentences, '3.5 ok. fin'), ['3.5 ok.', 'fin'], 'a decimal point is no cut');
  assert.deepEqual(texts(splitCjkSentences, '!!! ok'), ['ok'], 'punctuation before any sentence has nothing to join');
  assert.deepEqual(texts(splitEnglishSentences, '!!! ok'), ['!!!', 'ok'], 'without unspaced marks punctuation alone is a piece');
});

test('pieces point back into the input', () => {
  const input = '今日は。  Hello there.\nBye';
  const pieces = splitCjkSentences(TrackedText.of(input));
  assert.deepEqual(pieces.map((p) => input.slice(...p.spanOf(0, p.length))), ['今日は。', 'Hello there.', 'Bye']);
});
