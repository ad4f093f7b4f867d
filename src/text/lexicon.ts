import { KokoroError } from '../util/errors';
import { languageLetter } from './lang/registry';
import { TrackedText } from './tracked';
import { VOCAB } from './vocab';

/** Words -> Kokoro phonemes, per language letter ('*': every language). Plain data (crosses to worker threads). */
export interface Lexicon {
  readonly entries: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const EMPTY_LEXICON: Lexicon = { entries: {} };

function bad(file: string, line: number, why: string): KokoroError {
  return new KokoroError('bad-lexicon', `${file} line ${line}: ${why}`, 'a lexicon is JSON ({"en-us": {"Kokoro": "kˈOkəɹO"}}, or {"Kokoro": "..."} for every language) or TSV (word<TAB>phonemes[<TAB>language] per line, # comments)');
}

function letterOf(code: string): string | undefined {
  return code === '*' ? '*' : languageLetter(code);
}

function checkEntry(file: string, line: number, word: string, phonemes: string): void {
  if (word.trim() === '' || /\s/u.test(word.trim())) throw bad(file, line, `the word ${JSON.stringify(word)} must be one word`);
  if (phonemes.trim() === '') throw bad(file, line, `no phonemes for "${word}"`);
  for (const ch of phonemes) {
    if (!VOCAB.has(ch) && !/\s/u.test(ch)) throw bad(file, line, `"${ch}" in the phonemes of "${word}" is not a Kokoro phoneme symbol`);
  }
}

/** The 1-based line of the first occurrence of `needle` in `content` at or after `from`, else `fallback`. */
function lineOfText(content: string, needle: string, fallback: number): number {
  const at = content.indexOf(needle);
  return at < 0 ? fallback : content.slice(0, at).split('\n').length;
}

function parseJson(content: string, file: string): Record<string, Record<string, string>> {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    const line = m ? content.slice(0, Number(m[1])).split('\n').length : content.split('\n').length;
    throw bad(file, line, `not valid JSON (${String((e as Error).message).split('\n')[0]})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw bad(file, 1, 'the JSON must be an object');
  const out: Record<string, Record<string, string>> = {};
  const add = (lang: string, word: string, phonemes: unknown, line: number): void => {
    if (typeof phonemes !== 'string') throw bad(file, line, `the phonemes of "${word}" must be a string`);
    checkEntry(file, line, word, phonemes);
    (out[lang] ??= {})[word.trim()] = phonemes.trim();
  };
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const line = lineOfText(content, JSON.stringify(key), 1);
    if (typeof value === 'string') add('*', key, value, line);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const lang = letterOf(key);
      if (!lang) throw bad(file, line, `unknown language "${key}" (use a letter or tag such as a, en-us, es, or * for every language)`);
      for (const [word, ph] of Object.entries(value as Record<string, unknown>)) add(lang, word, ph, lineOfText(content.slice(content.indexOf(JSON.stringify(key))), JSON.stringify(word), 0) + line - 1);
    } else throw bad(file, line, `"${key}" must map to phonemes (a string) or to a language's words (an object)`);
  }
  return out;
}

function parseTsv(content: string, file: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const cols = raw.split('\t');
    if (cols.length < 2 || cols.length > 3) throw bad(file, line, `expected word<TAB>phonemes[<TAB>language], found ${cols.length} column(s)`);
    const [word, phonemes, code] = cols as [string, string, string | undefined];
    checkEntry(file, line, word, phonemes);
    const lang = code === undefined || code.trim() === '' ? '*' : letterOf(code.trim());
    if (!lang) throw bad(file, line, `unknown language "${code}"`);
    (out[lang] ??= {})[word.trim()] = phonemes.trim();
  });
  return out;
}

/**
 * One lexicon file's text -> entries (pure). JSON when the name ends in .json or the text starts with
 * '{', else TSV. A malformed file is one error naming the file and the line.
 */
export function parseLexicon(content: string, file: string): Lexicon {
  const json = /\.json$/iu.test(file) || content.trimStart().startsWith('{');
  return { entries: json ? parseJson(content, file) : parseTsv(content, file) };
}

/** Lexicons merged in order: a later file's entry for a word replaces an earlier one's. */
export function mergeLexicons(all: readonly Lexicon[]): Lexicon {
  const out: Record<string, Record<string, string>> = {};
  for (const l of all) for (const [lang, words] of Object.entries(l.entries)) Object.assign((out[lang] ??= {}), words);
  return { entries: out };
}

export function lexiconSize(l: Lexicon): number {
  return Object.values(l.entries).reduce((n, w) => n + Object.keys(w).length, 0);
}

const SIBILANT = /[szʃʒʧʤ]$/u;
const VOICELESS = /[ptkfθ]$/u;

/** English -s / 's after a word's phonemes: ɪz after a sibilant, s after a voiceless consonant, else z. */
export function withS(phonemes: string): string {
  return phonemes + (SIBILANT.test(phonemes) ? 'ɪz' : VOICELESS.test(phonemes) ? 's' : 'z');
}

/**
 * A word's phonemes from one language's entries: the word as written, else (an entry in lowercase
 * matches any capitalisation) its lowercase; in English also a possessive ('s, ’s) or plural (-s,
 * -es) of an entry, with the ending said as English says it.
 */
function lookup(words: Readonly<Record<string, string>>, word: string, english: boolean): string | undefined {
  const direct = (w: string): string | undefined => words[w] ?? words[w.toLowerCase()];
  const hit = direct(word);
  if (hit !== undefined || !english) return hit;
  const possessive = /^(.+)['’]s$/u.exec(word);
  if (possessive) {
    const base = direct(possessive[1]!);
    return base === undefined ? undefined : withS(base);
  }
  const plainPossessive = /^(.+s)['’]$/u.exec(word); // James' : the word's own s
  if (plainPossessive) return direct(plainPossessive[1]!);
  if (!/s$/u.test(word)) return undefined;
  const base = direct(word.slice(0, -1)) ?? (/es$/u.test(word) ? direct(word.slice(0, -2)) : undefined);
  return base === undefined ? undefined : withS(base);
}

export type LexiconPart = { readonly kind: 'text'; readonly text: TrackedText } | { readonly kind: 'phonemes'; readonly phonemes: TrackedText };

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]*)*/gu;

/**
 * Applies the lexicon to a stretch of input text before the front end sees it (pure): each word with
 * an entry for `letter` (or for every language) becomes its phonemes, pointing at the word; the rest
 * stays text. Japanese and Chinese, written without spaces, match entries anywhere, longest first.
 */
export function applyLexicon(text: TrackedText, lexicon: Lexicon, letter: string): { parts: LexiconPart[]; hits: number } {
  const words = { ...(lexicon.entries['*'] ?? {}), ...(lexicon.entries[letter] ?? {}) };
  const keys = Object.keys(words);
  if (keys.length === 0) return { parts: [{ kind: 'text', text }], hits: 0 };
  const cjk = letter === 'j' || letter === 'z';
  const re = cjk ? new RegExp(keys.sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : WORD;
  const english = letter === 'a' || letter === 'b';
  const parts: LexiconPart[] = [];
  let from = 0;
  let hits = 0;
  for (const m of text.text.matchAll(re)) {
    const ph = cjk ? words[m[0]] : lookup(words, m[0], english);
    if (ph === undefined) continue;
    if (m.index > from) parts.push({ kind: 'text', text: text.slice(from, m.index) });
    const [s, e] = text.spanOf(m.index, m.index + m[0].length);
    parts.push({ kind: 'phonemes', phonemes: TrackedText.uniform(ph.replace(/\s+/g, ' '), s, e) });
    from = m.index + m[0].length;
    hits++;
  }
  if (from < text.length) parts.push({ kind: 'text', text: text.slice(from) });
  return { parts, hits };
}
