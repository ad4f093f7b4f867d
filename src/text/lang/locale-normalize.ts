import type { TrackedText } from '../tracked';

/**
 * Normalization for the languages espeak reads on its own (e, f, h, i, p): espeak-ng reads their
 * numbers, years and percentages in the language, so digits are left to it. These stages only
 * rewrite what would come out wrong: currency signs ("$5" -> "5 dólares", "5,50 €" -> "5 euros con
 * 50 céntimos"), numeric dates ("12/05/2024" -> "12 de mayo de 2024", not "doce barra cero cinco"),
 * a leading minus (dropped by espeak), and numbers with separators, which the phonemizer would cut at
 * their punctuation ("250.000" -> "250000", "2,5" -> "2 coma 5", "9:15" -> "9 y 15"; misaki, which
 * cuts them, reads "doscientos cincuenta. cero cero cero"), plus whatever a language adds (French
 * "10h30"). Never the English rules. Tracked: every word written stands for the characters it
 * replaced. Pure.
 */
export interface Currency {
  readonly one: string;
  readonly many: string;
  readonly subOne: string;
  readonly subMany: string;
}

export interface LocaleWords {
  /** The decimal separator in written numbers; the other of , and . (and spaces) groups thousands. */
  readonly decimal: ',' | '.';
  readonly minus: string;
  /** Joins units and cents: "5 euros con 50 céntimos". */
  readonly and: string;
  /** The word for the decimal mark: "coma", "virgule"... */
  readonly decimalWord: string;
  /** Hours and minutes (digits, no leading zero; minutes "00" for the full hour) -> the spoken time. */
  time(hours: string, minutes: string): string;
  /** A word that may follow a clock time and is already said by time() (Hindi बजे). */
  readonly timeWord?: string;
  /** Currency sign -> words; longer signs (R$) are matched before shorter ones ($). */
  readonly currencies: Readonly<Record<string, Currency>>;
  /** January..December. */
  readonly months: readonly string[];
  /** Day (digits, no leading zero), month word, year (digits) -> the spoken date. */
  date(day: string, month: string, year: string): string;
  /** Language-specific stages, run after the shared ones (before spaces are collapsed). */
  readonly extra?: (text: TrackedText) => TrackedText;
}

/** A written amount: Indian grouping (25,00,000), grouped thousands (1.234 / 1 234 / 1,234), decimals. */
const AMOUNT = String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;

function escape(s: string): string {
  return s.replace(/[$.*+?()[\]{}|\\^]/g, (c) => `\\${c}`);
}

/**
 * "1.234,56" with decimal ',' -> { whole: "1234", frac: "56" }. The last . or , is the decimal point
 * when it is the language's, or when fewer or more than three digits follow it ("5.50" in Spanish
 * text); otherwise it groups thousands.
 */
export function splitAmount(amount: string, decimal: ',' | '.'): { whole: string; frac: string } {
  const at = Math.max(amount.lastIndexOf('.'), amount.lastIndexOf(','));
  const after = at >= 0 ? amount.slice(at + 1) : '';
  const isDecimal = at >= 0 && (amount[at] === decimal || after.length !== 3);
  return {
    whole: (isDecimal ? amount.slice(0, at) : amount).replace(/\D/g, ''),
    frac: isDecimal ? after : '',
  };
}

function money(amount: string, c: Currency, w: LocaleWords): string {
  const { whole, frac } = splitAmount(amount, w.decimal);
  const unit = whole === '1' ? c.one : c.many;
  if (frac.length !== 2 || Number(frac) === 0) return frac && Number(frac) !== 0 ? `${whole}${w.decimal}${frac} ${c.many}` : `${whole} ${unit}`;
  const cents = String(Number(frac));
  const sub = `${cents} ${cents === '1' ? c.subOne : c.subMany}`;
  return whole === '0' ? sub : `${whole} ${unit} ${w.and} ${sub}`;
}

export function cleanStage(text: TrackedText): TrackedText {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\.\.\.+/g, '…')
    .replace(/\s+-{2,3}\s+|\s+–\s+/g, ' — ')
    .replace(/(\d)\.([ºª])/g, '$1$2'); // 1.º -> 1º, which espeak reads as an ordinal
}

export function currencyStage(text: TrackedText, w: LocaleWords): TrackedText {
  const signs = Object.keys(w.currencies).sort((a, b) => b.length - a.length).map(escape).join('|');
  const before = new RegExp(`(?<![\\p{L}\\d])(${signs})\\s?(${AMOUNT})`, 'gu');
  const after = new RegExp(`(?<![\\d.,])(${AMOUNT})\\s?(${signs})(?![\\p{L}\\d])`, 'gu');
  return text
    .replace(before, (_m, sign: string, amount: string) => money(amount, w.currencies[sign]!, w))
    .replace(after, (_m, amount: string, sign: string) => money(amount, w.currencies[sign]!, w));
}

export function dateStage(text: TrackedText, w: LocaleWords): TrackedText {
  return text.replace(/(?<![\d/])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/])/g, (m, d: string, mo: string, y: string) => {
    const day = Number(d);
    const month = Number(mo);
    if (day < 1 || day > 31 || month < 1 || month > 12) return m;
    return w.date(String(day), w.months[month - 1]!, y);
  });
}

export function minusStage(text: TrackedText, w: LocaleWords): TrackedText {
  return text.replace(/(?<![\p{L}\d)])[-−](?=\d)/gu, `${w.minus} `);
}

/** 9:15 -> the language's spoken time (espeak would get "9", ":" and "15" apart). */
export function timeStage(text: TrackedText, w: LocaleWords): TrackedText {
  const after = w.timeWord ? `(?:\\s*${escape(w.timeWord)})?` : '';
  return text.replace(new RegExp(`(?<![\\d:.,])(\\d{1,2}):(\\d{2})(?![\\d:])${after}`, 'g'), (m, h: string, min: string) => {
    if (Number(h) > 24 || Number(min) > 59) return m;
    return w.time(String(Number(h)), min === '00' ? '00' : String(Number(min)));
  });
}

/** 250.000 -> 250000; 2,5 -> 2 coma 5; 1.234,56 -> 1234 coma 56 (decimal mark as in splitAmount). */
export function separatorsStage(text: TrackedText, w: LocaleWords): TrackedText {
  return text.replace(new RegExp(`(?<![\\d.,])(?:${AMOUNT})(?![\\d]|[.,]\\d)`, 'g'), (m) => {
    if (!/[.,\s\u00a0\u202f]/.test(m)) return m;
    const { whole, frac } = splitAmount(m, w.decimal);
    return frac ? `${whole} ${w.decimalWord} ${frac}` : whole;
  });
}

function collapseStage(text: TrackedText): TrackedText {
  return text.replace(/[ \t\f\v\u00a0\u202f]+/g, ' ').replace(/ *\n+ */g, '\n').trim();
}

/** The normalizer for one language's words. */
export function localeNormalizer(w: LocaleWords): (text: TrackedText) => TrackedText {
  return (text) => {
    let t = cleanStage(text);
    t = currencyStage(t, w);
    t = dateStage(t, w);
    t = minusStage(t, w);
    t = timeStage(t, w);
    if (w.extra) t = w.extra(t);
    t = separatorsStage(t, w);
    return collapseStage(t);
  };
}
