import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontEndFor } from '../src/text/lang/registry';
import { EspeakPool } from '../src/text/phonemize';
import { phonemeErrors, phonemeErrorRate, type PhonemeErrors } from '../src/text/phoneme-error';
import { TrackedText } from '../src/text/tracked';

/** test/fixtures/misaki/<lang>.json: misaki's phonemes per sentence (scripts/build-misaki-reference.py). */
export interface MisakiReference {
  readonly lang: string;
  readonly misaki: string;
  readonly sentences: readonly { readonly text: string; readonly phonemes: string }[];
}

export const MISAKI_DIR = join(__dirname, '..', '..', 'test', 'fixtures', 'misaki');

export function loadReference(lang: string): MisakiReference {
  return JSON.parse(readFileSync(join(MISAKI_DIR, `${lang}.json`), 'utf8')) as MisakiReference;
}

/**
 * Sentences whose difference from misaki is a deliberate normalizer choice, left out of the PER with
 * the reason. (None yet: every corpus sentence is scored.)
 */
export const EXCLUDED: readonly { readonly lang: string; readonly text: string; readonly why: string }[] = [];

export interface SentenceResult extends PhonemeErrors {
  readonly text: string;
  readonly ours: string;
  readonly misaki: string;
}

export interface LanguageResult {
  readonly lang: string;
  readonly per: number;
  readonly sentences: readonly SentenceResult[];
  readonly excluded: number;
}

/** kokoro-ts's phonemes of a text through a language's front end (normalize, split, phonemize). */
export async function phonemizeText(lang: string, text: string, espeak: EspeakPool): Promise<string> {
  const fe = frontEndFor('', lang);
  const line = await espeak.line(fe.espeakVoice);
  const sentences = fe.splitSentences(fe.normalize(TrackedText.of(text)));
  const ps = await Promise.all(sentences.map((s) => fe.phonemize(s.text, line)));
  return ps.map((p) => p.text).join(' ');
}

/** PER of kokoro-ts against misaki's reference for one language (reference tag: es, fr, hi, it, pt-br, en-us, en-gb). */
export async function measureLanguage(lang: string, espeak: EspeakPool): Promise<LanguageResult> {
  const ref = loadReference(lang);
  const scored = ref.sentences.filter((s) => !EXCLUDED.some((x) => x.lang === lang && x.text === s.text));
  const sentences = await Promise.all(
    scored.map(async (s) => {
      const ours = await phonemizeText(lang, s.text, espeak);
      return { text: s.text, ours, misaki: s.phonemes, ...phonemeErrors(ours, s.phonemes) };
    }),
  );
  return { lang, per: phonemeErrorRate(sentences), sentences, excluded: ref.sentences.length - scored.length };
}
