import { calendarDate, cardinal, fraction, spellDigits } from './numbers';
import { replaceWhere, type TrackedText } from './tracked';

/**
 * English normalization stages for figures whose reading depends on their shape: phone numbers,
 * dates and fractions with a slash, scores and ratios, versions and addresses with dots, feet and
 * inches with primes. Each is a pure TrackedText -> TrackedText stage run by normalize.ts before
 * the generic number stages, which would otherwise read every run of digits as a cardinal.
 */

/** Digit groups read one digit at a time, a pause (comma) between groups: how people read a phone number. */
function digitGroups(groups: readonly string[]): string {
  return groups.map((g) => spellDigits(g)).join(', ');
}

/** "+44 20 7946 0958", "(555) 123-4567", "555-123-4567", "555-0142": each digit, grouped as written. */
export function phoneNumbersStage(text: TrackedText): TrackedText {
  return text
    .replace(/(?<![\w+])\+(\d{1,3})((?:[ .-]\(?\d{1,4}\)?){2,5})(?![\w.-]*\d)/g, (_m, country: string, rest: string) => {
      return `plus ${digitGroups([country, ...rest.split(/[ .()-]+/).filter(Boolean)])}`;
    })
    .replace(/(?<![\w+-])(?:\((\d{3})\) ?|(\d{3})[.-])(\d{3})[.-](\d{4})(?![\w-])/g, (_m, paren: string | undefined, area: string | undefined, a: string, b: string) => {
      return digitGroups([paren ?? area ?? '', a, b]);
    })
    .replace(/(?<![\w.,-])(\d{3})-(\d{4})(?![\w-])/g, (_m, a: string, b: string) => digitGroups([a, b]));
}

/** A two-digit year as a four-digit one: "24" -> "2024", "99" -> "1999". */
function fullYear(y: string): string {
  if (y.length === 4) return y;
  return Number(y) < 50 ? `20${y}` : `19${y}`;
}

/** Month and day in the order the figures allow: month first when both could be a month (US usage). */
function dateWords(first: number, second: number, y: string): string | undefined {
  if (first >= 1 && first <= 12 && second >= 1 && second <= 31) return calendarDate(first, second, fullYear(y));
  if (second >= 1 && second <= 12 && first >= 1 && first <= 31) return calendarDate(second, first, fullYear(y));
  return undefined;
}

/** Denominators read as fractions; other slashed pairs (24/7, 50/50, 9/11) are left to the symbol stage. */
const FRACTION_DENOMINATORS = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 32, 64, 100]);

function isFractionDenominator(d: number): boolean {
  return FRACTION_DENOMINATORS.has(d);
}

/** 12/25/2024 -> December twenty fifth, twenty twenty four; 3/4 -> three quarters; 2 1/2 -> two and one half. */
export function datesAndFractionsStage(text: TrackedText): TrackedText {
  return text
    .replace(/(?<![\w/.])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\w/])/g, (m, a: string, b: string, y: string) => dateWords(Number(a), Number(b), y) ?? m)
    .replace(/(?<![\w/.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w.]|\.\d)/g, (m, d: string, mo: string, y: string) => {
      // Day.month.year, as it is written where dots separate a date.
      return Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31 ? calendarDate(Number(mo), Number(d), y) : m;
    })
    .replace(/(?<![\w/.])(\d+) (\d{1,2})\/(\d{1,2})(?![\w/]|\.\d)/g, (m, whole: string, n: string, d: string) => {
      return isFractionDenominator(Number(d)) && Number(n) < Number(d) ? `${cardinal(whole)} and ${fraction(n, d)}` : m;
    })
    .replace(/(?<![\w/.])(\d{1,3})\/(\d{1,3})(?![\w/]|\.\d)/g, (m, n: string, d: string) => {
      return isFractionDenominator(Number(d)) && !(n === '24' && d === '7') ? fraction(n, d) : m;
    });
}

const SCORE_BEFORE = /(?<=\b(?:won|lost|beat|beats|beating|defeated|defeating|drew|tied|trailed|trailing|led|leads|leading|score|scored|scores|scoring|finished|ended)\s+(?:it\s+|them\s+|us\s+|him\s+|her\s+)?)(\d{1,3})\s?[-–:]\s?(\d{1,3})(?![\w:-]|\.\d)/g;
const SCORE_AFTER = /(?<![\w.:-])(\d{1,3})\s?[-–:]\s?(\d{1,3})(?=\s+(?:win|victory|defeat|loss|lead|ratio|odds|margin|majority|vote|decision|draw|tie|split|scoreline)\b)/g;
const RATIO_AFTER_WORD = /(?<=\b(?:ratio|odds|score)\s+(?:of\s+|was\s+|is\s+)?)(\d{1,3}):(\d{1,3})(?![\w:-]|\.\d)/g;

/** "won 3-2", "a 3:1 ratio", "odds of 5:1" -> "three to two", "three to one", "five to one". */
export function scoresStage(text: TrackedText): TrackedText {
  const words = (_m: string, a: string, b: string): string => `${cardinal(a)} to ${cardinal(b)}`;
  return text.replace(SCORE_BEFORE, words).replace(SCORE_AFTER, words).replace(RATIO_AFTER_WORD, words);
}

/** A dotted component of a version: a number, or its digits when it starts with a zero ("05"). */
function component(p: string): string {
  return p.length > 1 && p.startsWith('0') ? spellDigits(p) : cardinal(p);
}

/** 192.168.1.1 -> one nine two dot one six eight dot one dot one; 2.0.1 -> two point zero point one; v2.1 -> version two point one. */
export function dottedNumbersStage(text: TrackedText): TrackedText {
  return text
    .replace(/(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g, (m) => {
      const parts = m.split('.');
      return parts.every((p) => Number(p) <= 255) ? parts.map((p) => spellDigits(p)).join(' dot ') : m;
    })
    .replace(/(?<![\w.])(?:([vV])(?=\d))?(\d+(?:\.\d+){2,})(?![\w]|\.\d)/g, (_m, v: string | undefined, dotted: string) => {
      return (v ? 'version ' : '') + dotted.split('.').map(component).join(' point ');
    })
    .replace(/(?<![\w.])[vV](\d+)\.(\d+)(?![\w]|\.\d)/g, (_m, a: string, b: string) => `version ${component(a)} point ${component(b)}`);
}

/** Whether `quote` is open at `index` (on its line): a figure inside quotes keeps its marks. */
function insideQuotes(text: string, index: number, quote: string): boolean {
  const before = text.slice(Math.max(0, text.lastIndexOf('\n', index) + 1), index);
  if (quote === '"') return (before.split('"').length - 1) % 2 === 1;
  const opens = (before.match(/(?:^|[\s(])'/g) ?? []).length;
  const closes = (before.match(/[^\s(]'(?=[\s.,;:!?)]|$)/g) ?? []).length;
  return opens > closes;
}

function count(n: string, one: string, many: string): string {
  return `${n.includes('.') ? n.split('.').map((p, i) => (i === 0 ? cardinal(p) : spellDigits(p))).join(' point ') : cardinal(n)} ${n === '1' ? one : many}`;
}

/** 6'2" -> six feet two inches; 5' -> five feet; 12" -> twelve inches (not when the mark closes a quotation). */
export function feetInchesStage(text: TrackedText): TrackedText {
  const feetAndInches = text.replace(/(?<![\w.'])(\d+)' ?(\d+(?:\.\d+)?)(?:"|'')(?!\w)/g, (_m, ft: string, inch: string) => `${count(ft, 'foot', 'feet')} ${count(inch, 'inch', 'inches')}`);
  const feet = replaceWhere(feetAndInches, /(?<![\w.'])(\d+(?:\.\d+)?)'(?![\w'])/g, (src, i) => !insideQuotes(src, i, "'"), (m) => count(m[1]!, 'foot', 'feet'));
  return replaceWhere(feet, /(?<![\w."])(\d+(?:\.\d+)?)"(?!\w)/g, (src, i) => !insideQuotes(src, i, '"'), (m) => count(m[1]!, 'inch', 'inches'));
}
