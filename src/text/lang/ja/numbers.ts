import type { TrackedText } from '../../tracked';

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

/** The reading of a number and a counter whose sound it changes ("サン ガツ": misaki, too, keeps a figure and its counter apart). */
function counted(n: string, counter: string): string | undefined {
  const v = Number(n);
  if (!/^\d+$/.test(n)) return undefined;
  const last = v % 10;
  const tens = v % 100;
  /** The reading of v - k ('' when that is 0): the part before a last digit a counter changes. */
  const head = (k: number): string => (v - k === 0 ? '' : readJapaneseInteger(String(v - k)));
  const plain = readJapaneseInteger(n);
  const tensOnly = last === 0 && tens !== 0; // 10, 20, ... 90 (and 110, ...): ジュー -> ジュッ
  switch (counter) {
    case '日':
      return DAYS[v];
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
    case '個': {
      if (tensOnly) return plain.replace(/ジュー$/, 'ジュッ') + ' コ';
      const tail: Record<number, string> = { 1: 'イッ コ', 6: 'ロッ コ', 8: 'ハッ コ' };
      return tail[last] ? head(last) + tail[last]! : plain + ' コ';
    }
    default:
      return undefined;
  }
}

const COUNTER = /(\d+(?:\.\d+)?)(日|月|時|人|年|円|分|個)/g;

/** Japanese text with its figures read out, each reading pointing at the figures (and counter) it reads. */
export function normalizeJapaneseNumbers(text: TrackedText): TrackedText {
  return text
    .replace(/[〜～~](?=\d)/g, 'カラ')
    .replace(/\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => m.replace(/,/g, ''))
    .replace(/[¥￥]\s?(\d+)/g, (_m, n: string) => `${n}円`)
    .replace(/\$\s?(\d+(?:\.\d+)?)/g, (_m, n: string) => `${readJapaneseNumber(n)}ドル`)
    .replace(/€\s?(\d+(?:\.\d+)?)/g, (_m, n: string) => `${readJapaneseNumber(n)}ユーロ`)
    .replace(/(\d+(?:\.\d+)?)\s?%/g, (_m, n: string) => `${readJapaneseNumber(n)}パーセント`)
    .replace(COUNTER, (m, n: string, c: string) => counted(n, c) ?? m)
    .replace(/\d+(?:\.\d+)?(?=[\u4e00-\u9fff])/g, (m) => `${readJapaneseNumber(m)} `)
    .replace(/\d+(?:\.\d+)?/g, (m) => readJapaneseNumber(m));
}
