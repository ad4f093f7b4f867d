/** English number words: pure functions used by normalization. */

const ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'];

function underHundred(n: number): string {
  if (n < 20) return ONES[n]!;
  const t = TENS[Math.floor(n / 10)]!;
  // Two words, as misaki reads them: each carries its own stress ("twenty four", not one compound).
  return n % 10 === 0 ? t : `${t} ${ONES[n % 10]}`;
}

function underThousand(n: number): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 0) return underHundred(rest);
  return rest === 0 ? `${ONES[h]} hundred` : `${ONES[h]} hundred ${underHundred(rest)}`;
}

/** Cardinal words for a non-negative integer given as a digit string (any length up to quadrillions). */
export function cardinal(digits: string): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  if (clean.length > 18) return spellDigits(clean);
  let n = BigInt(clean);
  if (n === 0n) return 'zero';
  const groups: number[] = [];
  while (n > 0n) {
    groups.push(Number(n % 1000n));
    n /= 1000n;
  }
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    words.push(SCALES[i] ? `${underThousand(g)} ${SCALES[i]}` : underThousand(g));
  }
  return words.join(' ');
}

/** Each digit as a word: "2048" -> "two zero four eight". */
export function spellDigits(digits: string): string {
  return [...digits].filter((c) => c >= '0' && c <= '9').map((d) => ONES[Number(d)]!).join(' ');
}

const IRREGULAR_ORDINALS: Record<string, string> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
};

/** Ordinal words: "21" -> "twenty first". */
export function ordinal(digits: string): string {
  const words = cardinal(digits);
  const m = /^(.*?)([a-z]+)$/.exec(words);
  if (!m) return words;
  const [, head = '', last = ''] = m;
  let tail: string;
  if (IRREGULAR_ORDINALS[last]) tail = IRREGULAR_ORDINALS[last]!;
  else if (last.endsWith('y')) tail = `${last.slice(0, -1)}ieth`;
  else tail = `${last}th`;
  return head + tail;
}

/**
 * A four-digit year read the way people say it: 1990 -> "nineteen ninety", 1905 -> "nineteen oh five",
 * 2000 -> "two thousand", 2007 -> "two thousand seven", 2024 -> "twenty twenty four", 1800 -> "eighteen hundred".
 */
export function year(digits: string): string {
  const n = Number(digits);
  if (!/^\d{4}$/.test(digits)) return cardinal(digits);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (n >= 2000 && n < 2010) return cardinal(digits);
  if (lo === 0) return n % 1000 === 0 ? cardinal(digits) : `${underHundred(hi)} hundred`;
  if (lo < 10) return `${underHundred(hi)} oh ${ONES[lo]}`;
  return `${underHundred(hi)} ${underHundred(lo)}`;
}

/** A decimal number: "3.14" -> "three point one four"; "-2.5" -> "minus two point five". */
export function decimal(text: string): string {
  const neg = text.startsWith('-');
  const [int = '0', frac] = text.replace(/^[-+]/, '').replace(/,/g, '').split('.');
  const words = frac === undefined || frac === '' ? cardinal(int || '0') : `${cardinal(int || '0')} point ${spellDigits(frac)}`;
  return neg ? `minus ${words}` : words;
}

const DENOMINATORS: Record<string, [string, string]> = { '2': ['half', 'halves'], '4': ['quarter', 'quarters'] };

/** A fraction: "3", "4" -> "three quarters"; "1", "2" -> "one half"; "5", "8" -> "five eighths". */
export function fraction(numerator: string, denominator: string): string {
  const [one, many] = DENOMINATORS[denominator] ?? [ordinal(denominator), `${ordinal(denominator)}s`];
  return `${cardinal(numerator)} ${Number(numerator) === 1 ? one : many}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar date: month 12, day 25, year "2024" -> "December twenty fifth, twenty twenty four". */
export function calendarDate(month: number, day: number, yearDigits: string): string {
  return `${MONTHS[month - 1]!} ${ordinal(String(day))}, ${year(yearDigits)}`;
}
