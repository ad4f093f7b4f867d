import { KokoroError } from '../util/errors';
import type { TrackedText } from './tracked';

/** Longest inline break accepted, in seconds. */
export const MAX_BREAK_S = 10;

/** A stretch of the text to speak, and the silence that follows it (an inline break), in seconds. */
export interface Segment {
  readonly text: TrackedText;
  readonly pauseAfterS: number;
}

// What counts as break markup at all (so a malformed one is refused, never spoken as words).
const MARKUP = /\[\s*pause\b[^\]]*\]|<\s*break\b[^>]*>/giu;
const PAUSE = /^\[\s*pause\s*:\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*\]$/iu;
const BREAK = /^<\s*break\s+time\s*=\s*(["'])(\d+(?:\.\d+)?)\s*(ms|s)\1\s*\/?\s*>$/iu;

function secondsOf(markup: string): number {
  const p = PAUSE.exec(markup);
  const b = p ? null : BREAK.exec(markup);
  if (!p && !b) {
    throw new KokoroError('bad-text', `malformed break ${JSON.stringify(markup)}`, 'write [pause:0.8] (seconds) or <break time="800ms"/> (also "1.5s")');
  }
  const value = Number(p ? p[1] : b![2]);
  const unit = (p ? p[2] ?? 's' : b![3]!).toLowerCase();
  const s = unit === 'ms' ? value / 1000 : value;
  if (s > MAX_BREAK_S) throw new KokoroError('bad-text', `break ${JSON.stringify(markup)} is ${s} s; the longest is ${MAX_BREAK_S} s`, 'split the text, or use several shorter breaks');
  return s;
}

/**
 * Cuts the text at inline breaks, `[pause:0.8]` and SSML-style `<break time="800ms"/>` (pure). Each
 * segment keeps its offsets in the input (a slice of the tracked text); the markup itself is not
 * spoken. Breaks in a row add up; a break at the very start becomes leading silence.
 */
export function splitBreaks(text: TrackedText): { segments: Segment[]; leadingS: number } {
  const segments: Segment[] = [];
  let from = 0;
  let leadingS = 0;
  for (const m of text.text.matchAll(MARKUP)) {
    const s = secondsOf(m[0]);
    const piece = text.slice(from, m.index);
    if (/[\p{L}\p{N}]/u.test(piece.text)) {
      segments.push({ text: piece, pauseAfterS: s });
    } else if (segments.length > 0) {
      const last = segments.pop()!;
      segments.push({ text: last.text, pauseAfterS: last.pauseAfterS + s });
    } else leadingS += s;
    from = m.index + m[0].length;
  }
  const tail = text.slice(from);
  if (/[\p{L}\p{N}]/u.test(tail.text) || segments.length === 0) segments.push({ text: tail, pauseAfterS: 0 });
  return { segments, leadingS };
}
