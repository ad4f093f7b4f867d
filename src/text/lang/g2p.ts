import type { FrontEnd } from '../frontend';
import { englishMisakiFrontEnd } from './english-misaki';
import { frontEndById } from './registry';

/**
 * Which grapheme-to-phoneme path English (a, b) takes: misaki's lexicons and rules (Kokoro's own
 * training G2P, espeak for unknown words) or espeak-ng for every word. Other languages have one path.
 */
export const G2PS = ['misaki', 'espeak'] as const;
export type G2p = (typeof G2PS)[number];
/**
 * misaki is the default: its path is far closer to misaki, Kokoro's training G2P (PER 0.08% vs 7.1%,
 * scripts/misaki-eval.ts), and Whisper base hears it at least as well as espeak's on the real tier
 * (WER 0.61% vs 0.76% over 17 texts x 2 voices, both transcripts normalised alike,
 * test-real/g2p-wer.test.ts). `--g2p espeak` keeps the espeak-only path.
 */
export const DEFAULT_G2P: G2p = 'misaki';

const MISAKI: Record<string, FrontEnd> = { 'en-us': englishMisakiFrontEnd('en-us'), 'en-gb': englishMisakiFrontEnd('en-gb') };

/** The front end a language's front end becomes under a G2P choice (itself when the choice does not apply). */
export function withG2p(frontEnd: FrontEnd, g2p: G2p = DEFAULT_G2P): FrontEnd {
  return g2p === 'misaki' ? MISAKI[frontEnd.id] ?? frontEnd : frontEnd;
}

/** Any front end by its id, misaki's included (en-us-x-misaki): how a front end crosses a thread boundary. */
export function frontEndOfId(id: string): FrontEnd | undefined {
  return Object.values(MISAKI).find((f) => f.id === id) ?? frontEndById(id);
}
