import type { FrontEnd } from '../frontend';
import type { LinePhonemizer } from '../phonemize';
import { TrackedText } from '../tracked';
import { VOCAB } from '../vocab';
import { LATIN_RUN, latinTracked } from './cjk/latin';
import { splitCjkSentences } from './cjk/split';
import { nfkcTracked } from './cjk/width';
import { loadAnalyzer, type Analyzer, type Morpheme } from './ja/analyzer';
import { kanaToKokoro } from './ja/kana';
import { normalizeJapaneseNumbers } from './ja/numbers';

/** Japanese punctuation as misaki's cutlet spells it (brackets it turns into « », which Kokoro lacks, go). */
const SYMBOLS: Record<string, string> = {
  '。': '.', '、': ',', '？': '?', '！': '!', '「': '“', '」': '”', '『': '“', '』': '”', '：': ':', '；': ';',
  '（': '', '）': '', '(': '', ')': '', '《': '', '》': '', '【': '', '】': '', '[': '', ']': '', '・': ' ', '，': ',', '～': '—', '〜': '—',
  '—': '—', '«': '“', '»': '”', '…': '…', '‥': '…',
  '!': '!', '?': '?', ',': ',', '.': '.', ':': ':', ';': ';', '"': '"', '-': '', '/': ' ', '&': '', '~': '—',
};

const KANA_ONLY = /^[\u3041-\u309f\u30a0-\u30ffー]+$/;

interface Word {
  readonly from: number;
  readonly to: number;
  readonly phonemes: string;
  /** The kana it was read from ('' for punctuation and Latin): joined words are read again as one. */
  readonly kana: string;
  /** A space follows it. */
  space: boolean;
}

/**
 * A morpheme's pronunciation as UniDic (misaki's dictionary) writes it where IPADIC differs: long
 * vowels as ー for e+i (映画 エイガ -> エーガ, 学生 ガクセー) outside verbs, for an adjective's final
 * イイ (新しい アタラシー), and for the volitional う after o (ましょう -> マショー).
 */
function unidicPronunciation(m: Morpheme, previous: string): string | undefined {
  const p = m.pronunciation;
  if (p === undefined) return undefined;
  if (m.pos === '助動詞' && m.surface === 'う' && /[オコソトノホモヨロゴゾドボポョォ]$/.test(previous)) return 'ー';
  let out = p;
  if (m.pos !== '動詞') out = out.replace(/([エケセテネヘメレゲゼデベペェ])イ/g, '$1ー');
  if (m.pos === '形容詞') out = out.replace(/([イキシチニヒミリギジヂビピィ])イ$/, '$1ー');
  return out;
}

/** The kana a morpheme is read from, or undefined when it is not read as kana. */
function morphemeKana(m: Morpheme, previous: string): string | undefined {
  if (m.pos === '記号' || /^[\s\x20-\x7e]+$/.test(m.surface) || [...m.surface].every((c) => c in SYMBOLS)) return undefined;
  const pron = m.known ? unidicPronunciation(m, previous) : undefined;
  if (pron) return pron;
  if (KANA_ONLY.test(m.surface)) return m.surface;
  return ''; // an unknown word in kanji: no reading (misaki drops it too)
}

/** One morpheme that is not read as kana -> Kokoro symbols: punctuation as cutlet spells it, other symbols dropped. */
function otherPhonemes(m: Morpheme): string {
  if (/^\s+$/.test(m.surface)) return ' ';
  return [...m.surface].map((c) => SYMBOLS[c] ?? (VOCAB.has(c) && !/[A-Za-z]/.test(c) ? c : '')).join('');
}

/**
 * Whether a morpheme joins the word before it, as misaki's word list joins UniDic's short units:
 * a conjunctive て/で with its verb (ɕite, asonde), polite ます with its verb (okʲimasɨ), auxiliary
 * chains (maɕita, but not before です), numerals and their counters (三時 saɲʥi).
 */
function joins(m: Morpheme, prev: Morpheme | undefined): boolean {
  if (!prev) return false;
  if (m.pos === '助詞' && m.detail === '接続助詞' && (m.surface === 'て' || m.surface === 'で')) return prev.pos === '動詞' || prev.pos === '助動詞';
  if (m.pos === '助動詞' && m.surface === 'ます') return prev.pos === '動詞' || prev.pos === '助動詞';
  if (m.pos === '助動詞' && (m.surface === 'た' || m.surface === 'だ')) return prev.pos === '動詞' || prev.pos === '形容詞' || prev.pos === '助動詞';
  if (m.pos === '助動詞' && prev.pos === '助動詞') return !m.surface.startsWith('で');
  if (prev.detail === '数') return m.detail === '数' || (m.detail === '接尾' && m.pos === '名詞');
  return false;
}

/** Morphemes -> spoken words with misaki's spacing around punctuation (offsets shifted by `offset`). */
function words(morphemes: readonly Morpheme[], offset: number): Word[] {
  const out: Word[] = [];
  let prev: Morpheme | undefined;
  let previousKana = '';
  for (const m of morphemes) {
    const kana = morphemeKana(m, previousKana);
    previousKana = m.pronunciation ?? m.surface;
    const ps = kana === undefined ? otherPhonemes(m) : kanaToKokoro(kana);
    const w: Word = { from: offset + m.start, to: offset + m.start + m.surface.length, phonemes: ps, kana: kana ?? '', space: true };
    const before = out[out.length - 1];
    if (before && before.kana !== '' && kana && joins(m, prev)) {
      const joined = before.kana + kana;
      out[out.length - 1] = { from: before.from, to: w.to, phonemes: kanaToKokoro(joined), kana: joined, space: true };
      prev = m;
      continue;
    }
    if (/^[“(]/.test(ps)) {
      if (before) before.space = true;
      w.space = false;
    } else if (ps === '' || /^[”).,?!:;…—]+$/.test(ps)) {
      if (before) before.space = false;
    } else if (ps === ' ') w.space = false;
    out.push(w);
    prev = m;
  }
  return out;
}

/**
 * One normalized Japanese sentence -> Kokoro symbols, tracked (misaki's cutlet G2P on kuromoji's
 * readings). Latin words go to `espeak` (en-us) when given, else are dropped.
 */
export async function phonemizeJapanese(sentence: string, espeak?: LinePhonemizer, analyze?: Analyzer): Promise<TrackedText> {
  const an = analyze ?? (await loadAnalyzer());
  const src = TrackedText.of(sentence);
  const parts: TrackedText[] = [];
  const japanese = (from: number, to: number): void => {
    if (to <= from) return;
    for (const w of words(an(sentence.slice(from, to)), from)) {
      parts.push(TrackedText.uniform(w.phonemes, w.from, w.to));
      if (w.space) parts.push(TrackedText.uniform(' ', w.to, w.to));
    }
  };
  let last = 0;
  for (const m of sentence.matchAll(LATIN_RUN)) {
    japanese(last, m.index);
    last = m.index + m[0].length;
    if (!espeak) continue;
    parts.push(TrackedText.uniform(' ', m.index, m.index), await latinTracked(src.slice(m.index, last), espeak), TrackedText.uniform(' ', last, last));
  }
  japanese(last, sentence.length);
  return TrackedText.concat(parts)
    .filter((c) => c === ' ' || VOCAB.has(c))
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ +(?=[.,!?;:])/g, '')
    .replace(/(?<![!",.:;?—…”]) (?=ʔ)|(?<=ʔ) (?!["“])/g, '');
}

/** Numbers, dates and money in words (katakana), width-normalized characters. */
export function normalizeJapanese(text: TrackedText): TrackedText {
  return normalizeJapaneseNumbers(nfkcTracked(text));
}

/** Japanese (j voices): kuromoji readings, misaki's kana -> Kokoro table. */
export const japaneseFrontEnd: FrontEnd = {
  id: 'ja',
  label: 'Japanese',
  espeakVoice: 'en-us', // Latin words only; the worker starts when one appears
  warmupText: 'こんにちは。',
  normalize: normalizeJapanese,
  splitSentences: splitCjkSentences,
  phonemize: (sentence, espeak) => phonemizeJapanese(sentence, espeak),
};
