import type { FrontEnd } from '../frontend';
import { espeakToKokoro, type Dialect } from '../kokoro-phonemes';
import type { LinePhonemizer } from '../phonemize';
import { TrackedText } from '../tracked';
import { englishFrontEnd } from './english';
import { lexiconData, DEFAULT_DATA_DIR } from './misaki/data';
import { misakiWords, type Word } from './misaki/g2p';
import { MisakiLexicon } from './misaki/lexicon';
import { spacyTags } from './misaki/tag-rules';
import { tagTokens } from './misaki/tokens';

const LABELS: Record<Dialect, string> = { 'en-us': 'English (US, misaki)', 'en-gb': 'English (UK, misaki)' };

/** espeak IPA of one word -> misaki's symbols for it (its espeak fallback: Kokoro's mapping, flap as T). */
export function misakiFallbackSymbols(ipa: string, dialect: Dialect): string {
  return espeakToKokoro(ipa, dialect).replaceAll('ɾ', 'T');
}

/** A sentence's spoken words joined as misaki joins them, each word's phonemes pointing at its span. */
export function trackWords(words: readonly Word[]): TrackedText {
  const parts: TrackedText[] = [];
  words.forEach((w, i) => {
    if (w.phonemes) parts.push(TrackedText.uniform(w.phonemes, w.start, w.end));
    if (w.whitespace) {
      const next = words[i + 1]?.start ?? w.end + w.whitespace.length;
      parts.push(TrackedText.uniform(' ', w.end, next));
    }
  });
  return TrackedText.concat(parts).replace(/\s+/g, ' ').trim();
}

/** One sentence -> misaki's words (lexicons, tagger, espeak for unknown words), untracked: for tests and scripts. */
export async function misakiSentenceWords(sentence: string, dialect: Dialect, espeak: LinePhonemizer, dataDir: string = DEFAULT_DATA_DIR): Promise<Word[]> {
  const lexicon = new MisakiLexicon(lexiconData(dialect === 'en-gb' ? 'gb' : 'us', dataDir), dialect === 'en-gb');
  const fallback = async (text: string): Promise<string | null> => {
    const ipa = (await espeak.phonemizeLine(text)).map((s) => s.trim()).filter(Boolean).join(' ');
    return ipa ? misakiFallbackSymbols(ipa, dialect) : null;
  };
  return misakiWords(spacyTags(tagTokens(sentence), (w) => lexicon.homographKeys(w)), lexicon, fallback);
}

/**
 * English (a = en-us, b = en-gb) as Kokoro was trained to hear it: the English normalizer, then
 * misaki's lexicons and rules (text/lang/misaki/), espeak-ng for words the lexicons lack. The
 * lexicons load on the first sentence phonemized.
 */
export function englishMisakiFrontEnd(dialect: Dialect, dataDir: string = DEFAULT_DATA_DIR): FrontEnd {
  return {
    ...englishFrontEnd(dialect),
    // Its own id: the phoneme cache keys on it, and a shared store (engine host) finds it by it.
    id: `${dialect}-x-misaki`,
    label: LABELS[dialect],
    phonemize: async (sentence, espeak) => trackWords(await misakiSentenceWords(sentence, dialect, espeak, dataDir)),
  };
}
