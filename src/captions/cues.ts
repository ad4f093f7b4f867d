import type { WordTiming } from '../engine/timings';

export interface Cue {
  readonly start: number;
  readonly end: number;
  readonly lines: string[];
}

export interface CueLimits {
  readonly maxLineChars: number;
  readonly maxLines: number;
  /** No cue is shorter than this (unless the audio is), seconds. */
  readonly minSeconds: number;
}

export const DEFAULT_CUE_LIMITS: CueLimits = { maxLineChars: 42, maxLines: 2, minSeconds: 0.5 };

interface Item {
  readonly word: WordTiming;
  /** The word as shown: with the punctuation that follows it in the input. */
  readonly shown: string;
  readonly sentenceEnd: boolean;
  readonly clauseEnd: boolean;
}

function itemsOf(words: readonly WordTiming[], input: string): Item[] {
  return words.map((w, i) => {
    const next = words[i + 1]?.charStart ?? input.length;
    const after = input.slice(w.charEnd, next);
    const punct = /^[^\s\p{L}\p{N}]*/u.exec(after)![0];
    return {
      word: w,
      shown: (w.text + punct).replace(/\s+/g, ' '),
      sentenceEnd: /[.!?…]/u.test(after) || /\n\s*\n/.test(after) || i === words.length - 1,
      clauseEnd: /[,;:—–]/u.test(after),
    };
  });
}

/** Greedy wrap into lines of at most `max` characters; a word longer than a line gets a line of its own. */
export function wrap(words: readonly string[], max: number): string[] {
  const lines: string[] = [];
  for (const w of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + w.length <= max) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines;
}

function fits(items: readonly Item[], l: CueLimits): boolean {
  return wrap(items.map((i) => i.shown), l.maxLineChars).length <= l.maxLines;
}

function cueOf(items: readonly Item[], l: CueLimits): Cue {
  return { start: items[0]!.word.start, end: items[items.length - 1]!.word.end, lines: wrap(items.map((i) => i.shown), l.maxLineChars) };
}

/**
 * Captions from word timings (pure): cues of at most `maxLines` lines of `maxLineChars`, ending at
 * sentence ends; a cue that would overflow is cut at its last clause end if it has one, else before
 * the word that does not fit. Cues shorter than `minSeconds` are lengthened into the silence after
 * them (never past the next cue or the audio's end), or joined to a neighbour when that fits.
 */
export function buildCues(words: readonly WordTiming[], input: string, audioSeconds: number, l: CueLimits = DEFAULT_CUE_LIMITS): Cue[] {
  const groups: Item[][] = [];
  let cur: Item[] = [];
  for (const item of itemsOf(words, input)) {
    if (cur.length > 0 && !fits([...cur, item], l)) {
      const clause = cur.map((c) => c.clauseEnd).lastIndexOf(true);
      if (clause >= 0 && clause < cur.length - 1) {
        groups.push(cur.slice(0, clause + 1));
        cur = cur.slice(clause + 1);
      }
      if (!fits([...cur, item], l)) {
        groups.push(cur);
        cur = [];
      }
    }
    cur.push(item);
    if (item.sentenceEnd) {
      groups.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) groups.push(cur);
  return lengthen(groups, l, audioSeconds);
}

function lengthen(groups: Item[][], l: CueLimits, audioSeconds: number): Cue[] {
  // Join a too-short group to a neighbour when the two fit in one cue.
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const span = g[g.length - 1]!.word.end - g[0]!.word.start;
    if (span >= l.minSeconds || groups.length === 1) continue;
    const nextStart = groups[i + 1]?.[0]!.word.start ?? audioSeconds;
    if (g[0]!.word.start + l.minSeconds <= nextStart) continue; // room to lengthen in place
    if (i > 0 && fits([...groups[i - 1]!, ...g], l)) {
      groups.splice(i - 1, 2, [...groups[i - 1]!, ...g]);
      i -= 2;
    } else if (i + 1 < groups.length && fits([...g, ...groups[i + 1]!], l)) {
      groups.splice(i, 2, [...g, ...groups[i + 1]!]);
      i -= 1;
    }
  }
  const cues = groups.map((g) => cueOf(g, l));
  return cues.map((c, i) => {
    const limit = Math.min(cues[i + 1]?.start ?? audioSeconds, audioSeconds);
    return c.end - c.start >= l.minSeconds ? c : { ...c, end: Math.max(c.end, Math.min(c.start + l.minSeconds, limit)) };
  });
}
