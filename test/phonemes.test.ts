import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EspeakPool, phonemizeWith } from '../src/text/phonemize';
import { espeakToKokoro, type Dialect } from '../src/text/kokoro-phonemes';
import { frontEndById } from '../src/text/lang/registry';
import { splitPunctuation, splitLongLine } from '../src/text/punctuation';
import { splitEnglishSentences } from '../src/text/lang/english';
import { TrackedText } from '../src/text/tracked';
import { normalize } from '../src/text/normalize';
import { FIXTURES } from './helpers';

const pool = new EspeakPool();
after(() => pool.close());
const phonemizer = {
  async phonemize(text: string, dialect: Dialect): Promise<string> {
    const fe = frontEndById(dialect)!;
    return (await fe.phonemize(text, await pool.line(fe.espeakVoice))).text;
  },
};

test('espeak IPA -> Kokoro v1.0 symbols', () => {
  assert.equal(espeakToKokoro('həlˈo^ʊ wˈɜːld', 'en-us'), 'həlˈO wˈɜɹld');
  assert.equal(espeakToKokoro('d^ʒˈʌd^ʒ t^ʃˈɜːt^ʃ', 'en-us'), 'ʤˈʌʤ ʧˈɜɹʧ');
  assert.equal(espeakToKokoro('bˈa^ɪt tədˈe^ɪ', 'en-us'), 'bˈIt tədˈA');
  assert.equal(espeakToKokoro('bɹˈa^ʊn d^ʒˈɔ^ɪ', 'en-us'), 'bɹˈWn ʤˈY');
  assert.equal(espeakToKokoro('həlˈə^ʊ', 'en-gb'), 'həlˈQ');
  assert.equal(espeakToKokoro('ðˈe^ə hˈi^ə', 'en-gb'), 'ðˈɛː hˈɪə');
  assert.equal(espeakToKokoro('fˈɑːðɚ', 'en-us'), 'fˈɑðəɹ');
  assert.equal(espeakToKokoro('bˈʌʔn̩', 'en-us'), 'bˈʌtᵊn');
});

test('punctuation is cut out around word stretches and survives', () => {
  const pieces = splitPunctuation('Hello, world! "Yes" (no)');
  assert.equal(pieces.map((p) => p.text).join(''), 'Hello, world! "Yes" (no)');
  assert.deepEqual(pieces.filter((p) => p.kind === 'words').map((p) => p.text), ['Hello', 'world', 'Yes', 'no']);
  assert.deepEqual(splitEnglishSentences(TrackedText.of('One. Two! Three? "Four." Five\nSix')).map((s) => s.text), ['One.', 'Two!', 'Three?', '"Four."', 'Five', 'Six']);
  const long = splitLongLine(Array.from({ length: 400 }, () => 'word').join(' '), 900);
  assert.ok(long.every((l) => Buffer.byteLength(l) <= 900) && long.join(' ').split(' ').length === 400);
});

interface Reference {
  espeak: string;
  entries: { dialect: Dialect; text: string; normalized: string; phonemes: string }[];
}

test('phonemes of the reference corpus equal what the system espeak-ng gave, after the same post-processing', async () => {
  const ref = JSON.parse(readFileSync(join(FIXTURES, 'phonemes', 'reference.json'), 'utf8')) as Reference;
  assert.ok(ref.entries.length >= 30);
  for (const e of ref.entries) {
    assert.equal(normalize(e.text), e.normalized, `normalization of ${e.text}`);
    assert.equal(await phonemizer.phonemize(e.normalized, e.dialect), e.phonemes, `${e.dialect}: ${e.text}`);
  }
});

test('one worker serves many requests in order, concurrently issued', async () => {
  const texts = ['one', 'two', 'three', 'four', 'five', 'six'];
  const got = await Promise.all(texts.map((t) => phonemizer.phonemize(t, 'en-us')));
  assert.deepEqual(got, ['wˈʌn', 'tˈu', 'θɹˈi', 'fˈɔɹ', 'fˈIv', 'sˈɪks']);
});

test('phonemizeWith keeps punctuation in place with a fake line phonemizer', async () => {
  const fake = { phonemizeLine: async (t: string) => [t.toUpperCase()] };
  assert.equal(await phonemizeWith(fake, 'ab, cd! (ef) "gh"', (ipa) => espeakToKokoro(ipa, 'en-us')), 'AB, CD! (EF) "GH"');
});
