/**
 * Chinese words and their pinyin, as misaki's legacy G2P finds them: jieba cuts the text into words
 * (jieba-wasm: jieba-rs with jieba's own dictionary, the segmenter misaki uses, HMM on for unknown
 * words), then the readings come from pinyin-pro, which picks a polyphone's reading from the words
 * around it (银行 háng, 行长 zhǎng, 了 le after a verb). Both load on first use, so only a Chinese
 * request pays for their dictionaries.
 */
export interface PinyinWord {
  /** The word's characters. */
  readonly text: string;
  /** One syllable per character, tone as a number (0 or 5 = neutral): "hao3". */
  readonly syllables: readonly string[];
}

export type Segmenter = (hanzi: string) => PinyinWord[];

interface PinyinPro {
  pinyin(text: string, options: { toneType: 'num'; type: 'array'; toneSandhi: boolean }): string[];
}
interface Jieba {
  cut(text: string, hmm: boolean): string[];
}

let loaded: Promise<Segmenter> | undefined;

/** The segmenter (jieba-wasm and pinyin-pro, imported on first call). */
export function loadSegmenter(): Promise<Segmenter> {
  loaded ??= Promise.all([import('pinyin-pro'), import('jieba-wasm')]).then(([pp, jb]) => {
    const { pinyin } = pp as unknown as PinyinPro;
    const { cut } = jb as unknown as Jieba;
    // 一 with its tone sandhi (一起 yì, 一个 yí: pypinyin's phrase entries, which misaki read, have
    // them too), 不 always bu4 as pypinyin reads it for misaki (不错 bu4 cuo4, no sandhi). Measured
    // against misaki: PER 0.61% -> 0.68% on the corpus (only 一分耕耘, where misaki says yī), 0.43% ->
    // 0.22% on ten held-out sentences.
    // Readings are taken over the whole run (pinyin-pro reads 了 as le in context, liǎo alone), then
    // cut at jieba's words.
    return (hanzi: string) => {
      const all = pinyin(hanzi, { toneType: 'num', type: 'array', toneSandhi: true }).map((p, i) => (hanzi[i] === '不' && p.startsWith('bu') ? 'bu4' : p));
      let at = 0;
      return cut(hanzi, true).map((text) => {
        const n = [...text].length;
        const syllables = all.slice(at, at + n);
        at += n;
        return { text, syllables };
      });
    };
  });
  return loaded;
}
