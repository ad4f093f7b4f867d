import { KokoroError } from '../../util/errors';
import type { FrontEnd } from '../frontend';
import { englishFrontEnd } from './english';
import { french } from './french';
import { hindi } from './hindi';
import { italian } from './italian';
import { japaneseFrontEnd } from './japanese';
import { mandarinFrontEnd } from './mandarin';
import { portuguese } from './portuguese';
import { spanish } from './spanish';

export interface Language {
  /** The tag users may give instead of the letter (--lang es), as in espeak/BCP 47. */
  readonly tag: string;
  readonly label: string;
  /** null: Kokoro speaks it, kokoro-ts does not phonemize it yet. */
  readonly frontEnd: FrontEnd | null;
}

/** Kokoro v1.0's languages by the first letter of a voice name. Adding a language: its line here. */
export const LANGUAGES: Readonly<Record<string, Language>> = {
  a: { tag: 'en-us', label: 'English (US)', frontEnd: englishFrontEnd('en-us') },
  b: { tag: 'en-gb', label: 'English (UK)', frontEnd: englishFrontEnd('en-gb') },
  e: { tag: 'es', label: 'Spanish', frontEnd: spanish },
  f: { tag: 'fr', label: 'French', frontEnd: french },
  h: { tag: 'hi', label: 'Hindi', frontEnd: hindi },
  i: { tag: 'it', label: 'Italian', frontEnd: italian },
  j: { tag: 'ja', label: 'Japanese', frontEnd: japaneseFrontEnd },
  p: { tag: 'pt-br', label: 'Portuguese (BR)', frontEnd: portuguese },
  z: { tag: 'zh', label: 'Chinese (Mandarin)', frontEnd: mandarinFrontEnd },
};

/** A language's letter from its letter or tag (a, en-us, es, pt-br...; any case), or undefined. */
export function languageLetter(code: string): string | undefined {
  const c = code.trim().toLowerCase();
  if (LANGUAGES[c]) return c;
  return Object.entries(LANGUAGES).find(([, l]) => l.tag === c)?.[0];
}

/** Every accepted --lang value, letters then tags. */
export function languageCodes(): string[] {
  return [...Object.keys(LANGUAGES), ...Object.values(LANGUAGES).map((l) => l.tag)];
}

/**
 * The front end for a request: the language asked for (a letter or tag), else the voice's own (its
 * first letter, as in Kokoro's pipeline). A voice may speak another language's text (Kokoro allows it).
 */
export function frontEndFor(voiceName: string, lang?: string): FrontEnd {
  if (lang === undefined) return frontEndForVoice(voiceName);
  const letter = languageLetter(lang);
  if (!letter) throw new KokoroError('bad-lang', `unknown language "${lang}"`, `use one of ${languageCodes().join(', ')}`);
  const l = LANGUAGES[letter]!;
  if (!l.frontEnd) throw new KokoroError('voice-language', `kokoro-ts does not phonemize ${l.label} yet`, `languages it speaks: ${spoken().join(', ')}`);
  return l.frontEnd;
}

function spoken(): string[] {
  return Object.entries(LANGUAGES).filter(([, l]) => l.frontEnd).map(([k, l]) => `${k} (${l.tag})`);
}

/** The front end that speaks a voice's language (from its first letter), or a clear error. */
export function frontEndForVoice(name: string): FrontEnd {
  const lang = LANGUAGES[name[0] ?? ''];
  if (!lang?.frontEnd) {
    throw new KokoroError(
      'voice-language',
      `voice ${name} speaks ${lang?.label ?? 'an unknown language'}, which kokoro-ts does not phonemize yet`,
      `use a voice of a language it speaks (${spoken().join(', ')}), e.g. af_nicole, ef_dora, jf_alpha or zf_xiaoxiao`,
    );
  }
  return lang.frontEnd;
}

/** The front end with a language tag (en-us, en-gb, ...), or undefined. */
export function frontEndById(id: string): FrontEnd | undefined {
  return Object.values(LANGUAGES).find((l) => l.frontEnd?.id === id)?.frontEnd ?? undefined;
}

export function describeVoice(name: string): { language: string; gender: string } {
  const lang = LANGUAGES[name[0] ?? '']?.label ?? 'unknown';
  const gender = name[1] === 'f' ? 'female' : name[1] === 'm' ? 'male' : 'unknown';
  return { language: lang, gender };
}
