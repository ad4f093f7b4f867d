/**
 * How a request's front end (phonemizing, in the espeak worker thread) is scheduled against its model
 * calls (on the engine's thread). One explicit choice per request; the audio never depends on it.
 */
export type Schedule =
  /**
   * Sentences are handed to the phonemizer `depth` ahead of the one the next chunk needs, before each
   * model call, so the front end of chunk k+1 runs while the model runs chunk k; the phonemizer stays
   * up for later requests. depth 0 = strictly in turn. For engines that serve many texts (bench,
   * batch, a server).
   */
  | { readonly kind: 'pipelined'; readonly depth: number }
  /**
   * Every sentence goes to the phonemizer at once and it is closed as soon as the last one is back
   * (within the first model call), so its memory (~35-70 MB) is not held to the end; chunk 0 still
   * waits only for its own sentences. One streamed text per engine (synth --stream).
   */
  | { readonly kind: 'stream-once' }
  /**
   * The whole text is phonemized and the phonemizer closed before the first model call, so its memory
   * is not part of the peak. For output that counts only when complete (one whole file per engine).
   */
  | { readonly kind: 'front-end-first' };

/** Chosen by measurement (benchmarks/README.md, "Pipeline depth"). */
export const DEFAULT_PIPELINE_DEPTH = 4;

export interface SchedulePlan {
  /** Sentences requested ahead of the one the next chunk needs. */
  readonly ahead: number;
  /** Phonemize everything before the first model call. */
  readonly frontEndFirst: boolean;
  /** Close the phonemizer once every sentence is phonemized. */
  readonly release: boolean;
}

/** What a schedule means for a text of `sentences` sentences (pure). */
export function planOf(s: Schedule, sentences: number): SchedulePlan {
  switch (s.kind) {
    case 'pipelined':
      return { ahead: s.depth, frontEndFirst: false, release: false };
    case 'stream-once':
      return { ahead: sentences, frontEndFirst: false, release: true };
    case 'front-end-first':
      return { ahead: sentences, frontEndFirst: true, release: true };
  }
}
