import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kanjiNumeral, normalizeJapaneseNumbers } from '../src/text/lang/ja/numbers';
import { normalizeChineseNumbers } from '../src/text/lang/zh/numbers';
import { loadSegmenter } from '../src/text/lang/zh/pinyin';
import { TrackedText } from '../src/text/tracked';
import { runCli, standinArgs } from './helpers';

const ja = (s: string): string => normalizeJapaneseNumbers(TrackedText.of(s)).text;

test('kanji numerals as figures', () => {
  for (const [k, d] of [['七', '7'], ['十', '10'], ['二十四', '24'], ['三百六', '306'], ['二〇二四', '2024'], ['一万二千', '12000'], ['千', '1000']] as const) {
    assert.equal(kanjiNumeral(k), d, k);
  }
  assert.equal(kanjiNumeral('二二十'), undefined);
});

test('Japanese counters change the sound of the number, in kanji and in figures', () => {
  const cases: [string, string][] = [
    ['七時', 'シチジ'], ['四時', 'ヨジ'], ['九時', 'クジ'], ['7時', 'シチ ジ'],
    ['七日', 'ナノカ'], ['四日', 'ヨッカ'], ['二日', 'フツカ'], ['三日', 'ミッカ'], ['十日', 'トーカ'], ['二十日', 'ハツカ'], ['十四日', 'ジューヨッカ'],
    ['十一日', 'ジューイチニチ'], ['一日', 'イチニチ'], ['三月一日', 'サンガツツイタチ'], ['1日', 'ツイタチ'], ['1日中', 'イチ ニチ中'],
    ['一人', 'ヒトリ'], ['二人', 'フタリ'], ['四人', 'ヨニン'],
    ['三本', 'サンボン'], ['六本', 'ロッポン'], ['一本', 'イッポン'], ['8本', 'ハッ ポン'], ['10本', 'ジュッ ポン'], ['100本', 'ヒャッ ポン'], ['二本', 'ニホン'],
    ['一分', 'イップン'], ['三分', 'サンプン'],
    ['一匹', 'イッピキ'], ['三匹', 'サンビキ'], ['六匹', 'ロッピキ'], ['一杯', 'イッパイ'], ['三杯', 'サンバイ'],
    ['一個', 'イッコ'], ['一回', 'イッカイ'], ['3回', 'サン カイ'], ['一階', 'イッカイ'], ['三階', 'サンガイ'], ['一冊', 'イッサツ'], ['二十歳', 'ハタチ'],
    ['四月', 'シガツ'], ['七月', 'シチガツ'], ['九月', 'クガツ'], ['二〇二四年', 'ニセンニジューヨネン'],
    // Words that only look like a number and a counter stay for the analyser.
    ['120万人', 'ヒャクニジュー 万人'], ['三日月', '三日月'], ['十分', '十分'], ['日本', '日本'],
  ];
  for (const [input, expected] of cases) assert.equal(ja(input), expected, input);
});

test('a counted kanji numeral keeps its span into the input', () => {
  const input = '朝七時に三本';
  const n = normalizeJapaneseNumbers(TrackedText.of(input));
  assert.equal(n.text, '朝シチジにサンボン');
  const at = n.text.indexOf('サンボン');
  assert.equal(input.slice(...n.spanOf(at, at + 'サンボン'.length)), '三本');
  const seven = n.text.indexOf('シチジ');
  assert.equal(input.slice(...n.spanOf(seven, seven + 3)), '七時');
});

async function phonemes(text: string, voice: string): Promise<string> {
  const r = await runCli(['synth', text, '--phonemes', '-v', voice, ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.toString('utf8').trim();
}

test('CLI: synth --phonemes reads Japanese counters (七時 and 7時 shichi, 三本 with b, 四月 shi)', async () => {
  const [kanji, figures, hon, month] = await Promise.all([phonemes('七時', 'jf_alpha'), phonemes('7時', 'jf_alpha'), phonemes('三本', 'jf_alpha'), phonemes('四月', 'jf_alpha')]);
  assert.equal(kanji, 'ɕiʨiʥi');
  assert.equal(figures, 'ɕiʨi ʥi', 'figures apart from their counter, as misaki reads them');
  assert.equal(hon, 'samboɴ');
  assert.equal(month, 'ɕiɡaʦɨ');
});

const zh = (s: string): string => normalizeChineseNumbers(TrackedText.of(s)).text;

test('Mandarin: a lone 2 or 二 before a measure word is 两; in larger numbers, ordinals and dates it stays 二', () => {
  const cases: [string, string][] = [
    ['2个', '两个'], ['二个', '两个'], ['2本书', '两本书'], ['2只猫', '两只猫'], ['2张', '两张'], ['2次', '两次'], ['2位', '两位'],
    ['2件', '两件'], ['2天', '两天'], ['2年', '两年'], ['2点', '两点'],
    ['12个', '十二个'], ['20个', '二十个'], ['二十个', '二十个'], ['第2个', '第二个'], ['第二个', '第二个'], ['2.5公斤', '二点五公斤'], ['2月2日', '二月二日'], ['2', '二'],
  ];
  for (const [input, expected] of cases) assert.equal(zh(input), expected, input);
});

test('Mandarin tone sandhi of 不 and 一, as misaki\'s tone_sandhi rules', async () => {
  const segment = await loadSegmenter();
  const read = (s: string): string => segment(s).flatMap((w) => w.syllables).join(' ');
  const cases: [string, string][] = [
    ['不是', 'bu2 shi4'], ['不对', 'bu2 dui4'], ['不错', 'bu2 cuo4'], ['不好', 'bu4 hao3'], ['不来', 'bu4 lai2'], ['我说不', 'wo3 shuo1 bu4'],
    ['看不懂', 'kan4 bu5 dong3'], ['对不起', 'dui4 bu5 qi3'],
    ['一个', 'yi2 ge4'], ['一半', 'yi2 ban4'], ['一起', 'yi4 qi3'], ['一天', 'yi4 tian1'], ['一年', 'yi4 nian2'], ['一百', 'yi4 bai3'],
    ['第一', 'di4 yi1'], ['十一个', 'shi2 yi1 ge4'], ['一二三', 'yi1 er4 san1'], ['统一', 'tong3 yi1'], ['一', 'yi1'], ['看一看', 'kan4 yi5 kan4'],
  ];
  for (const [input, expected] of cases) assert.equal(read(input), expected, input);
});

test('CLI: synth --phonemes reads 2个 as liǎng gè and 不是 as bú shì', async () => {
  const [two, liang, bushi] = await Promise.all([phonemes('我有2个苹果。', 'zf_xiaoxiao'), phonemes('我有两个苹果。', 'zf_xiaoxiao'), phonemes('不是。', 'zf_xiaoxiao')]);
  assert.equal(two, liang);
  assert.match(two, /lja↓ŋkɤ↘/);
  assert.equal(bushi, 'pu↗ʂɨ↘.');
});
