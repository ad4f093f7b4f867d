import { sentenceCutter } from '../../sentence-split';

/**
 * Sentences and clauses of Japanese or Chinese text (pure): cut after 。！？、，； (full- or half-width
 * !?;, with any closing quotes or brackets; no space needed), after . ! ? … followed by space (a
 * decimal point is no cut), and at line breaks. Each piece keeps its punctuation; the engine packs
 * pieces into model calls again, so cutting at commas costs no prosody, only keeps phonemizing units short.
 */
export const splitCjkSentences = sentenceCutter({
  terminators: '.!?…', closers: '"”’)]', spacedClosers: false, unspaced: { terminators: '。！？、，；!?;', closers: '」』”’）)]】' },
});
