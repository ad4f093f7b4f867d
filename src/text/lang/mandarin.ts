import type { FrontEnd } from '../frontend';
import type { LinePhonemizer } from '../phonemize';
import { TrackedText } from '../tracked';
import { VOCAB } from '../vocab';
import { LATIN_RUN, latinTracked } from './cjk/latin';
import { splitCjkSentences } from './cjk/split';
import { nfkcTracked } from './cjk/width';
import { normalizeChineseNumbers } from './zh/numbers';
import { syllableToKokoro } from './zh/pinyin-ipa';
import { loadSegmenter, type Segmenter } from './zh/pinyin';

const HANZI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

/** Chinese punctuation as misaki maps it before its G2P (、，-> ", ", 「」《》【】 -> “ ”...). */
const PUNCT: Record<string, string> = {
  '、': ', ', ',': ', ', '。': '. ', '．': '. ', '!': '! ', ':': ': ', ';': '; ', '?': '? ',
  '«': ' “', '»': '” ', '《': ' “', '》': '” ', '「': ' “', '」': '” ', '【': ' “', '】': '” ', '(': ' (', ')': ') ',
  '『': ' “', '』': '” ', '〈': ' “', '〉': '” ',
  '，': ', ', '！': '! ', '：': ': ', '；': '; ', '？': '? ', '（': ' (', '）': ') ',
};

/** A stretch between hanzi: Latin words in English, punctuation as Kokoro spells it, anything else outside the vocabulary dropped. */
async function otherTracked(text: TrackedText, espeak: LinePhonemizer | undefined): Promise<TrackedText> {
  const parts: TrackedText[] = [];
  let last = 0;
  for (const m of espeak ? text.text.matchAll(LATIN_RUN) : []) {
    parts.push(punctuationTracked(text.slice(last, m.index)));
    const [s] = text.spanOf(m.index, m.index + 1);
    parts.push(TrackedText.uniform(' ', s, s), await latinTracked(text.slice(m.index, m.index + m[0].length), espeak!), TrackedText.uniform(' ', s, s));
    last = m.index + m[0].length;
  }
  parts.push(punctuationTracked(text.slice(last)));
  return TrackedText.concat(parts);
}

function punctuationTracked(text: TrackedText): TrackedText {
  return text.replace(/[、,。．!:;?«»《》「」【】()『』〈〉，！：；？（）]/g, (c) => PUNCT[c] ?? c).filter((c) => c === ' ' || (VOCAB.has(c) && !/[A-Za-z]/.test(c)));
}

/** Hanzi -> words of Kokoro symbols, each pointing at its characters, a space between words. */
function hanziTracked(run: TrackedText, segment: Segmenter): TrackedText {
  const parts: TrackedText[] = [];
  let at = 0;
  for (const word of segment(run.text)) {
    const from = at;
    at += word.text.length;
    const ps = word.syllables.map((s) => syllableToKokoro(s) ?? '').join('');
    if (ps === '') continue;
    const [s, e] = run.spanOf(from, at);
    if (parts.length > 0) parts.push(TrackedText.uniform(' ', s, s));
    parts.push(TrackedText.uniform(ps, s, e));
  }
  return TrackedText.concat(parts);
}

/**
 * One normalized Chinese sentence -> Kokoro symbols, tracked (misaki's legacy G2P, in Node). Latin
 * words go to `espeak` (en-us) when given, else are dropped.
 */
export async function phonemizeChinese(sentence: string, espeak?: LinePhonemizer, segment?: Segmenter): Promise<TrackedText> {
  const seg = segment ?? (await loadSegmenter());
  const src = TrackedText.of(sentence);
  const parts: TrackedText[] = [];
  let last = 0;
  for (const m of sentence.matchAll(HANZI)) {
    if (m.index > last) parts.push(await otherTracked(src.slice(last, m.index), espeak));
    parts.push(hanziTracked(src.slice(m.index, m.index + m[0].length), seg));
    last = m.index + m[0].length;
  }
  if (last < sentence.length) parts.push(await otherTracked(src.slice(last), espeak));
  return TrackedText.concat(parts).replace(/\s+/g, ' ').trim().replace(/ +(?=[.,!?;:])/g, '');
}

/** Numbers (cn2an's readings), width-normalized characters. */
export function normalizeChinese(text: TrackedText): TrackedText {
  return normalizeChineseNumbers(nfkcTracked(text));
}

/** Mandarin Chinese (z voices): pinyin-pro words and readings, misaki's pinyin -> Kokoro table. */
export const mandarinFrontEnd: FrontEnd = {
  id: 'zh',
  label: 'Chinese (Mandarin)',
  espeakVoice: 'en-us', // Latin words only; the worker starts when one appears
  warmupText: '你好。',
  normalize: normalizeChinese,
  splitSentences: splitCjkSentences,
  phonemize: (sentence, espeak) => phonemizeChinese(sentence, espeak),
};
