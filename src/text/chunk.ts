import { MAX_TOKENS } from '../spec';

/**
 * Packs phoneme text into model calls of at most `maxTokens` tokens (pure). Input strings must hold
 * vocabulary symbols only, so one code point is one token. Cuts prefer sentence ends, then clause
 * punctuation, then spaces between words; a single word longer than a call is cut as a last resort.
 * Nothing is dropped: the chunks joined with single spaces give back the sentences joined with spaces.
 */

const CLAUSE_CUT = /(?<=[,;:—…)”"]) /u;
const WORD_CUT = / /u;

function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Greedy packing of pieces joined by a space into strings of at most `max` code points. */
function pack(pieces: readonly string[], max: number, out: string[]): void {
  let cur = '';
  let curLen = 0;
  for (const piece of pieces) {
    const len = length(piece);
    if (curLen > 0 && curLen + 1 + len <= max) {
      cur += ` ${piece}`;
      curLen += 1 + len;
      continue;
    }
    if (curLen > 0) out.push(cur);
    cur = piece;
    curLen = len;
  }
  if (curLen > 0) out.push(cur);
}

function splitPiece(piece: string, max: number, level: number): string[] {
  if (length(piece) <= max) return [piece];
  if (level === 0) return splitPieces(piece.split(CLAUSE_CUT), max, 1);
  if (level === 1) return splitPieces(piece.split(WORD_CUT), max, 2);
  const cps = [...piece];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += max) out.push(cps.slice(i, i + max).join(''));
  return out;
}

function splitPieces(pieces: readonly string[], max: number, level: number): string[] {
  const small = pieces.filter((p) => p !== '').flatMap((p) => splitPiece(p, max, level));
  const out: string[] = [];
  pack(small, max, out);
  return out;
}

export function chunkPhonemes(sentences: readonly string[], maxTokens: number = MAX_TOKENS): string[] {
  if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > MAX_TOKENS) {
    throw new RangeError(`maxTokens must be an integer in 1..${MAX_TOKENS}, got ${maxTokens}`);
  }
  const trimmed = sentences.map((s) => s.trim()).filter((s) => s !== '');
  return splitPieces(trimmed, maxTokens, 0);
}
