import type { TrackedText } from '../../tracked';

/**
 * Arabic numerals read in Chinese, as Kokoro's training front end read them (misaki runs cn2an's
 * an2cn transform before its G2P); pure and tracked. Rules, in cn2an's order:
 * ranges before a measure word (3-5个 -> 三到五个), dates (2024年 digit by digit, months and days as
 * numbers), fractions (1/3 -> 三分之一), percentages (百分之...), degrees Celsius, then any number
 * (负, 点 and digit-by-digit decimals). Where cn2an misreads, we read correctly instead: thousands
 * separators (1,000 is 一千, cn2an says 一,零), currency signs (¥, $, €) cn2an leaves alone, and
 * figures that are codes, not amounts: a lone 2 (or 二) before a measure word is 两, as speakers say it
 * (cn2an says 二个); and groups joined by hyphens (010-12345678) and figures with a
 * leading zero are read digit by digit (cn2an says 十负一千二百...).
 */

const DIGITS = '零一二三四五六七八九';
const MEASURE = '(?:斤|克|千克|公斤|吨|米|厘米|毫米|公里|升|毫升|元|角|分|个|只|条|张|块|瓶|杯|份|本|辆|台|匹|头|位|亩|小时|分钟|秒|天|半)';

/** A 4-digit section (1..9999) with 千百十; zeros inside read as one 零. */
function section(n: number): string {
  const ds = String(n).padStart(4, '0');
  const units = ['千', '百', '十', ''];
  let out = '';
  let zero = false;
  let started = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(ds[i]);
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    started = true;
    out += DIGITS[d]! + units[i]!;
  }
  return out;
}

/** A non-negative integer in words: 10 -> 十, 110 -> 一百一十, 10001 -> 一万零一, 20000000 -> 二千万. */
export function readInteger(digits: string): string {
  const s = digits.replace(/^0+(?=\d)/, '');
  if (/^0*$/.test(s)) return '零';
  if (s.length > 16) return readDigits(s);
  const groups: number[] = [];
  for (let end = s.length; end > 0; end -= 4) groups.unshift(Number(s.slice(Math.max(0, end - 4), end)));
  const bigUnits = ['', '万', '亿', '万亿'];
  let out = '';
  let pendingZero = false;
  groups.forEach((g, k) => {
    const unit = bigUnits[groups.length - 1 - k]!;
    if (g === 0) {
      if (out !== '') pendingZero = true;
      return;
    }
    if (out !== '' && (pendingZero || g < 1000)) out += '零';
    pendingZero = false;
    out += section(g) + unit;
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** Digit by digit: 2024 -> 二零二四. */
export function readDigits(digits: string): string {
  return [...digits].map((d) => (d === '.' ? '点' : DIGITS[Number(d)] ?? d)).join('');
}

/** A number as cn2an's "low" mode reads it: sign, integer part, 点 and the decimals digit by digit. */
export function readNumber(text: string): string {
  const neg = text.startsWith('-');
  const [int = '0', dec] = (neg ? text.slice(1) : text).split('.');
  return (neg ? '负' : '') + readInteger(int) + (dec !== undefined && dec !== '' ? '点' + readDigits(dec) : '');
}

/** Measure words after which a lone 2 is 两 (两个, 两本, 两天), as a speaker counts. */
const LIANG_MEASURE =
  '(?:个|本|只|张|次|位|件|天|年|条|块|瓶|杯|份|辆|台|匹|头|种|双|把|家|岁|斤|公斤|千克|吨|米|公里|小时|分钟|周|星期|回|遍|句|页|层|节|座|所|部|场|名|颗|棵|支|篇|封|首|套|元|倍|样|段|门|间|朵|碗|盘|口|群|对|副|幅|架|艘|趟|下)';
const LIANG_AFTER_DIGIT = new RegExp(`(?<![\\d.,第])2(?![\\d.,])(?=\\s?(?:${LIANG_MEASURE}|点(?!\\d)))`, 'g');
const LIANG_AFTER_HANZI = new RegExp(`(?<![零〇一二三四五六七八九十百千万亿两第])二(?=${LIANG_MEASURE})`, 'g');

const CURRENCY: Record<string, string> = { '¥': '元', '￥': '元', '$': '美元', '€': '欧元', '£': '英镑' };

/** Chinese text with its numbers in words, each reading pointing at the figures it came from. */
export function normalizeChineseNumbers(text: TrackedText): TrackedText {
  return text
    .replace(LIANG_AFTER_DIGIT, '两')
    .replace(LIANG_AFTER_HANZI, '两')
    .replace(/\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => m.replace(/,/g, ''))
    .replace(/([¥￥$€£])\s?(\d+(?:\.\d+)?)/g, (_m, sign: string, n: string) => `${readNumber(n)}${CURRENCY[sign]!}`)
    .replace(new RegExp(`(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)(?=${MEASURE})`, 'g'), (_m, a: string, b: string) => `${readNumber(a)}到${readNumber(b)}`)
    .replace(/(?:\d{2,4}年)(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日/g, (m) =>
      m.replace(/\d+(?=年)/g, readDigits).replace(/\d+/g, readInteger),
    )
    .replace(/(\d+)\/(\d+)/g, (_m, a: string, b: string) => `${readInteger(b)}分之${readInteger(a)}`)
    .replace(/(-?(?:\d+\.)?\d+)%/g, (_m, n: string) => `百分之${readNumber(n)}`)
    .replace(/(\d+)℃/g, (_m, n: string) => `${readInteger(n)}摄氏度`)
    .replace(/(?<![\d.])\d+(?:-\d+)+(?![\d.])/g, (m) => m.split('-').map(readDigits).join(' '))
    .replace(/(?<![\d.])0\d+(?![\d.])/g, readDigits)
    .replace(/(?<![A-Za-z0-9])-?(?:\d+\.)?\d+|(?:\d+\.)?\d+/g, (m) => readNumber(m));
}
