import { test } from 'node:test';
import { editDistance } from '../src/util/edit-distance';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, frontEndFor, type AudioChunk } from '../src/engine';
import { kanaToKokoro } from '../src/text/lang/ja/kana';
import { readJapaneseInteger, normalizeJapaneseNumbers } from '../src/text/lang/ja/numbers';
import { phonemizeJapanese } from '../src/text/lang/japanese';
import { phonemizeChinese } from '../src/text/lang/mandarin';
import { syllableToKokoro } from '../src/text/lang/zh/pinyin-ipa';
import { readInteger, readNumber, normalizeChineseNumbers } from '../src/text/lang/zh/numbers';
import { splitCjkSentences } from '../src/text/lang/cjk/split';
import { TrackedText } from '../src/text/tracked';
import { VOCAB } from '../src/text/vocab';
import { FIXTURES, runCli, STANDIN, tempDir, VOICES } from './helpers';

const zh = (s: string): string => normalizeChineseNumbers(TrackedText.of(s)).text;
const ja = (s: string): string => normalizeJapaneseNumbers(TrackedText.of(s)).text;

test('kana -> Kokoro symbols as misaki reads them: digraphs, long vowels, sokuon, ん by what follows', () => {
  assert.equal(kanaToKokoro('トーキョー'), 'toːkʲoː');
  assert.equal(kanaToKokoro('ワタシ'), 'βataɕi');
  assert.equal(kanaToKokoro('ガッコー'), 'ɡaʔkoː');
  assert.equal(kanaToKokoro('シンブン'), 'ɕimbɯɴ', 'ん before b is m, at the end ɴ');
  assert.equal(kanaToKokoro('テンキ'), 'teŋkʲi', 'ん before k is ŋ');
  assert.equal(kanaToKokoro('コンニチワ'), 'koɲɲiʨiβa', 'ん before ɲ is ɲ');
  assert.equal(kanaToKokoro('ヒャク'), 'çakɯ');
  assert.equal(kanaToKokoro('ティー'), 'tʲiː');
  assert.equal(kanaToKokoro('てゃ'), 'tja', 'a consonant + small kana the table lacks: consonant and glide');
});

test('pinyin + tone -> Kokoro symbols: initials, strict finals, zhi/zi, ü, er, tone arrows on the vowel', () => {
  assert.equal(syllableToKokoro('zhong1'), 'ꭧʊ→ŋ');
  assert.equal(syllableToKokoro('hao3'), 'xau↓');
  assert.equal(syllableToKokoro('shi4'), 'ʂɨ↘');
  assert.equal(syllableToKokoro('si0'), 'sɨ', 'neutral tone: no arrow');
  assert.equal(syllableToKokoro('nü3'), 'ny↓');
  assert.equal(syllableToKokoro('lv4'), 'ly↘');
  assert.equal(syllableToKokoro('xue2'), 'ɕɥe↗', 'u after x is ü');
  assert.equal(syllableToKokoro('yuan2'), 'ɥɛ↗n');
  assert.equal(syllableToKokoro('wei4'), 'wei↘');
  assert.equal(syllableToKokoro('liu2'), 'ljou↗', 'iu is iou');
  assert.equal(syllableToKokoro('dui4'), 'twei↘', 'ui is uei');
  assert.equal(syllableToKokoro('er4'), 'ɚ↘');
  assert.equal(syllableToKokoro('qu4'), 'ʨʰy↘');
  assert.equal(syllableToKokoro('xyz'), null);
});

test('Chinese numbers read as cn2an reads them (and thousands separators and currency as a speaker does)', () => {
  assert.equal(readInteger('10'), '十');
  assert.equal(readInteger('110'), '一百一十');
  assert.equal(readInteger('1010'), '一千零一十');
  assert.equal(readInteger('10001'), '一万零一');
  assert.equal(readInteger('100000'), '十万');
  assert.equal(readInteger('20000000'), '二千万');
  assert.equal(readInteger('10000100'), '一千万零一百');
  assert.equal(readInteger('123456789'), '一亿二千三百四十五万六千七百八十九');
  assert.equal(readNumber('-3.14'), '负三点一四');
  assert.equal(zh('今天是2024年3月5日'), '今天是二零二四年三月五日');
  assert.equal(zh('提高了25%'), '提高了百分之二十五');
  assert.equal(zh('1/3'), '三分之一');
  assert.equal(zh('3-5个'), '三到五个');
  assert.equal(zh('25℃'), '二十五摄氏度');
  assert.equal(zh('共1,000人'), '共一千人');
  assert.equal(zh('¥150'), '一百五十元');
  assert.equal(zh('电话：010-12345678'), '电话：零一零 一二三四五六七八', 'codes digit by digit, a hyphen is no minus');
  assert.equal(zh('温度-5度'), '温度负五度');
  assert.equal(zh('007号'), '零零七号');
});

test('Japanese numbers, dates and money read with the sound changes of counters', () => {
  assert.equal(readJapaneseInteger('300'), 'サンビャク');
  assert.equal(readJapaneseInteger('8000'), 'ハッセン');
  assert.equal(readJapaneseInteger('2024'), 'ニセンニジューヨン');
  assert.equal(readJapaneseInteger('10000'), 'イチマン');
  assert.equal(readJapaneseInteger('12000000'), 'センニヒャクマン');
  assert.equal(ja('3月1日'), 'サン ガツツイタチ');
  assert.equal(ja('4時'), 'ヨ ジ');
  assert.equal(ja('10分'), 'ジュッ プン');
  assert.equal(ja('1人'), 'ヒトリ');
  assert.equal(ja('2024年'), 'ニセンニジューヨ ネン');
  assert.equal(ja('¥1,500'), 'センゴヒャク エン');
  assert.equal(ja('50%'), 'ゴジューパーセント');
  assert.equal(ja('3.5'), 'サンテンゴ');
});

test('CJK sentences and clauses: cut after 。！？、，, no space needed; a decimal point is no cut', () => {
  const parts = splitCjkSentences(TrackedText.of('你好，世界。今天3.5度！好吗？')).map((t) => t.text);
  assert.deepEqual(parts, ['你好，', '世界。', '今天3.5度！', '好吗？']);
  assert.deepEqual(splitCjkSentences(TrackedText.of('「はい」と言った。次に、')).map((t) => t.text), ['「はい」と言った。', '次に、']);
});

test('Chinese phonemes: jieba words with spaces, polyphones from context, punctuation kept', async () => {
  assert.equal((await phonemizeChinese('你好，世界。')).text, 'ni↓xau↓, ʂɨ↘ʨje↘.');
  assert.equal((await phonemizeChinese('银行行长很高兴')).text, 'i↗nxa↗ŋxa↗ŋꭧa↓ŋ xə↓n kau→ɕi↘ŋ', '行 háng in 银行, 长 zhǎng in 行长');
  assert.match((await phonemizeChinese('你吃饭了吗？')).text, / lɤ ma\?$/, '了 is le after a verb');
});

test('Latin words without an espeak line are dropped, not spelt as raw letters; punctuation stays', async () => {
  assert.equal((await phonemizeChinese('我喜欢AI！')).text, 'wo↓ ɕi↓xwan!');
  assert.equal((await phonemizeJapanese('彼は「えっ！？」と驚いた…')).text, 'kaɾe βa “eʔ!?” to odoɾoita…');
});

test('Japanese phonemes: readings from the analyser, particles as pronounced, misaki spacing', async () => {
  assert.equal((await phonemizeJapanese('今日は良い天気ですね。')).text, 'kʲoː βa joi teŋkʲi desɨ ne.');
  assert.equal((await phonemizeJapanese('東京タワーに行きました、')).text, 'toːkʲoː taβaː ɲi ikʲi maɕita,');
  assert.equal((await phonemizeJapanese('「こんにちは」と言った。')).text, '“koɲɲiʨiβa” to iʔta.');
});

/** Phonemes of every character point at a non-decreasing place in the sentence: word timings stay monotonic. */
function assertMonotonic(t: TrackedText, sentence: string): void {
  let last = 0;
  for (let i = 0; i < t.length; i++) {
    const [s, e] = t.rangeAt(i);
    assert.ok(s >= last, `phoneme ${i} (${t.text[i]}) of "${sentence}" points back to ${s} < ${last}`);
    assert.ok(e <= sentence.length && s <= e);
    last = s;
  }
}

test('spans: every phoneme points at its word, in order (ja and zh), through normalization', async () => {
  for (const [voice, text] of [
    ['jf_alpha', '会議には25人が参加しました。駅まで歩いて10分です！'],
    ['zf_xiaoxiao', '我有3个苹果和2.5公斤米，银行行长很高兴。'],
  ] as const) {
    const fe = frontEndFor(voice);
    const norm = fe.normalize(TrackedText.of(text));
    for (const sentence of fe.splitSentences(norm)) {
      const ps = await fe.phonemize(sentence.text, { phonemizeLine: () => Promise.reject(new Error('no espeak')) });
      assertMonotonic(ps, sentence.text);
      assertMonotonic(ps.through(sentence), text);
      for (const ch of ps.text) assert.ok(VOCAB.has(ch), `${voice}: ${ch} is not a Kokoro symbol`);
    }
  }
  const ps = await phonemizeChinese('银行行长');
  const firstWord = ps.text.indexOf(' ');
  assert.deepEqual(ps.rangeAt(0), [0, 4], 'jieba keeps 银行行长 as one word');
  assert.equal(firstWord, -1);
});

/** Edits over Kokoro symbols (spaces included) that turn the phonemes into the reference's. */
function phonemeErrors(ref: string, hyp: string): number {
  return editDistance([...ref], [...hyp]);
}

for (const [lang, voice] of [['ja', 'jf_alpha'], ['zh', 'zf_xiaoxiao']] as const) {
  test(`${lang}: phonemes within 10% PER of misaki's (the G2P Kokoro was trained with) on the committed corpus`, async () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, 'misaki', `${lang}.json`), 'utf8')) as { lang: string; sentences: { text: string; phonemes: string }[] };
    assert.equal(doc.lang, lang);
    assert.ok(doc.sentences.length >= 30);
    assert.ok(doc.sentences.filter((s) => /\d/.test(s.text)).length >= 5, 'the corpus has numbers');
    const fe = frontEndFor(voice);
    let errors = 0;
    let length = 0;
    for (const s of doc.sentences) {
      const parts = fe.splitSentences(fe.normalize(TrackedText.of(s.text)));
      const got: string[] = [];
      for (const p of parts) got.push((await fe.phonemize(p.text, { phonemizeLine: () => Promise.reject(new Error('no espeak')) })).text);
      errors += phonemeErrors(s.phonemes, got.join(' '));
      length += [...s.phonemes].length;
    }
    const per = errors / length;
    process.stderr.write(`${lang} PER vs misaki: ${(per * 100).toFixed(2)}% (${errors}/${length})\n`);
    assert.ok(per <= 0.1, `${lang} PER ${per}`);
  });
}

test('engine: a j voice and a z voice (and lang on an English voice) synthesize through the stand-in model', async () => {
  const dir = tempDir();
  for (const name of ['jf_alpha', 'zf_xiaoxiao', 'af_heart']) copyFileSync(join(VOICES, 'af_heart.bin'), join(dir, `${name}.bin`));
  const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: dir, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 510, phonemeCacheSize: 8 });
  try {
    for (const [voice, lang, text, expect] of [
      ['jf_alpha', undefined, '今日は良い天気ですね。', 'kʲoː βa joi teŋkʲi desɨ ne.'],
      ['zf_xiaoxiao', undefined, '你好，世界。', 'ni↓xau↓, ʂɨ↘ʨje↘.'],
      ['af_heart', 'zh', '你好，世界。', 'ni↓xau↓, ʂɨ↘ʨje↘.'],
    ] as const) {
      const chunks: AudioChunk[] = [];
      for await (const c of engine.synthesize({ text, voice, speed: 1, lang })) chunks.push(c);
      assert.equal(chunks.map((c) => c.phonemes).join(' '), expect);
      assert.ok(chunks.every((c) => c.dropped.length === 0));
      assert.ok(chunks.reduce((n, c) => n + c.samples.length, 0) > 0);
      const spans = chunks.flatMap((c) => c.spans);
      for (let i = 1; i < spans.length; i++) assert.ok(spans[i]!.text[0] >= spans[i - 1]!.text[0], 'spans in text order');
    }
    assert.equal((await engine.phonemize({ text: '2024年', voice: 'jf_alpha' })).phonemes, 'ɲiseɲɲiʥɨːjo neɴ');
    // Latin words inside Chinese or Japanese are read as English by espeak (misaki passed the letters through raw).
    assert.equal((await engine.phonemize({ text: '我喜欢Python。', voice: 'zf_xiaoxiao' })).phonemes, 'wo↓ ɕi↓xwan pˈIθən.');
    assert.equal((await engine.phonemize({ text: 'Pythonが好き。', voice: 'jf_alpha' })).phonemes, 'pˈIθən ɡa sɨkʲi.');
  } finally {
    await engine.close();
  }
});

test('English start-up loads no Japanese or Chinese library', async () => {
  const loaded = (): string[] => Object.keys(require.cache).filter((k) => /kuromoji|pinyin-pro|jieba-wasm/.test(k));
  const before = loaded();
  frontEndFor('af_heart');
  assert.deepEqual(loaded(), before, 'picking the English front end requires nothing new');
  const src = readFileSync(join(__dirname, '..', 'src', 'text', 'lang', 'registry.js'), 'utf8');
  assert.doesNotMatch(src, /kuromoji|pinyin-pro|jieba/, 'the registry does not require the libraries');
});

test('CLI: synth with a j voice and a z voice writes audio; --phonemes prints Kokoro symbols', async () => {
  const dir = tempDir();
  for (const name of ['jf_alpha', 'zf_xiaoxiao']) copyFileSync(join(VOICES, 'af_heart.bin'), join(dir, `${name}.bin`));
  const wav = join(dir, 'ja.wav');
  const r = await runCli(['synth', '東京タワーに行きました。', '-v', 'jf_alpha', '-m', STANDIN, '--voices-dir', dir, '-o', wav]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(statSync(wav).size > 44);
  const p = await runCli(['synth', '我有3个苹果。', '-v', 'zf_xiaoxiao', '-m', STANDIN, '--voices-dir', dir, '--phonemes']);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.stdout.toString().trim(), 'wo↓ jou↓ sa→nkɤ↘ pʰi↗ŋkwo↓.');
});
