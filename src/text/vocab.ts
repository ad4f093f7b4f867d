import vocabJson from './vocab.json';

/** Kokoro-82M v1.0 phoneme vocabulary: symbol -> token id (114 symbols, ids 1-177; 0 is the pad). */
export const VOCAB: ReadonlyMap<string, number> = new Map(Object.entries(vocabJson as Record<string, number>));

export interface Tokenized {
  readonly ids: number[];
  /** Symbols that are not in the vocabulary, in order of appearance; they are dropped. */
  readonly dropped: string[];
}

/** One token per vocabulary symbol (every symbol is a single code point); unknown symbols are dropped. */
export function tokenize(phonemes: string): Tokenized {
  const ids: number[] = [];
  const dropped: string[] = [];
  for (const ch of phonemes) {
    const id = VOCAB.get(ch);
    if (id === undefined) dropped.push(ch);
    else ids.push(id);
  }
  return { ids, dropped };
}

/** Keeps only symbols the model knows, so the string's length in code points is its token count. */
export function keepKnown(phonemes: string): string {
  let out = '';
  for (const ch of phonemes) if (VOCAB.has(ch)) out += ch;
  return out;
}

/** Number of tokens a phoneme string (already filtered) will produce. */
export function tokenCount(phonemes: string): number {
  let n = 0;
  for (const ch of phonemes) if (VOCAB.has(ch)) n++;
  return n;
}
