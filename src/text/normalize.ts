import { cardinal, decimal, ordinal, spellDigits, year } from './numbers';
import { datesAndFractionsStage, dottedNumbersStage, feetInchesStage, phoneNumbersStage, scoresStage } from './spoken-forms';
import { onText, replaceWhere, type TrackedText } from './tracked';

/**
 * English text normalization: what people type -> what a speaker says. Each stage is a pure
 * string -> string function, exported so it can be tested alone; `normalize` runs them in order.
 */

function cleanUnicodeStage(text: TrackedText): TrackedText {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\.\.\.+/g, '…')
    .replace(/\s+-{2,3}\s+|\s+–\s+/g, ' — ');
}

function speakDotted(s: string): string {
  return s
    .split(/([./_-])/)
    .filter((p) => p !== '')
    .map((p) => ({ '.': 'dot', '/': 'slash', _: 'underscore', '-': 'dash' })[p] ?? p)
    .join(' ');
}

/** E-mail addresses and URLs spelled the way people read them aloud. */
function urlsAndEmailsStage(text: TrackedText): TrackedText {
  return text
    .replace(/\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b/g, (_m, user: string, host: string) => `${speakDotted(user)} at ${speakDotted(host)}`)
    .replace(/\b(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)]/gi, (url) => {
      const www = /^(?:https?:\/\/)?www\./i.test(url);
      const rest = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
      return (www ? 'w w w dot ' : '') + speakDotted(rest);
    });
}

const TITLES: Record<string, string> = {
  mr: 'Mister', mrs: 'Missus', ms: 'Miz', prof: 'Professor', mt: 'Mount',
  jr: 'Junior', sr: 'Senior', gen: 'General', gov: 'Governor', sgt: 'Sergeant', capt: 'Captain', lt: 'Lieutenant',
};
const INLINE_ABBREVIATIONS: [RegExp, string][] = [
  [/\be\.g\.(?=\s|,|$)/gi, 'for example'],
  [/\bi\.e\.(?=\s|,|$)/gi, 'that is'],
  [/\bvs\.?(?=\s)/gi, 'versus'],
  [/\bapprox\.(?=\s)/gi, 'approximately'],
  [/\bNo\.(?=\s*\d)/g, 'number'],
  [/\b(?:Ave)\.(?=\s|,|$)/g, 'Avenue'],
  [/\b(?:Inc)\.(?=\s|,|$)/g, 'Incorporated'],
  [/\b(?:Ltd)\.(?=\s|,|$)/g, 'Limited'],
  [/\bU\.S\.A?\./g, 'U S '],
];

/** Abbreviations read as a title before a name and as a place word after one. */
const TITLE_OR_PLACE: Record<string, [string, string]> = { St: ['Saint', 'Street'], Dr: ['Doctor', 'Drive'], Ft: ['Fort', 'Fort'] };

/**
 * "St. Louis" (Saint) vs "Elm St." (Street), "Dr. Smith" vs "Park Dr.": a place word after a name
 * (a capitalized word, or an ordinal as in "5th St."), unless a name follows and the word before is
 * only capitalized because it starts the sentence ("Visit St. Louis"). Keeps the full stop where the
 * abbreviation also ended the sentence.
 */
function titleOrPlace(source: string, index: number, abbr: string): string {
  const before = source.slice(0, index);
  const after = source.slice(index + abbr.length + 1);
  const prev = /(?:^|([.!?]["')\]]*\s+|\n)|\s)([A-Z][\w'-]*|\d+(?:st|nd|rd|th))\s+$/.exec(before);
  const prevStartsSentence = prev !== null && (prev[1] !== undefined || prev.index === 0) && /^[A-Z]/.test(prev[2]!);
  const nextName = /^\s+[A-Z]/.test(after);
  const [title, place] = TITLE_OR_PLACE[abbr]!;
  if (prev === null || (nextName && prevStartsSentence)) return title;
  return /^\s*$|^\s+[A-Z]/.test(after) ? `${place}.` : place;
}

/** Titles (Mr., Dr., St. …) before names, and common abbreviations such as e.g., i.e., etc., vs. */
function abbreviationsStage(text: TrackedText): TrackedText {
  const places = replaceWhere(text, /\b(St|Dr|Ft)\.(?=\s|,|$)/g, () => true, (m) => titleOrPlace(text.text, m.index!, m[1]!));
  let out = places.replace(/\b(Mr|Mrs|Ms|Prof|Mt|Jr|Sr|Gen|Gov|Sgt|Capt|Lt)\.(?=\s|,|$)/g, (m, abbr: string) => {
    return TITLES[abbr.toLowerCase()] ?? m;
  });
  for (const [re, words] of INLINE_ABBREVIATIONS) out = out.replace(re, words);
  // "etc." keeps its full stop when it ends the sentence.
  out = out.replace(/\betc\.(?=\s+[A-Z]|\s*$)/g, 'et cetera.').replace(/\betc\.?/g, 'et cetera');
  return out;
}

const CURRENCIES: Record<string, [string, string, string, string]> = {
  $: ['dollar', 'dollars', 'cent', 'cents'],
  '£': ['pound', 'pounds', 'penny', 'pence'],
  '€': ['euro', 'euros', 'cent', 'cents'],
  '¥': ['yen', 'yen', 'sen', 'sen'],
};
const MAGNITUDES: Record<string, string> = {
  k: 'thousand', thousand: 'thousand', m: 'million', mn: 'million', million: 'million',
  b: 'billion', bn: 'billion', billion: 'billion', trillion: 'trillion', t: 'trillion',
};

function plural(n: string, one: string, many: string): string {
  return n.replace(/,/g, '') === '1' ? one : many;
}

/** $5 -> five dollars; $5.50 -> five dollars and fifty cents; £2.5m -> two point five million pounds. */
function currencyStage(text: TrackedText): TrackedText {
  return text.replace(
    /([$£€¥])\s?(\d[\d,]*)(?:\.(\d+))?(?:\s?(thousand|million|billion|trillion|bn|mn|[kKmMbBtT])\b)?/g,
    (_m, sym: string, whole: string, frac: string | undefined, mag: string | undefined) => {
      const [one, many, subOne, subMany] = CURRENCIES[sym]!;
      const wholeDigits = whole.replace(/,/g, '');
      if (mag) {
        const amount = frac ? decimal(`${wholeDigits}.${frac}`) : cardinal(wholeDigits);
        return `${amount} ${MAGNITUDES[mag.toLowerCase()]!} ${many}`;
      }
      if (frac && frac.length === 2) {
        const cents = Number(frac);
        const main = `${cardinal(wholeDigits)} ${plural(wholeDigits, one, many)}`;
        if (cents === 0) return main;
        const sub = `${cardinal(String(cents))} ${cents === 1 ? subOne : subMany}`;
        return wholeDigits === '0' ? sub : `${main} and ${sub}`;
      }
      if (frac) return `${decimal(`${wholeDigits}.${frac}`)} ${many}`;
      return `${cardinal(wholeDigits)} ${plural(wholeDigits, one, many)}`;
    },
  );
}

function hourWords(h: string): string {
  return cardinal(String(Number(h)));
}

/** "a.m." -> "am", keeping a full stop where "a.m." also ended the sentence. */
function undotMeridiem(text: TrackedText): TrackedText {
  return text.replace(/\b([aApP])\.[mM]\.(?=\s+[A-Z]|\s*$)/g, '$1m.').replace(/\b([aApP])\.[mM]\./g, '$1m');
}

/** 3:30 pm -> three thirty p m; 10:00 -> ten o'clock; 7:05 -> seven oh five; 3pm -> three p m. */
function timesStage(text: TrackedText): TrackedText {
  return undotMeridiem(text)
    .replace(/\b(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([aApP])[mM]\b)?/g, (m, h: string, min: string, ap: string | undefined) => {
      if (Number(h) > 24 || Number(min) > 59) return m;
      const suffix = ap ? ` ${ap.toLowerCase()} m` : '';
      if (min === '00') return ap ? `${hourWords(h)}${suffix}` : `${hourWords(h)} o'clock`;
      const minutes = min.startsWith('0') ? `oh ${spellDigits(min.slice(1))}` : cardinal(min);
      return `${hourWords(h)} ${minutes}${suffix}`;
    })
    .replace(/\b(\d{1,2})\s?([aApP])[mM]\b/g, (m, h: string, ap: string) => (Number(h) > 12 ? m : `${hourWords(h)} ${ap.toLowerCase()} m`));
}

/** 1st -> first, 22nd -> twenty second. */
function ordinalsStage(text: TrackedText): TrackedText {
  return text.replace(/\b(\d[\d,]*)(st|nd|rd|th)\b/gi, (_m, n: string) => ordinal(n.replace(/,/g, '')));
}

const UNITS: Record<string, [string, string]> = {
  km: ['kilometer', 'kilometers'], m: ['meter', 'meters'], cm: ['centimeter', 'centimeters'],
  mm: ['millimeter', 'millimeters'], mi: ['mile', 'miles'], ft: ['foot', 'feet'],
  kg: ['kilogram', 'kilograms'], g: ['gram', 'grams'], mg: ['milligram', 'milligrams'],
  lb: ['pound', 'pounds'], lbs: ['pound', 'pounds'], oz: ['ounce', 'ounces'],
  ml: ['milliliter', 'milliliters'], l: ['liter', 'liters'],
  mph: ['mile per hour', 'miles per hour'], 'km/h': ['kilometer per hour', 'kilometers per hour'],
  kph: ['kilometer per hour', 'kilometers per hour'],
  ms: ['millisecond', 'milliseconds'], h: ['hour', 'hours'], hr: ['hour', 'hours'], hrs: ['hour', 'hours'],
  min: ['minute', 'minutes'], sec: ['second', 'seconds'],
  kb: ['kilobyte', 'kilobytes'], mb: ['megabyte', 'megabytes'], gb: ['gigabyte', 'gigabytes'], tb: ['terabyte', 'terabytes'],
  hz: ['hertz', 'hertz'], khz: ['kilohertz', 'kilohertz'], mhz: ['megahertz', 'megahertz'], ghz: ['gigahertz', 'gigahertz'],
  '°c': ['degree Celsius', 'degrees Celsius'], '°f': ['degree Fahrenheit', 'degrees Fahrenheit'], '°': ['degree', 'degrees'],
  '%': ['percent', 'percent'], yd: ['yard', 'yards'], 'm/s': ['meter per second', 'meters per second'],
  'km²': ['square kilometer', 'square kilometers'], 'm²': ['square meter', 'square meters'], 'sq ft': ['square foot', 'square feet'],
  gal: ['gallon', 'gallons'], tbsp: ['tablespoon', 'tablespoons'], tsp: ['teaspoon', 'teaspoons'],
  kcal: ['kilocalorie', 'kilocalories'], kwh: ['kilowatt hour', 'kilowatt hours'], kw: ['kilowatt', 'kilowatts'],
  µs: ['microsecond', 'microseconds'], ns: ['nanosecond', 'nanoseconds'], mbps: ['megabit per second', 'megabits per second'],
};
/** Units often written with a full stop ("6 ft. tall"): the stop goes with the unit when the sentence goes on. */
const DOTTED_UNITS = new Set(['ft', 'mi', 'lb', 'lbs', 'oz', 'hr', 'hrs', 'min', 'sec', 'yd', 'gal', 'tbsp', 'tsp', 'sq ft']);
const UNIT_PATTERN = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[/%°]/g, (c) => `\\${c}`))
  .join('|');
const UNIT_RE = new RegExp(`(-?\\d[\\d,]*(?:\\.\\d+)?)\\s?(${UNIT_PATTERN})(?![\\w²/])(\\.(?=\\s+[a-z]))?`, 'gi');

function numberWords(n: string): string {
  const clean = n.replace(/,/g, '');
  return clean.includes('.') || clean.startsWith('-') ? decimal(clean) : cardinal(clean);
}

/** 5 km -> five kilometers; 1 kg -> one kilogram; 20°C -> twenty degrees Celsius; 50% -> fifty percent. */
function unitsStage(text: TrackedText): TrackedText {
  return text.replace(UNIT_RE, (_m, n: string, unit: string, stop: string | undefined) => {
    const [one, many] = UNITS[unit.toLowerCase()]!;
    const words = `${numberWords(n)} ${n.replace(/,/g, '') === '1' ? one : many}`;
    // A stop after a unit never written with one ("5 kg. more") is punctuation: keep it.
    return stop && !DOTTED_UNITS.has(unit.toLowerCase()) ? `${words}${stop}` : words;
  });
}

/** Four-digit numbers from 1100 to 2099 read as years: 1990 -> nineteen ninety; 1990s -> nineteen nineties. */
function yearsStage(text: TrackedText): TrackedText {
  return text.replace(/(?<![\d.,])\b(1[1-9]\d\d|20\d\d)(s|'s)?\b(?![.,]\d)/g, (_m, y: string, s: string | undefined) => {
    const words = year(y);
    if (!s) return words;
    return words.endsWith('y') ? `${words.slice(0, -1)}ies` : `${words}s`;
  });
}

/** Remaining numbers: decimals, thousands separators, negatives; long digit runs and leading zeros spelled. */
function numbersStage(text: TrackedText): TrackedText {
  return text
    .replace(/(?<![\w.])-?\d[\d,]*\.\d+\b/g, (m) => decimal(m))
    .replace(/(?<![\w-])-(\d)/g, 'minus $1')
    .replace(/\b\d{1,3}(?:,\d{3})+\b/g, (m) => cardinal(m.replace(/,/g, '')))
    .replace(/\b0\d+\b/g, (m) => spellDigits(m))
    .replace(/\b\d+\b/g, (m) => (m.length > 15 ? spellDigits(m) : cardinal(m)));
}

/** Symbols that have a spoken form. */
function symbolsStage(text: TrackedText): TrackedText {
  return text
    .replace(/\s*&\s*/g, ' and ')
    .replace(/#(?=\d)/g, 'number ')
    .replace(/(?<=\d)\s*\+\s*(?=\d)/g, ' plus ')
    .replace(/(?<=\d)\s*[x×]\s*(?=\d)/g, ' times ')
    .replace(/\s*=\s*/g, ' equals ')
    .replace(/(?<=\w)\/(?=\w)/g, ' or ')
    .replace(/\s@\s/g, ' at ');
}

function collapseSpacesStage(text: TrackedText): TrackedText {
  return text.replace(/[ \t\f\v]+/g, ' ').replace(/ *\n+ */g, '\n').trim();
}

/** The English stages in order, on tracked text: every output character keeps the span it came from. */
export const STAGES = [
  cleanUnicodeStage, urlsAndEmailsStage, abbreviationsStage, phoneNumbersStage, datesAndFractionsStage, dottedNumbersStage,
  scoresStage, currencyStage, timesStage, ordinalsStage, feetInchesStage, unitsStage, yearsStage, numbersStage, symbolsStage, collapseSpacesStage,
] as const;

/** English normalization of tracked text (what the English front end runs). */
export function normalizeTracked(text: TrackedText): TrackedText {
  return STAGES.reduce((t, stage) => stage(t), text);
}

// The stages on plain strings, for callers and tests that need only the words.
export const cleanUnicode = onText(cleanUnicodeStage);
export const urlsAndEmails = onText(urlsAndEmailsStage);
export const abbreviations = onText(abbreviationsStage);
export const currency = onText(currencyStage);
export const times = onText(timesStage);
export const ordinals = onText(ordinalsStage);
export const units = onText(unitsStage);
export const years = onText(yearsStage);
export const numbers = onText(numbersStage);
export const symbols = onText(symbolsStage);
export const collapseSpaces = onText(collapseSpacesStage);
export const normalize = onText(normalizeTracked);
