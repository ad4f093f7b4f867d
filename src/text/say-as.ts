import { KokoroError } from '../util/errors';
import { cardinal, ordinal, spellDigits, year } from './numbers';

/** The say-as interpret-as values read here. */
export const SAY_AS = ['characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'digits', 'date', 'time', 'telephone'] as const;

const LETTERS: Record<string, string> = {
  a: 'ay', b: 'bee', c: 'see', d: 'dee', e: 'ee', f: 'eff', g: 'gee', h: 'aitch', i: 'eye', j: 'jay', k: 'kay', l: 'el', m: 'em',
  n: 'en', o: 'oh', p: 'pee', q: 'cue', r: 'ar', s: 'ess', t: 'tee', u: 'you', v: 'vee', w: 'double you', x: 'ex', y: 'why', z: 'zee',
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One character at a time: letter names and digit words in English, else the characters spaced out. */
function spell(text: string, english: boolean): string {
  return [...text]
    .filter((c) => /[\p{L}\p{N}]/u.test(c))
    .map((c) => (english ? LETTERS[c.toLowerCase()] ?? (/\d/.test(c) ? spellDigits(c) : c) : c))
    .join(', ');
}

function digitsOf(text: string): string {
  return text.replace(/[^\d]/g, '');
}

/** A date by `format` (letters d, m, y in order, e.g. mdy, dmy, ymd, md, y; default mdy): "March fifth, twenty twenty four". */
function date(text: string, format: string, fail: (why: string) => KokoroError): string {
  const fields = text.trim().split(/[-/.\s]+/u).filter(Boolean);
  const order = [...format.toLowerCase()];
  if (fields.length !== order.length || order.some((c) => !'dmy'.includes(c)) || fields.some((f) => !/^\d+$/.test(f))) {
    throw fail(`date "${text}" does not match format "${format}"`);
  }
  const get = (c: string): string | undefined => fields[order.indexOf(c)];
  const [d, m, y] = [get('d'), get('m'), get('y')];
  const month = m === undefined ? undefined : MONTHS[Number(m) - 1];
  if (m !== undefined && month === undefined) throw fail(`month ${m} in "${text}"`);
  if (d !== undefined && (Number(d) < 1 || Number(d) > 31)) throw fail(`day ${d} in "${text}"`);
  const day = d === undefined ? '' : `the ${ordinal(d)}`;
  const parts = month && day ? `${month} ${day.replace('the ', '')}` : month ?? day;
  return y === undefined ? parts : parts ? `${parts}, ${year(y)}` : year(y);
}

/** "14:30" -> "fourteen thirty", "9:05" -> "nine oh five", "7:00" -> "seven o'clock" (am/pm kept as letters). */
function time(text: string, fail: (why: string) => KokoroError): string {
  const m = /^\s*(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*$/iu.exec(text);
  if (!m) throw fail(`time "${text}" is not h:mm`);
  const [, h, mm, , ampm] = m;
  const minutes = mm === undefined || mm === '00' ? (ampm ? '' : "o'clock") : mm.startsWith('0') ? `oh ${cardinal(mm)}` : cardinal(mm);
  const suffix = ampm ? ` ${ampm.replace(/\./g, '').toLowerCase() === 'am' ? 'A M' : 'P M'}` : '';
  return `${cardinal(h!)} ${minutes}`.trim() + suffix;
}

/** Digits in their groups ("555-0123" -> "five five five, zero one two three"), a leading + as "plus". */
function telephone(text: string): string {
  const groups = text.split(/[^\d]+/u).filter(Boolean).map(spellDigits);
  return `${text.trim().startsWith('+') ? 'plus ' : ''}${groups.join(', ')}`;
}

/**
 * SSML say-as content -> the words to say (pure). English words for English (a, b); in other
 * languages numbers are left to that language's own normalizer, and characters are spaced out.
 * `fail` makes the error (it knows the element's position).
 */
export function sayAs(interpretAs: string, content: string, format: string | undefined, english: boolean, fail: (why: string) => KokoroError): string {
  const kind = interpretAs.toLowerCase();
  if (kind === 'characters' || kind === 'spell-out') return spell(content, english);
  if (!english) return kind === 'digits' || kind === 'telephone' ? [...digitsOf(content)].join(' ') : content;
  switch (kind) {
    case 'cardinal':
    case 'number':
      if (digitsOf(content) === '') throw fail(`"${content}" is not a number`);
      return `${content.trim().startsWith('-') ? 'minus ' : ''}${cardinal(digitsOf(content))}`;
    case 'ordinal':
      if (digitsOf(content) === '') throw fail(`"${content}" is not a number`);
      return ordinal(digitsOf(content));
    case 'digits':
      return spellDigits(digitsOf(content));
    case 'date':
      return date(content, format ?? 'mdy', fail);
    case 'time':
      return time(content, fail);
    case 'telephone':
      return telephone(content);
    default:
      throw fail(`say-as interpret-as="${interpretAs}" is not supported (use one of ${SAY_AS.join(', ')})`);
  }
}
