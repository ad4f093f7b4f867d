import { espeakToKokoro } from '../../kokoro-phonemes';
import { phonemizeTracked, type LinePhonemizer } from '../../phonemize';
import type { TrackedText } from '../../tracked';

/** Latin words (and the spaces between them) inside Japanese or Chinese text: "Python", "iPhone 15"'s letters. */
export const LATIN_RUN = /[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*)*/g;

/**
 * Latin words inside Japanese or Chinese text -> Kokoro's English symbols through espeak-ng en-us
 * (the worker starts only when such a word appears), tracked to the run's own source ranges.
 * misaki passes such letters through raw (A, I are vocabulary symbols, so "AI" came out as two
 * diphthongs); reading them as English is what a speaker does.
 */
export async function latinTracked(run: TrackedText, espeak: LinePhonemizer): Promise<TrackedText> {
  const ps = await phonemizeTracked(espeak, run.text, (ipa) => espeakToKokoro(ipa, 'en-us'));
  return ps.through(run);
}
