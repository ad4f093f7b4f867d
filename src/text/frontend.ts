import type { LinePhonemizer } from './phonemize';
import type { TrackedText } from './tracked';

/**
 * A language's front end: how its text becomes Kokoro phonemes. The engine runs, for each request,
 * normalize -> splitSentences -> phonemize (per sentence, cached by sentence text) and cuts the
 * phonemes into model calls; every step keeps, for each character, the span of the original text it
 * came from (TrackedText), so chunks can say which words each token range speaks.
 *
 * Adding a language: one file in text/lang/ that builds a FrontEnd, and one line in
 * text/lang/registry.ts.
 */
export interface FrontEnd {
  /** Language tag, e.g. en-us; also the phoneme cache's key prefix. */
  readonly id: string;
  readonly label: string;
  /** The espeak-ng voice its phonemizer runs with; '' for a front end with its own G2P (no espeak worker starts). */
  readonly espeakVoice: string;
  /** A short text whose phonemization starts the phonemizer (load-time warm-up). */
  readonly warmupText: string;
  /** What people type -> what a speaker says (numbers, abbreviations...), tracked. */
  normalize(text: TrackedText): TrackedText;
  /** Normalized text -> sentences (the unit of phonemizing and caching). */
  splitSentences(text: TrackedText): TrackedText[];
  /** One normalized sentence -> Kokoro phonemes, each pointing at the sentence's characters. */
  phonemize(sentence: string, espeak: LinePhonemizer): Promise<TrackedText>;
}

/** A run of a chunk's tokens and the span of the original text they speak. */
export interface TokenSpan {
  /** Token indices in the chunk, pads excluded: [from, to). */
  readonly tokens: readonly [number, number];
  /** UTF-16 offsets in the request's text: [start, end); empty (start = end) for a joining space. */
  readonly text: readonly [number, number];
}
