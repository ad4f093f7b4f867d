/**
 * Kokoro v1.0 post-processing of espeak-ng IPA. Kokoro-82M v1.0 was trained on misaki's English
 * phoneme set, where diphthongs and affricates are single symbols (eɪ -> A, aɪ -> I, oʊ -> O, aʊ -> W,
 * ɔɪ -> Y, əʊ -> Q, dʒ -> ʤ, tʃ -> ʧ). espeak marks multi-letter phonemes with a tie ('^' here), which
 * makes these merges unambiguous. Pure; tested against a committed reference corpus.
 */
export type Dialect = 'en-us' | 'en-gb';

type Rule = readonly [from: string, to: string];

const US_RULES: Rule[] = [
  ['o^ʊ', 'O'], ['ɜːɹ', 'ɜɹ'], ['ɜː', 'ɜɹ'], ['ɪ^ə', 'iə'], ['ɪə', 'iə'],
];
const GB_RULES: Rule[] = [
  ['e^ə', 'ɛː'], ['i^ə', 'ɪə'], ['iə', 'ɪə'], ['ə^ʊ', 'Q'],
];
/** Applied after the dialect rules, longest first. */
const COMMON_RULES: Rule[] = (
  [
    ['\u0303', ''], ['a^ɪ', 'I'], ['a^ʊ', 'W'], ['d^ʒ', 'ʤ'], ['e^ɪ', 'A'], ['e', 'A'], ['r', 'ɹ'], ['t^ʃ', 'ʧ'],
    ['x', 'k'], ['ç', 'k'], ['ɐ', 'ə'], ['ɔ^ɪ', 'Y'], ['ə^l', 'ᵊl'], ['ɚ', 'əɹ'], ['ɬ', 'l'], ['ʔ', 't'],
    ['ʔn', 'tᵊn'], ['ʔn\u0329', 'tᵊn'], ['ʔˌn\u0329', 'tᵊn'], ['ʲ', ''], ['ʲO', 'jO'], ['ʲQ', 'jQ'],
  ] as Rule[]
).sort((a, b) => b[0].length - a[0].length);

function applyRules(s: string, rules: readonly Rule[]): string {
  let out = '';
  let i = 0;
  outer: while (i < s.length) {
    for (const [from, to] of rules) {
      if (s.startsWith(from, i)) {
        out += to;
        i += from.length;
        continue outer;
      }
    }
    out += s[i];
    i++;
  }
  return out;
}

/** Maps one stretch of espeak output (tie '^') to Kokoro v1.0 phonemes. */
export function espeakToKokoro(ipa: string, dialect: Dialect): string {
  let s = ipa.trim();
  s = applyRules(s, dialect === 'en-us' ? US_RULES : GB_RULES);
  s = applyRules(s, COMMON_RULES);
  s = s.replace(/(\S)\u0329/g, 'ᵊ$1').replace(/\u0329/g, '');
  if (dialect === 'en-us') s = s.replace(/ː/g, '');
  // Remaining plain 'o' is espeak < 1.52's spelling of ɔ.
  s = s.replace(/o/g, 'ɔ').replace(/\^/g, '');
  return s;
}
