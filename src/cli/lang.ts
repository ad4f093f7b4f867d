import { languageCodes, languageLetter, LANGUAGES, parseVoiceSpec } from '../engine';
import { KokoroError } from '../util/errors';

/** --lang at the CLI edge, for every command that takes it: a letter or tag (any case) -> its letter; unknown -> a usage error (exit 2) listing the codes. */
export function parseLangFlag(value: string): string {
  const letter = languageLetter(value);
  if (!letter) throw new KokoroError('usage', `unknown language "${value}" for --lang`, `use one of ${languageCodes().join(', ')}`);
  return letter;
}

/** A one-line note when the text's language is not the voice's own (allowed, as in Kokoro), else null. */
export function languageNote(voice: string, lang: string | undefined): string | null {
  if (lang === undefined) return null;
  const name = parseVoiceSpec(voice)[0]!.name;
  const own = name[0] ?? '';
  if (own === lang) return null;
  const label = (l: string): string => LANGUAGES[l]?.label ?? 'an unknown language';
  return `note: voice ${name} (${label(own)}) reads this text as ${label(lang)} (--lang ${LANGUAGES[lang]?.tag ?? lang})`;
}
