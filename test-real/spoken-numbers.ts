/**
 * English number words -> digits, for scoring speech recognition (pure): "a hundred" -> 100,
 * "three million" -> 3000000, "twenty-first" -> 21st, "nineteen sixties" -> 1960s, "two point five"
 * -> 2.5. A digit token may start a phrase ("3 million" -> 3000000). Tokens are lower-case words
 * without punctuation (hyphens already split); anything that is not a number phrase is left alone.
 */

const UNITS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const TEENS: Record<string, number> = { ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const BIG: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const ORDINAL_UNITS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9 };
const ORDINAL_TEENS: Record<string, number> = { tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19 };
const ORDINAL_TENS: Record<string, number> = Object.fromEntries(Object.entries(TENS).map(([w, v]) => [`${w.slice(0, -1)}ieth`, v]));
const PLURAL_TENS: Record<string, number> = Object.fromEntries(Object.entries(TENS).map(([w, v]) => [`${w.slice(0, -1)}ies`, v]));
const ORDINAL_MULT: Record<string, number> = { hundredth: 100, thousandth: 1e3, millionth: 1e6, billionth: 1e9 };
const PLURAL_MULT: Record<string, number> = { hundreds: 100, thousands: 1e3, millions: 1e6, billions: 1e9 };
const DIGITS = /^\d+(?:\.\d+)?$/;

type Kind = 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'big' | 'and' | 'digits';

function ordinalSuffix(n: number): string {
  const last2 = n % 100;
  if (last2 >= 11 && last2 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

const isSmall = (t: string | undefined): boolean => t !== undefined && (t in UNITS || t in TEENS || t in TENS || t in ORDINAL_UNITS || t in ORDINAL_TEENS || t in ORDINAL_TENS || t in PLURAL_TENS);
const isMultiplier = (t: string | undefined): boolean => t !== undefined && (t === 'hundred' || t in BIG || t in ORDINAL_MULT || t in PLURAL_MULT);
const startsNumber = (t: string | undefined): boolean => t !== undefined && (isSmall(t) || isMultiplier(t));

/** One number phrase from tokens[i]: its digits and the index after it, or null when tokens[i] starts none. */
function numberAt(tokens: readonly string[], i: number): { text: string; end: number } | null {
  let j = i;
  let total = 0;
  let current = 0;
  let kind: Kind = 'none';
  let decimals = '';
  let suffix = '';
  let digitText = '';
  if (tokens[j] === 'a' && isMultiplier(tokens[j + 1]) && !(tokens[j + 1]! in PLURAL_MULT)) {
    current = 1;
    kind = 'unit';
    j++;
  } else if (DIGITS.test(tokens[j] ?? '') && isMultiplier(tokens[j + 1]) && !(tokens[j + 1]! in PLURAL_MULT)) {
    current = Number(tokens[j]);
    digitText = tokens[j]!;
    kind = 'digits';
    j++;
  } else if (!startsNumber(tokens[j])) return null;
  // A year said in pairs ("nineteen sixty", "twenty twenty-four"): a teen or a round ten followed by 10..99.
  const pairable = (): boolean => (kind === 'teen' || (kind === 'tens' && current % 10 === 0)) && total === 0 && current >= 10 && current < 100;
  for (; j < tokens.length && !suffix; j++) {
    const t = tokens[j]!;
    const free = kind === 'none' || kind === 'hundred' || kind === 'big' || kind === 'and';
    if (t in UNITS || t in ORDINAL_UNITS) {
      const v = UNITS[t] ?? ORDINAL_UNITS[t]!;
      if (!(free || (kind === 'tens' && current % 10 === 0))) break;
      current += v;
      kind = 'unit';
      if (t in ORDINAL_UNITS) suffix = 'ord';
    } else if (t in TEENS || t in ORDINAL_TEENS || t in TENS || t in ORDINAL_TENS || t in PLURAL_TENS) {
      const v = TEENS[t] ?? ORDINAL_TEENS[t] ?? TENS[t] ?? ORDINAL_TENS[t] ?? PLURAL_TENS[t]!;
      if (pairable()) current = current * 100 + v;
      else if (free) current += v;
      else break;
      kind = t in TEENS || t in ORDINAL_TEENS ? 'teen' : 'tens';
      if (t in ORDINAL_TEENS || t in ORDINAL_TENS) suffix = 'ord';
      if (t in PLURAL_TENS) suffix = 's';
    } else if (t === 'oh' && pairable() && tokens[j + 1] !== undefined && tokens[j + 1]! in UNITS) {
      current = current * 100 + UNITS[tokens[j + 1]!]!;
      kind = 'unit';
      j++;
    } else if (t === 'hundred' || t === 'hundredth' || t === 'hundreds') {
      if (kind === 'hundred' || kind === 'big' || kind === 'and' || current % 100 === 0 && current > 0 && kind !== 'digits') break;
      current = (kind === 'none' ? 1 : current) * 100;
      kind = 'hundred';
      if (t === 'hundredth') suffix = 'ord';
      if (t === 'hundreds') suffix = 's';
    } else if (t in BIG || t in ORDINAL_MULT || t in PLURAL_MULT) {
      const m = BIG[t] ?? ORDINAL_MULT[t] ?? PLURAL_MULT[t]!;
      if (kind === 'big' || kind === 'and') break;
      total += (kind === 'none' ? 1 : current) * m;
      current = 0;
      kind = 'big';
      if (t in ORDINAL_MULT) suffix = 'ord';
      if (t in PLURAL_MULT) suffix = 's';
    } else if (t === 'and' && (kind === 'hundred' || kind === 'big') && isSmall(tokens[j + 1])) {
      kind = 'and';
    } else if (t === 'point' && kind !== 'none' && kind !== 'and' && tokens[j + 1] !== undefined && tokens[j + 1]! in UNITS) {
      for (j++; j < tokens.length && tokens[j]! in UNITS; j++) decimals += String(UNITS[tokens[j]!]);
      j--;
      break;
    } else break;
  }
  if (kind === 'digits') return { text: digitText, end: i + 1 };
  const n = total + current;
  const fraction = decimals ? `.${decimals}` : '';
  const end = suffix === 'ord' ? ordinalSuffix(n) : suffix;
  return { text: `${n}${fraction}${end}`, end: j + (decimals ? 1 : 0) };
}

/** Number words in a token list replaced by digits ("a hundred years" -> 100 years). */
export function spokenNumbersToDigits(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const n = numberAt(tokens, i);
    if (n && n.end > i) {
      out.push(n.text);
      i = n.end;
    } else out.push(tokens[i++]!);
  }
  return out;
}
