import type { FrontEnd } from '../frontend';
import { englishMisakiFrontEnd } from './english-misaki';

/**
 * Which grapheme-to-phoneme path English (a, b) takes: misaki's lexicons and rules (Kokoro's own
 * training G2P, espeak for unknown words) or espeak-ng for every word. Other languages have one path.
 */
export const G2PS = ['misaki', 'espeak'] as const;
export type G2p = (typeof G2PS)[number];
/**
 * espeak stays the default: misaki's path is far closer to misaki (PER 0.08% vs 7.1%,
 * scripts/misaki-eval.ts) but Whisper base heard it slightly worse on the real tier (WER 1.83% vs
 * 0.76% over 17 texts x 2 voices, test-real/g2p-wer.test.ts), and the rule was to switch only when it
 * wins both.
 */
export const DEFAULT_G2P: G2p = 'espeak';

const MISAKI: Record<string, FrontEnd> = { 'en-us': englishMisakiFrontEnd('en-us'), 'en-gb': englishMisakiFrontEnd('en-gb') };

/** The front end a language's front end becomes under a G2P choice (itself when the choice does not apply). */
export function withG2p(frontEnd: FrontEnd, g2p: G2p = DEFAULT_G2P): FrontEnd {
  return g2p === 'misaki' ? MISAKI[frontEnd.id] ?? frontEnd : frontEnd;
}
