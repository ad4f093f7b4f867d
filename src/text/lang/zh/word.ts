/** A Chinese word and its pinyin: what the segmenter gives and the tone sandhi rewrites. */
export interface PinyinWord {
  /** The word's characters. */
  readonly text: string;
  /** One syllable per character, tone as a number (0 or 5 = neutral): "hao3". */
  readonly syllables: readonly string[];
}
