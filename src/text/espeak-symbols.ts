/**
 * espeak-ng IPA -> Kokoro v1.0 symbols for the languages Kokoro phonemizes with espeak alone
 * (e es, f fr-fr, h hi, i it, p pt-br): misaki 0.9.4's EspeakG2P table as Kokoro's pipeline runs it
 * (no version, so no nasal-vowel letters). Tied pairs (espeak's '^', e.g. t^ʃ) become Kokoro's single
 * symbols; the ties, espeak's hyphens and its language-switch flags ("(en)...(hi)", which phonemizer
 * removes for misaki) are dropped. Anything left outside the vocabulary is dropped at tokenization,
 * as in Kokoro. Pure.
 */
const TIED: ReadonlyArray<readonly [string, string]> = [
  ['a^ɪ', 'I'], ['a^ʊ', 'W'], ['d^z', 'ʣ'], ['d^ʒ', 'ʤ'], ['e^ɪ', 'A'], ['o^ʊ', 'O'], ['ə^ʊ', 'Q'],
  ['s^s', 'S'], ['t^s', 'ʦ'], ['t^ʃ', 'ʧ'], ['ɔ^ɪ', 'Y'],
];

/** Language-switch flags espeak writes around foreign words: "(en)", "(^e^n)" with ties. */
const FLAG = /\([a-z^-]+\)/g;

export function espeakToKokoroMisaki(ipa: string): string {
  let s = ipa.trim().replace(FLAG, '');
  for (const [from, to] of TIED) s = s.split(from).join(to);
  return s.replace(/\^/g, '').replace(/-/g, '');
}
