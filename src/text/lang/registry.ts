import { KokoroError } from '../../util/errors';
import type { FrontEnd } from '../frontend';
import { englishFrontEnd } from './english';

export interface Language {
  readonly label: string;
  /** null: Kokoro speaks it, kokoro-ts does not phonemize it yet. */
  readonly frontEnd: FrontEnd | null;
}

/** Kokoro v1.0's languages by the first letter of a voice name. Adding a language: its line here. */
export const LANGUAGES: Readonly<Record<string, Language>> = {
  a: { label: 'English (US)', frontEnd: englishFrontEnd('en-us') },
  b: { label: 'English (UK)', frontEnd: englishFrontEnd('en-gb') },
  e: { label: 'Spanish', frontEnd: null },
  f: { label: 'French', frontEnd: null },
  h: { label: 'Hindi', frontEnd: null },
  i: { label: 'Italian', frontEnd: null },
  j: { label: 'Japanese', frontEnd: null },
  p: { label: 'Portuguese (BR)', frontEnd: null },
  z: { label: 'Chinese (Mandarin)', frontEnd: null },
};

/** The front end that speaks a voice's language (from its first letter), or a clear error. */
export function frontEndForVoice(name: string): FrontEnd {
  const lang = LANGUAGES[name[0] ?? ''];
  if (!lang?.frontEnd) {
    const supported = Object.entries(LANGUAGES).filter(([, l]) => l.frontEnd).map(([k]) => k);
    throw new KokoroError(
      'voice-language',
      `voice ${name} speaks ${lang?.label ?? 'an unknown language'}, which kokoro-ts does not phonemize yet`,
      `use a voice whose name starts with ${supported.join(' or ')} (English), e.g. af_nicole or bf_emma`,
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
