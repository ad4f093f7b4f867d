import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontEndFor } from '../src/text/lang/registry';
import { EspeakPool, type LinePhonemizer } from '../src/text/phonemize';
import { phonemeErrors, phonemeErrorRate, type PhonemeErrors } from '../src/text/phoneme-error';
import { TrackedText } from '../src/text/tracked';
import { ROOT } from './lib';

/** test/fixtures/misaki/<lang>.json: misaki's phonemes per sentence (scripts/build-misaki-reference.py). */
export interface MisakiReference {
  readonly lang: string;
  readonly misaki: string;
  readonly sentences: readonly { readonly text: string; readonly phonemes: string }[];
}

export const MISAKI_DIR = join(ROOT, 'test', 'fixtures', 'misaki');

export function loadReference(lang: string): MisakiReference {
  return JSON.parse(readFileSync(join(MISAKI_DIR, `${lang}.json`), 'utf8')) as MisakiReference;
}

/**
 * Where kokoro-ts reads a text differently from misaki on purpose (locale-normalize.ts), misaki being
 * wrong: sentences containing one of these cases are left out of the scored PER (and reported apart).
 * misaki hands the text to espeak through phonemizer, which cuts at punctuation and leaves signs to
 * espeak.
 */
export const NORMALIZER_CASES: readonly { readonly name: string; readonly test: RegExp; readonly why: string }[] = [
  { name: 'number with separators', test: /\d[.,:]\d|\d[ \u00a0\u202f]\d{3}\b/, why: 'misaki cuts "250.000", "300 000", "2,5", "9:15" at the mark ("doscientos cincuenta. cero cero cero"); kokoro-ts reads the number, the decimal and the time' },
  { name: 'currency sign', test: /[$€£₹]/, why: 'misaki leaves the sign to espeak ("R$ 12" -> "real dólar doze", "12 €" -> "doce euro"); kokoro-ts says the amount then the currency in the plural it needs' },
  { name: 'numeric date', test: /\d{1,2}\/\d{1,2}\/\d{4}/, why: 'misaki reads "12/05/1990" as "doce barra cero cinco barra ..."; kokoro-ts says "12 de mayo de 1990"' },
  { name: 'French clock time', test: /\b\d{1,2}h\d{0,2}\b/, why: 'misaki reads "9h15" as "neuf ache quinze"; kokoro-ts says "9 heures 15"' },
  { name: 'leading minus', test: /(?:^|\s)-\d/, why: 'espeak drops the minus of "-5" for misaki; kokoro-ts says "menos 5"' },
];

/** The languages whose normalizer (locale-normalize.ts) these cases are about. */
const LOCALE_LANGS = new Set(['es', 'fr', 'hi', 'it', 'pt-br']);

/** The normalizer case a sentence contains, if any. */
export function normalizerCase(text: string): string | undefined {
  return NORMALIZER_CASES.find((c) => c.test.test(text))?.name;
}

export interface SentenceResult extends PhonemeErrors {
  readonly text: string;
  readonly ours: string;
  readonly misaki: string;
}

export interface LanguageResult {
  readonly lang: string;
  /** PER over the scored sentences (those without a normalizer case). */
  readonly per: number;
  /** PER over every sentence, normalizer cases included. */
  readonly perAll: number;
  readonly sentences: readonly SentenceResult[];
  /** Sentences left out of `per`, with their normalizer case. */
  readonly excluded: readonly (SentenceResult & { readonly case: string })[];
}

/** kokoro-ts's phonemes of a text through a language's front end (normalize, split, phonemize). */
export async function phonemizeText(lang: string, text: string, espeak: EspeakPool): Promise<string> {
  const fe = frontEndFor('', lang);
  // As the phoneme store does: espeak starts only if the front end asks (ja/zh: Latin words only).
  const line: LinePhonemizer = { phonemizeLine: async (t) => (await espeak.line(fe.espeakVoice)).phonemizeLine(t) };
  const sentences = fe.splitSentences(fe.normalize(TrackedText.of(text)));
  const ps = await Promise.all(sentences.map((s) => fe.phonemize(s.text, line)));
  return ps.map((p) => p.text).join(' ');
}

/** PER of kokoro-ts against misaki's reference for one language (reference tag: es, fr, hi, it, pt-br, ja, zh, en-us, en-gb). */
export async function measureLanguage(lang: string, espeak: EspeakPool): Promise<LanguageResult> {
  const ref = loadReference(lang);
  const all = await Promise.all(
    ref.sentences.map(async (s) => {
      const ours = await phonemizeText(lang, s.text, espeak);
      return { text: s.text, ours, misaki: s.phonemes, ...phonemeErrors(ours, s.phonemes), case: LOCALE_LANGS.has(lang) ? normalizerCase(s.text) : undefined };
    }),
  );
  const sentences = all.filter((s) => s.case === undefined);
  const excluded = all.flatMap((s) => (s.case === undefined ? [] : [{ ...s, case: s.case }]));
  return { lang, per: phonemeErrorRate(sentences), perAll: phonemeErrorRate(all), sentences, excluded };
}
