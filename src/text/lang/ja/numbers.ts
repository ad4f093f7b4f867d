import { replaceWhere, type TrackedText } from '../../tracked';

/**
 * Numbers, dates, times and money read in Japanese (pure, tracked): figures become their reading in
 * katakana as pronounced (ー for long vowels, as the analyser's pronunciation field writes them), with
 * the sound changes of 百/千 (三百 サンビャク, 六百 ロッピャク, 八千 ハッセン) and of common counters
 * (3月 サンガツ, 4月 シガツ, 1日 ツイタチ, 20日 ハツカ, 4時 ヨジ, 1分 イップン, 1人 ヒトリ, 1個 イッコ).
 * misaki reads digits alone (so 3月 came out "san tsuki"); we read the date as a speaker does.
 */

const DIGIT = ['ゼロ', 'イチ', 'ニ', 'サン', 'ヨン', 'ゴ', 'ロク', 'ナナ', 'ハチ', 'キュー'];
const HUNDREDS: Record<number, string> = { 1: 'ヒャク', 3: 'サンビャク', 6: 'ロッピャク', 8: 'ハッピャク' };
const THOUSANDS: Record<number, string> = { 1: 'セン', 3: 'サンゼン', 8: 'ハッセン' };

/** 1..9999. */
function under10000(n: number, oneThousandAlone: boolean): string {
  const th = Math.floor(n / 1000);
  const h = Math.floor(n / 100) % 10;
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  let out = '';
  if (th > 0) out += th === 1 && !oneThousandAlone && n === 1000 ? 'イッセン' : THOUSANDS[th] ?? DIGIT[th]! + 'セン';
  if (h > 0) out += HUNDREDS[h] ?? DIGIT[h]! + 'ヒャク';
  if (t > 0) out += (t === 1 ? '' : DIGIT[t]!) + 'ジュー';
  if (u > 0) out += DIGIT[u]!;
  return out;
}

/** A non-negative integer in katakana: 2024 -> ニセンニジューヨン, 1200000 -> ヒャクニジューマン. */
export function readJapaneseInteger(digits: string): string {
  const s = digits.replace(/^0+(?=\d)/, '');
  if (/^0+$/.test(s)) return 'ゼロ';
  if (s.length > 16) return [...s].map((d) => DIGIT[Number(d)]).join('');
  const units = ['', 'マン', 'オク', 'チョー'];
  const groups: number[] = [];
  for (let end = s.length; end > 0; end -= 4) groups.unshift(Number(s.slice(Math.max(0, end - 4), end)));
  return groups
    .map((g, k) => {
      const unit = units[groups.length - 1 - k]!;
      if (g === 0) return '';
      // 1000万 is イッセンマン (1200万 センニヒャクマン); a lone 1 before 万/億 is イチ (イチマン, イチオク).
      return (g === 1 && unit !== '' ? 'イチ' : under10000(g, unit === '')) + unit;
    })
    .join('');
}

/** A number with optional decimals: 3.14 -> サンテンイチヨン. */
export function readJapaneseNumber(text: string): string {
  const [int = '0', dec] = text.split('.');
  const whole = readJapaneseInteger(int);
  if (dec === undefined || dec === '') return whole;
  return whole + 'テン' + [...dec].map((d) => DIGIT[Number(d)]).join('');
}

const DAYS: Record<number, string> = {
  1: 'ツイタチ', 2: 'フツカ', 3: 'ミッカ', 4: 'ヨッカ', 5: 'イツカ', 6: 'ムイカ', 7: 'ナノカ', 8: 'ヨーカ', 9: 'ココノカ',
  10: 'トーカ', 14: 'ジューヨッカ', 20: 'ハツカ', 24: 'ニジューヨッカ',
};
const MONTHS: Record<number, string> = { 4: 'シ', 7: 'シチ', 9: 'ク' };

/** Counters starting with h that turn p after a doubled consonant (1, 6, 8, 10, 100) and b after 3. */
const H_COUNTERS: Record<string, string> = { 本: 'ホン', 匹: 'ヒキ', 杯: 'ハイ' };
/** Counters whose first consonant doubles the number before it (1, 6, 8, 10, 100): イッコ, ロッカイ, ハッサツ. */
const DOUBLING_COUNTERS: Record<string, string> = { 個: 'コ', 回: 'カイ', 階: 'カイ', 冊: 'サツ', 歳: 'サイ', 才: 'サイ', 台: 'ダイ', 枚: 'マイ' };
/** Which last digits double before a counter: k and h double after 1, 6, 8; s (冊, 歳) after 1 and 8 only; 台 and 枚 never. */
const DOUBLING_DIGITS: Record<string, readonly number[]> = { コ: [1, 6, 8], カイ: [1, 6, 8], サツ: [1, 8], サイ: [1, 8], ダイ: [], マイ: [] };
const TO_P: Record<string, string> = { ハ: 'パ', ヒ: 'ピ', フ: 'プ', ヘ: 'ペ', ホ: 'ポ' };
const TO_B: Record<string, string> = { ハ: 'バ', ヒ: 'ビ', フ: 'ブ', ヘ: 'ベ', ホ: 'ボ' };
const DOUBLED_DIGIT: Record<number, string> = { 1: 'イッ', 6: 'ロッ', 8: 'ハッ' };

/**
 * A number before a counter whose sound the number changes: doubled (イッ, ロッ, ハッ, ジュッ, ヒャッ)
 * where `doubles` says so for the last digit, `after` the counter as it sounds then.
 */
function withCounter(v: number, counter: string, doubles: readonly number[], doubled: string, voiced3: string = counter): string {
  const plain = readJapaneseInteger(String(v));
  const last = v % 10;
  if (last === 0 && v % 100 !== 0 && doubles.length > 0) return `${plain.replace(/ジュー$/, 'ジュッ')} ${doubled}`;
  if (last === 0 && v % 1000 !== 0 && doubles.length > 0) return `${plain.replace(/ヒャク$/, 'ヒャッ')} ${doubled}`;
  const head = v - last === 0 ? '' : readJapaneseInteger(String(v - last));
  if (doubles.includes(last)) return `${head}${DOUBLED_DIGIT[last]!} ${doubled}`;
  if (last === 3) return `${plain} ${voiced3}`;
  return `${plain} ${counter}`;
}

/**
 * The reading of a number and a counter whose sound it changes ("サン ガツ": misaki, too, keeps a
 * figure and its counter apart). `afterMonth`: the figure follows a month, so 1日 is the date (ツイタチ);
 * `lasting`: 中 or 間 follows (1日中, all day), so it is a day's length (イチニチ).
 */
function counted(n: string, counter: string, afterMonth: boolean, written: 'digits' | 'kanji', lasting = false): string | undefined {
  const v = Number(n);
  if (!/^\d+$/.test(n)) return undefined;
  const last = v % 10;
  const tens = v % 100;
  /** The reading of v - k ('' when that is 0): the part before a last digit a counter changes. */
  const head = (k: number): string => (v - k === 0 ? '' : readJapaneseInteger(String(v - k)));
  const plain = readJapaneseInteger(n);
  const tensOnly = last === 0 && tens !== 0; // 10, 20, ... 90 (and 110, ...): ジュー -> ジュッ
  if (H_COUNTERS[counter]) {
    const h = H_COUNTERS[counter]!;
    return withCounter(v, h, [1, 6, 8], TO_P[h[0]!]! + h.slice(1), TO_B[h[0]!]! + h.slice(1));
  }
  if (DOUBLING_COUNTERS[counter]) {
    const k = DOUBLING_COUNTERS[counter]!;
    if ((counter === '歳' || counter === '才') && v === 20) return 'ハタチ';
    return withCounter(v, k, DOUBLING_DIGITS[k]!, k, counter === '階' ? 'ガイ' : k);
  }
  switch (counter) {
    case '日':
      // A bare 1日 in figures is a date; 一日 in kanji is a day's length unless a month comes before it.
      if (v === 1 && ((written === 'kanji' && !afterMonth) || lasting)) return 'イチ ニチ';
      return DAYS[v] ?? (v >= 1 && v <= 31 ? `${plain} ニチ` : undefined);
    case '月':
      return v >= 1 && v <= 12 ? (MONTHS[v] ?? plain) + ' ガツ' : undefined;
    case '時':
      return v <= 24 ? (v === 4 ? 'ヨ' : v === 7 ? 'シチ' : v === 9 ? 'ク' : v === 14 ? 'ジューヨ' : plain) + ' ジ' : undefined;
    case '人':
      if (v === 1) return 'ヒトリ';
      if (v === 2) return 'フタリ';
      return (last === 4 ? head(4) + 'ヨ' : plain) + ' ニン';
    case '年':
      return (last === 4 ? head(4) + 'ヨ' : plain) + ' ネン';
    case '円':
      return (last === 4 ? head(4) + 'ヨ' : plain) + ' エン';
    case '分': {
      if (tensOnly) return plain.replace(/ジュー$/, 'ジュッ') + ' プン';
      const tail = ['', 'イッ プン', 'ニ フン', 'サン プン', 'ヨン プン', 'ゴ フン', 'ロッ プン', 'ナナ フン', 'ハッ プン', 'キュー フン'];
      return last === 0 ? plain + ' プン' : head(last) + tail[last]!;
    }
    default:
      return undefined;
  }
}

const COUNTERS = '日|月|時|人|年|円|分|個|本|匹|杯|回|階|冊|歳|才|台|枚';
const COUNTER = new RegExp(`(\\d+(?:\\.\\d+)?)(${COUNTERS})`, 'g');

const KANJI_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const KANJI_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const KANJI_BIG: Record<string, number> = { 万: 10_000, 億: 100_000_000 };

/** A kanji numeral as digits: 二十四 -> 24, 三百六 -> 306, 二〇二四 -> 2024, 一万二千 -> 12000; undefined if it is not one. */
export function kanjiNumeral(k: string): string | undefined {
  if (/^[〇零一二三四五六七八九]+$/.test(k) && k.length > 1) return [...k].map((c) => KANJI_DIGIT[c]).join('');
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of k) {
    if (c in KANJI_DIGIT) {
      if (digit !== undefined) return undefined;
      digit = KANJI_DIGIT[c]!;
    } else if (c in KANJI_UNIT) {
      section += (digit ?? 1) * KANJI_UNIT[c]!;
      digit = undefined;
    } else if (c in KANJI_BIG) {
      total += (section + (digit ?? 0) || 1) * KANJI_BIG[c]!;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return String(total + section + (digit ?? 0));
}

/**
 * A kanji numeral right before a counter (not a bare 万 or 億 after figures, as in 120万人): read as
 * the figures would be, so 七時 is シチジ and 三本 サンボン (the analyser reads each kanji alone: ナナ ジ, サン ホン). 十分 is left alone: it is far
 * more often じゅうぶん (enough) than ten minutes; 三日月 is a crescent moon, not the third.
 */
const KANJI_COUNTED = new RegExp(`(?<![\\d〇零一二三四五六七八九十百千万億])([〇零一二三四五六七八九十百千][〇零一二三四五六七八九十百千万億]*)(${COUNTERS})(?<!^十分|[^〇零一二三四五六七八九十百千万億]十分)(?!(?<=日)月)`, 'g');

/** Japanese text with its figures read out, each reading pointing at the figures (and counter) it reads. */
export function normalizeJapaneseNumbers(text: TrackedText): TrackedText {
  const afterMonth = (source: string, index: number): boolean => /月\s*$/.test(source.slice(0, index));
  const lasting = (source: string, m: RegExpMatchArray): boolean => /^[中間]/.test(source.slice(m.index! + m[0].length));
  const kanjiDone = replaceWhere(text, KANJI_COUNTED, () => true, (m) => {
    const digits = kanjiNumeral(m[1]!);
    // One word, as misaki reads a kanji number and its counter (三時 saɲʥi); figures stay apart from theirs.
    return (digits !== undefined && counted(digits, m[2]!, afterMonth(text.text, m.index!), 'kanji', lasting(text.text, m))?.replaceAll(' ', '')) || m[0];
  });
  const withFigures = kanjiDone
    .replace(/[〜～~](?=\d)/g, 'カラ')
    .replace(/\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => m.replace(/,/g, ''))
    .replace(/[¥￥]\s?(\d+)/g, (_m, n: string) => `${n}円`)
    .replace(/\$\s?(\d+(?:\.\d+)?)/g, (_m, n: string) => `${readJapaneseNumber(n)}ドル`)
    .replace(/€\s?(\d+(?:\.\d+)?)/g, (_m, n: string) => `${readJapaneseNumber(n)}ユーロ`)
    .replace(/(\d+(?:\.\d+)?)\s?%/g, (_m, n: string) => `${readJapaneseNumber(n)}パーセント`);
  return replaceWhere(withFigures, COUNTER, () => true, (m) => counted(m[1]!, m[2]!, afterMonth(withFigures.text, m.index!), 'digits', lasting(withFigures.text, m)) ?? m[0])
    .replace(/\d+(?:\.\d+)?(?=[\u4e00-\u9fff])/g, (m) => `${readJapaneseNumber(m)} `)
    .replace(/\d+(?:\.\d+)?/g, (m) => readJapaneseNumber(m));
}
