import { dirname, join } from 'node:path';

/**
 * Japanese morphological analysis: kuromoji (the @sglkc/kuromoji fork, IPADIC), loaded on first use
 * so that only a Japanese request pays for its ~1 s dictionary load. Each morpheme comes with its
 * pronunciation in katakana (long vowels as ー, particle は as ワ), which is what the kana table reads.
 */
export interface Morpheme {
  readonly surface: string;
  /** Offset of the morpheme in the analysed text (UTF-16). */
  readonly start: number;
  /** Part of speech (IPADIC's first level: 名詞, 助詞, 助動詞, 記号...). */
  readonly pos: string;
  /** IPADIC's second level (数 numeral, 接尾 suffix, 接続助詞 conjunctive particle...). */
  readonly detail: string;
  /** Katakana as pronounced, or undefined (an unknown word). */
  readonly pronunciation: string | undefined;
  readonly known: boolean;
}

export type Analyzer = (text: string) => Morpheme[];

interface KuromojiToken {
  surface_form: string;
  word_position: number;
  pos: string;
  pos_detail_1: string;
  pronunciation?: string;
  reading?: string;
  word_type: string;
}
interface KuromojiModule {
  builder(options: { dicPath: string }): { build(done: (err: Error | null, tokenizer: { tokenize(text: string): KuromojiToken[] }) => void): void };
}

let loaded: Promise<Analyzer> | undefined;

/** The analyser (dictionary read on first call, then kept). */
export function loadAnalyzer(): Promise<Analyzer> {
  loaded ??= new Promise<Analyzer>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kuromoji = require('@sglkc/kuromoji') as KuromojiModule;
    const dicPath = join(dirname(require.resolve('@sglkc/kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((err, tokenizer) => {
      if (err) {
        loaded = undefined;
        reject(err);
        return;
      }
      resolve((text) =>
        tokenizer.tokenize(text).map((t) => ({
          surface: t.surface_form,
          start: t.word_position - 1,
          pos: t.pos,
          detail: t.pos_detail_1,
          pronunciation: t.pronunciation && t.pronunciation !== '*' ? t.pronunciation : t.reading && t.reading !== '*' ? t.reading : undefined,
          known: t.word_type === 'KNOWN',
        })),
      );
    });
  });
  return loaded;
}
