import { onText, type TrackedText } from './tracked';

/**
 * Splitting text into the stretches espeak phonemizes and the punctuation Kokoro keeps verbatim.
 * espeak drops punctuation, yet the model uses it for prosody, so punctuation runs are cut out,
 * the words between them phonemized alone, and the punctuation put back (pure).
 */

/** Punctuation symbols in the Kokoro vocabulary. */
export const KOKORO_PUNCTUATION = ';:,.!?—…"()“”';
const MAPPED: Record<string, string> = { '«': '“', '»': '”', '[': '(', ']': ')', '{': '(', '}': ')', '¡': '', '¿': '' };
const PUNCT_CLASS = `[${KOKORO_PUNCTUATION.replace(/[()[\]]/g, (c) => `\\${c}`)}«»\\[\\]{}¡¿]`;
const PIECE_RE = new RegExp(`(\\s*${PUNCT_CLASS}+(?:\\s+|${PUNCT_CLASS})*)`, 'u');

export type Piece = { readonly kind: 'words'; readonly text: string } | { readonly kind: 'punct'; readonly text: string };

/** "Hello, world!" -> words "Hello", punct ", ", words "world", punct "!". Concatenation gives back the text. */
export function splitPunctuation(text: string): Piece[] {
  const pieces: Piece[] = [];
  text.split(PIECE_RE).forEach((part, i) => {
    if (part === '') return;
    pieces.push(i % 2 === 1 ? { kind: 'punct', text: part } : { kind: 'words', text: part });
  });
  return pieces;
}

/** Punctuation as Kokoro spells it: vocabulary symbols only, whitespace collapsed to one space. */
export function kokoroPunctuationTracked(run: TrackedText): TrackedText {
  return run.replace(/[«»[\]{}¡¿]/g, (c) => MAPPED[c] ?? '').replace(/\s+/g, ' ');
}
export const kokoroPunctuation = onText(kokoroPunctuationTracked);

/** Cuts a line longer than `maxBytes` (UTF-8) at spaces so espeak never sees a cut word. */
export function splitLongLine(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/)) {
    const next = cur ? `${cur} ${word}` : word;
    if (Buffer.byteLength(next) > maxBytes && cur) {
      out.push(cur);
      cur = word;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out.flatMap((l) => (Buffer.byteLength(l) > maxBytes ? hardSplit(l, maxBytes) : [l]));
}

function hardSplit(word: string, maxBytes: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of word) {
    if (Buffer.byteLength(cur + ch) > maxBytes) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
