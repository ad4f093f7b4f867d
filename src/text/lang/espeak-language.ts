import type { FrontEnd } from '../frontend';
import { espeakToKokoroMisaki } from '../espeak-symbols';
import { phonemizeTracked } from '../phonemize';
import { sentenceCutter } from '../sentence-split';
import { localeNormalizer, type LocaleWords } from './locale-normalize';

/** What a language read by espeak alone (e, f, h, i, p) brings: its espeak voice and its words. */
export interface EspeakLanguage {
  readonly id: string;
  readonly label: string;
  readonly espeakVoice: string;
  readonly warmupText: string;
  readonly words: LocaleWords;
  /** Characters that end a sentence, and closing marks that may follow them. */
  readonly terminators: string;
  readonly closers: string;
  /**
   * Marks that end sentences but are not spoken (as misaki, whose espeak drops them: the danda): the
   * phonemizer sees a space there, so the word before does not include them.
   */
  readonly silent?: string;
}

/**
 * The front end of a language Kokoro phonemizes as misaki's EspeakG2P does: its own normalizer
 * (locale-normalize.ts, never the English one), its sentence punctuation, espeak-ng with its voice,
 * and misaki's fixed espeak -> Kokoro symbol table (espeak-symbols.ts).
 */
export function espeakFrontEnd(l: EspeakLanguage): FrontEnd {
  return {
    id: l.id,
    label: l.label,
    espeakVoice: l.espeakVoice,
    warmupText: l.warmupText,
    normalize: localeNormalizer(l.words),
    splitSentences: sentenceCutter({ terminators: l.terminators, closers: l.closers, spacedClosers: true }),
    phonemize: (sentence, espeak) => phonemizeTracked(espeak, l.silent ? blank(sentence, l.silent) : sentence, espeakToKokoroMisaki),
  };
}

/** Each of `marks` (single UTF-16 units) as a space: the same length, so positions still point into the sentence. */
function blank(sentence: string, marks: string): string {
  let out = '';
  for (const ch of sentence) out += marks.includes(ch) && ch.length === 1 ? ' ' : ch;
  return out;
}

/** Terminators and closers shared by the Latin-script languages. */
export const LATIN_TERMINATORS = '.!?…';
export const LATIN_CLOSERS = '"”’)]»';
