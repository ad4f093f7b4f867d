import { MAX_TOKENS } from '../spec';
import { chunkPhonemes } from './chunk';

/**
 * Balanced packing of one segment (pure): the sentences between two hard cuts (an inline break or
 * the end of the text) into model calls of at most `maxTokens` tokens, as even in length as the
 * boundaries allow. Input strings hold vocabulary symbols only (one code point = one token).
 *
 * The rule, in order of priority (each later goal only among the plans best at the earlier ones):
 *  1. cut quality: the fewest hard cuts inside a word, then the fewest cuts between words inside a
 *     clause, then the fewest cuts at clause punctuation; sentence ends are free;
 *  2. the fewest chunks, never more than chunkPhonemes (greedy packing) makes;
 *  3. the shortest longest chunk;
 *  4. the smallest sum of squared chunk lengths (the most even plan with that longest chunk).
 * Greedy packing is one of the plans considered, so the result never cuts at worse places, never
 * has more chunks, and (with as many chunks) never has a longer chunk than chunkPhonemes. Found by
 * dynamic programming over words (the code points of a word longer than a call), in two passes:
 * 1-3 first, then 4 with the longest chunk held to what 3 found.
 *
 * A chunk is its words joined with single spaces (runs of spaces inside a chunk become one); a
 * segment that fits one chunk is returned exactly as chunkPhonemes returns it.
 */

const HARD = 0;
const WORD = 1;
const CLAUSE = 2;
const SENTENCE = 3;

const CLAUSE_END = /[,;:—…)”"]$/u;

interface Atom {
  readonly text: string;
  /** Where the atom starts and ends in the segment with runs of spaces made single (code points). */
  readonly start: number;
  readonly end: number;
  /** What a cut just before this atom cuts through. */
  readonly cut: number;
}

function atomsOf(sentences: readonly string[], max: number): Atom[] {
  const atoms: Atom[] = [];
  let at = 0;
  for (const sentence of sentences) {
    let cut = SENTENCE;
    for (const word of sentence.split(' ')) {
      if (word === '') continue;
      const prev = atoms[atoms.length - 1];
      if (prev) {
        if (cut !== SENTENCE) cut = CLAUSE_END.test(prev.text) ? CLAUSE : WORD;
        at += 1;
      }
      const cps = [...word];
      if (cps.length <= max) {
        atoms.push({ text: word, start: at, end: at + cps.length, cut });
        at += cps.length;
      } else {
        cps.forEach((c, i) => atoms.push({ text: c, start: at + i, end: at + i + 1, cut: i === 0 ? cut : HARD }));
        at += cps.length;
      }
      cut = WORD;
    }
  }
  return atoms;
}

/** [hard cuts, word cuts, clause cuts, last term (longest chunk or sum of squares)]. */
type Cost = [number, number, number, number];

function less(a: Cost, b: Cost): boolean {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

interface Table {
  /** cost[k][j]: the best plan of atoms [0, j) in exactly k chunks (null: none). */
  readonly cost: (Cost | null)[][];
  /** from[k][j]: where that plan's last chunk starts. */
  readonly from: number[][];
}

/** Plans of atoms [0, j) in k = 1..maxCount chunks of at most `cap` tokens; `last` folds a chunk length into the last term. */
function solve(atoms: readonly Atom[], maxCount: number, cap: number, last: (acc: number, len: number) => number): Table {
  const n = atoms.length;
  const cost: (Cost | null)[][] = [[[0, 0, 0, 0], ...Array<Cost | null>(n).fill(null)]];
  const from: number[][] = [Array<number>(n + 1).fill(-1)];
  for (let k = 1; k <= maxCount; k++) {
    const row: (Cost | null)[] = Array<Cost | null>(n + 1).fill(null);
    const fromRow = Array<number>(n + 1).fill(-1);
    const prevRow = cost[k - 1]!;
    for (let j = 1; j <= n; j++) {
      const end = atoms[j - 1]!.end;
      let best: Cost | null = null;
      for (let i = j - 1; i >= 0; i--) {
        const len = end - atoms[i]!.start;
        if (len > cap) break;
        const prev = prevRow[i];
        if (!prev) continue;
        const c: Cost = [prev[0], prev[1], prev[2], last(prev[3], len)];
        const cut = atoms[i]!.cut;
        if (i > 0 && cut !== SENTENCE) c[cut]!++;
        if (best === null || less(c, best)) {
          best = c;
          fromRow[j] = i;
        }
      }
      row[j] = best;
    }
    cost.push(row);
    from.push(fromRow);
  }
  return { cost, from };
}

function chunksOf(atoms: readonly Atom[], table: Table, count: number): string[] {
  const out: string[] = [];
  let j = atoms.length;
  for (let k = count; k > 0; k--) {
    const i = table.from[k]![j]!;
    let s = '';
    for (let a = i; a < j; a++) s += (a > i && atoms[a]!.cut !== HARD ? ' ' : '') + atoms[a]!.text;
    out.push(s);
    j = i;
  }
  return out.reverse();
}

export function balanceChunks(sentences: readonly string[], maxTokens: number = MAX_TOKENS): string[] {
  const greedy = chunkPhonemes(sentences, maxTokens); // validates maxTokens
  if (greedy.length <= 1) return greedy;
  const atoms = atomsOf(
    sentences.map((s) => s.trim()).filter((s) => s !== ''),
    maxTokens,
  );
  const n = atoms.length;
  // Pass 1: cut quality, then the fewest chunks, then the shortest longest chunk.
  const first = solve(atoms, greedy.length, maxTokens, Math.max);
  let count = 0;
  let best: Cost | null = null;
  for (let k = 1; k <= greedy.length; k++) {
    const c = first.cost[k]![n];
    if (c && (best === null || less([c[0], c[1], c[2], 0], [best[0], best[1], best[2], 0]))) {
      best = c;
      count = k;
    }
  }
  if (best === null) throw new Error('internal: no balanced plan, yet greedy packing found one');
  // Pass 2: as good cuts in as many chunks, none longer than that, the most even.
  const second = solve(atoms, count, best[3], (acc, len) => acc + len * len);
  return chunksOf(atoms, second, count);
}
