import type { PinyinWord } from './word';

/**
 * The tone changes of 不 and 一 (pure), by the rules of misaki's Mandarin front end (its
 * tone_sandhi.py, from PaddleSpeech): 不 is bú before a fourth tone and neutral between the two
 * halves of a three-character word (看不懂, 对不起); 一 is yí before a fourth tone and yì before the
 * others, but keeps yī when it counts or orders (一三八, 第一, 十一), ends the word (统一) or stands
 * alone before punctuation, and is neutral between a repeated verb (看一看). A lone 不 or 一 takes
 * the sandhi from the next word, as misaki merges it with that word first.
 */

const DIGITS = new Set([...'零〇一二三四五六七八九']);
const NUMERALS = new Set([...'零〇一二三四五六七八九十百千万亿两']);

function tone(syllable: string | undefined): number | undefined {
  const m = syllable === undefined ? null : /([0-5])$/.exec(syllable);
  return m ? Number(m[1]) : undefined;
}

/** The syllable after character `i` of word `w`: in the word, or the next word's first when `i` ends a one-character word. */
function nextSyllable(words: readonly PinyinWord[], w: number, i: number): string | undefined {
  const word = words[w]!;
  if (i + 1 < word.syllables.length) return word.syllables[i + 1];
  if (word.syllables.length === 1) return words[w + 1]?.syllables[0];
  return undefined;
}

function nextChar(words: readonly PinyinWord[], w: number, i: number): string | undefined {
  const chars = [...words[w]!.text];
  if (i + 1 < chars.length) return chars[i + 1];
  return chars.length === 1 ? [...(words[w + 1]?.text ?? '')][0] : undefined;
}

function buSyllable(words: readonly PinyinWord[], w: number, i: number): string {
  const chars = [...words[w]!.text];
  if (chars.length === 3 && i === 1) return 'bu5';
  return tone(nextSyllable(words, w, i)) === 4 ? 'bu2' : 'bu4';
}

function yiSyllable(words: readonly PinyinWord[], w: number, i: number): string {
  const chars = [...words[w]!.text];
  const prev = i > 0 ? chars[i - 1] : [...(words[w - 1]?.text ?? '')].at(-1);
  if (chars.length === 3 && i === 1 && chars[0] === chars[2]) return 'yi5';
  // An ordinal (第一), or a digit of a larger number (十一, 三十一万).
  if (prev === '第' || (prev !== undefined && NUMERALS.has(prev))) return 'yi1';
  const after = nextChar(words, w, i);
  const next = tone(nextSyllable(words, w, i));
  // Counting digit by digit (一三八, 十一 at the end), or nothing after it to change for.
  if (after === undefined || DIGITS.has(after) || next === undefined) return 'yi1';
  return next === 4 ? 'yi2' : 'yi4';
}

/** The words with 不 and 一 in their changed tones. */
export function toneSandhi(words: readonly PinyinWord[]): PinyinWord[] {
  return words.map((word, w) => {
    const chars = [...word.text];
    if (!chars.some((c) => c === '不' || c === '一')) return word;
    const syllables = word.syllables.map((s, i) => {
      if (chars[i] === '不' && s.startsWith('bu')) return buSyllable(words, w, i);
      if (chars[i] === '一' && s.startsWith('yi')) return yiSyllable(words, w, i);
      return s;
    });
    return { text: word.text, syllables };
  });
}
