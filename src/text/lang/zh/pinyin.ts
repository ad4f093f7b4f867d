/**
 * Chinese words and their pinyin, as misaki's legacy G2P finds them: jieba cuts the text into words
 * (jieba-wasm: jieba-rs with jieba's own dictionary, the segmenter misaki uses, HMM on for unknown
 * words), then the readings come from pinyin-pro, which picks a polyphone's reading from the words
 * around it (银行 háng, 行长 zhǎng, 了 le after a verb). Both load on first use, so only a Chinese
 * request pays for their dictionaries.
 */
import { toneSandhi } from './tone-sandhi';
import type { PinyinWord } from './word';

export type { PinyinWord } from './word';

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
    // Readings are taken over the whole run (pinyin-pro reads 了 as le in context, liǎo alone), then
    // cut at jieba's words; 不 and 一 then take misaki's tone sandhi (tone-sandhi.ts).
    return (hanzi: string) => {
      const all = pinyin(hanzi, { toneType: 'num', type: 'array', toneSandhi: false });
      let at = 0;
      return toneSandhi(
        cut(hanzi, true).map((text) => {
          const n = [...text].length;
          const syllables = all.slice(at, at + n);
          at += n;
          return { text, syllables };
        }),
      );
    };
  });
  return loaded;
}
