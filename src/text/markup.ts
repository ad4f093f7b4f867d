import { KokoroError } from '../util/errors';
import { TrackedText } from './tracked';
import { VOCAB } from './vocab';

/** Longest inline break accepted, in seconds. */
export const MAX_BREAK_S = 10;

/** How a stretch of the input is voiced, where it differs from the request's (undefined: the request's). */
export interface SpanStyle {
  /** A voice name or blend. */
  readonly voice?: string;
  /** Speed multiplier on the request's speed (SSML prosody rate). */
  readonly rate?: number;
  /** The language (a letter or tag) the stretch is read as. */
  readonly lang?: string;
}

/**
 * The input, as what is to be said (pure data; every offset is in the original input):
 * - text: words for the front end (the user lexicon, then normalize and G2P);
 * - phonemes: Kokoro symbols given by the user, each word pointing at what it stands for;
 *   `standalone` pieces are sentences of their own (phoneme input), others sit inside a sentence;
 * - break: exact silence; boundary: a sentence ends here (SSML p, s).
 */
export type Piece =
  | { readonly kind: 'text'; readonly text: TrackedText; readonly style: SpanStyle }
  | { readonly kind: 'phonemes'; readonly phonemes: TrackedText; readonly style: SpanStyle; readonly standalone: boolean }
  | { readonly kind: 'break'; readonly seconds: number }
  | { readonly kind: 'boundary' };

/** Which syntax the input is in: text with inline markup (SSML when it starts with <speak>), SSML, or Kokoro phonemes. */
export type InputKind = 'text' | 'ssml' | 'phonemes';
export const INPUT_KINDS: readonly InputKind[] = ['text', 'ssml', 'phonemes'];

/** "line L, column C" of a UTF-16 offset in the input (both 1-based). */
export function positionOf(input: string, offset: number): string {
  const before = input.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - (before.lastIndexOf('\n') + 1) + 1}`;
}

/** Kokoro's punctuation symbols (prosody, not sounds). */
const PUNCT = new Set([...';:,.!?—…"()“”']);

/**
 * Checks that `phonemes` (found at `offset` in `input`) holds only Kokoro symbols: the first other one
 * is a usage error naming it and its position.
 */
export function checkPhonemes(phonemes: string, input: string, offset: number): void {
  let at = 0;
  for (const ch of phonemes) {
    if (!VOCAB.has(ch) && !/\s/u.test(ch)) {
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      throw new KokoroError('bad-text', `"${ch}" (${code}) at ${positionOf(input, offset + at)} is not a Kokoro phoneme symbol`, 'use Kokoro symbols (kokoro-ts synth --phonemes "a word" shows some), or IPA in SSML <phoneme alphabet="ipa" ph="...">');
    }
    at += ch.length;
  }
}

/**
 * Kokoro symbols (checked) as tracked phonemes: each word (a run of symbols between spaces and
 * punctuation) points at `word` of the input when given (one range: the written word it says), else
 * at itself (phoneme input: timings point at the symbols typed); punctuation points at itself.
 */
export function trackedPhonemes(source: TrackedText, input: string, word?: readonly [number, number]): TrackedText {
  checkPhonemes(source.text, input, source.length > 0 ? source.rangeAt(0)[0] : 0);
  const flat = source.replace(/\s+/g, ' ').trim();
  if (word) return TrackedText.uniform(flat.text, word[0], word[1]);
  const parts: TrackedText[] = [];
  let from = 0;
  const symbols = [...flat.text];
  let i = 0;
  while (i < symbols.length) {
    const start = i;
    const kind = (c: string): number => (c === ' ' ? 0 : PUNCT.has(c) ? 1 : 2);
    const k = kind(symbols[i]!);
    let len = 0;
    while (i < symbols.length && kind(symbols[i]!) === k && (k === 2 || i === start)) len += symbols[i++]!.length;
    const piece = flat.slice(from, from + len);
    if (k === 2) {
      const [s, e] = piece.spanOf(0, piece.length);
      parts.push(TrackedText.uniform(piece.text, s, e));
    } else parts.push(piece);
    from += len;
  }
  return TrackedText.concat(parts);
}

// What counts as inline markup at all (so a malformed one is refused, never spoken as words).
const MARKUP = /\[\s*pause\b[^\]]*\]|<\s*break\b[^>]*>|\[\s*voice\b[^\]]*\]|\[[^[\]]*\]\(\/[^)]*\)?/giu;
const PAUSE = /^\[\s*pause\s*:\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*\]$/iu;
const BREAK = /^<\s*break\s+time\s*=\s*(["'])(\d+(?:\.\d+)?)\s*(ms|s)\1\s*\/?\s*>$/iu;
const VOICE = /^\[\s*voice\s*:\s*([^\]\s]+)\s*\]$/iu;
const SAY = /^\[([^[\]]+)\]\(\/([^/)]+)\/\)$/u;

/** A break's length in seconds, refused beyond MAX_BREAK_S. */
export function checkedBreak(s: number, markup: string): number {
  if (s > MAX_BREAK_S) throw new KokoroError('bad-text', `break ${JSON.stringify(markup)} is ${s} s; the longest is ${MAX_BREAK_S} s`, 'split the text, or use several shorter breaks');
  return s;
}

function secondsOf(markup: string): number | null {
  const p = PAUSE.exec(markup);
  const b = p ? null : BREAK.exec(markup);
  if (!p && !b) return null;
  const value = Number(p ? p[1] : b![2]);
  const unit = (p ? p[2] ?? 's' : b![3]!).toLowerCase();
  return checkedBreak(unit === 'ms' ? value / 1000 : value, markup);
}

/**
 * Text with inline markup -> pieces (pure): breaks `[pause:0.8]` and `<break time="800ms"/>`
 * (exact silence), speaker tags `[voice:bf_emma]` (the voice for the rest of the text, until the next
 * tag), and pronunciations `[Kokoro](/kˈOkəɹO/)` in Kokoro symbols (as misaki writes them). The markup
 * itself is not spoken; a malformed one is refused with its position. `phonemes`: the text between
 * markup is Kokoro symbols (phoneme input), one standalone piece per sentence.
 */
export function parseMarkup(input: string, phonemes = false): Piece[] {
  const text = TrackedText.of(input);
  const pieces: Piece[] = [];
  let style: SpanStyle = {};
  let from = 0;
  const addText = (to: number): void => {
    const t = text.slice(from, to);
    if (t.text.trim() === '') return;
    if (!phonemes) return void pieces.push({ kind: 'text', text: t, style });
    for (const m of t.text.matchAll(/[^.!?…]*(?:[.!?…]+["”)]*|$)/gu)) {
      const s = t.slice(m.index, m.index + m[0].length);
      if (s.text.trim() !== '') pieces.push({ kind: 'phonemes', phonemes: trackedPhonemes(s.trim(), input), style, standalone: true });
    }
  };
  for (const m of input.matchAll(MARKUP)) {
    addText(m.index);
    from = m.index + m[0].length;
    const where = positionOf(input, m.index);
    const seconds = secondsOf(m[0]);
    if (seconds !== null) {
      pieces.push({ kind: 'break', seconds });
      continue;
    }
    if (/^\[\s*pause\b|^</iu.test(m[0])) {
      throw new KokoroError('bad-text', `malformed break ${JSON.stringify(m[0])} at ${where}`, 'write [pause:0.8] (seconds) or <break time="800ms"/> (also "1.5s")');
    }
    const v = VOICE.exec(m[0]);
    if (v) {
      style = { ...style, voice: v[1]! };
      continue;
    }
    if (/^\[\s*voice\b/iu.test(m[0])) throw new KokoroError('bad-text', `malformed speaker tag ${JSON.stringify(m[0])} at ${where}`, 'write [voice:bf_emma] (a voice name or blend)');
    const say = SAY.exec(m[0]);
    if (!say) throw new KokoroError('bad-text', `malformed pronunciation ${JSON.stringify(m[0])} at ${where}`, 'write [word](/kˈOkəɹO/): the word in brackets, Kokoro symbols between slashes');
    const wordAt = m.index + 1;
    const ph = text.slice(wordAt + say[1]!.length + 3, wordAt + say[1]!.length + 3 + say[2]!.length);
    pieces.push({ kind: 'phonemes', phonemes: trackedPhonemes(ph, input, [wordAt, wordAt + say[1]!.length]), style, standalone: phonemes });
  }
  addText(input.length);
  return pieces;
}

/** The voices named by the pieces' styles (speaker tags, SSML voice), in order of first use. */
export function voicesOf(pieces: readonly Piece[]): string[] {
  const out = new Set<string>();
  for (const p of pieces) if ((p.kind === 'text' || p.kind === 'phonemes') && p.style.voice !== undefined) out.add(p.style.voice);
  return [...out];
}
