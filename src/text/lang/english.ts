import type { FrontEnd } from '../frontend';
import { espeakToKokoro, type Dialect } from '../kokoro-phonemes';
import { normalizeTracked } from '../normalize';
import { phonemizeTracked } from '../phonemize';
import { sentenceCutter } from '../sentence-split';

const LABELS: Record<Dialect, string> = { 'en-us': 'English (US)', 'en-gb': 'English (UK)' };

/** Sentences of normalized English: cut after . ! ? … (and closing quotes/brackets) followed by space, and at line breaks. */
export const splitEnglishSentences = sentenceCutter({ terminators: '.!?…', closers: '"”’)]', spacedClosers: false });

/** English (a = en-us, b = en-gb): the English normalizer, espeak-ng, Kokoro's English symbol rules. */
export function englishFrontEnd(dialect: Dialect): FrontEnd {
  return {
    id: dialect,
    label: LABELS[dialect],
    espeakVoice: dialect,
    warmupText: 'Hello.',
    normalize: normalizeTracked,
    splitSentences: splitEnglishSentences,
    phonemize: (sentence, espeak) => phonemizeTracked(espeak, sentence, (ipa) => espeakToKokoro(ipa, dialect)),
  };
}
