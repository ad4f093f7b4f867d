import { NO_CONTEXT, type Context, type MisakiLexicon } from './lexicon';
import { applyStress, CONSONANTS, PRIMARY, stressWeight, VOWELS } from './stress';
import type { Token } from './tokens';

/**
 * misaki's G2P over one sentence's tagged tokens (misaki 0.9.4 en.py, G2P.__call__): tokens split
 * further (camelCase, hyphens, digits), punctuation kept as Kokoro symbols, tokens that touch grouped
 * into one written word ("does"+"n't", "well"+"-"+"known"), then words resolved right to left so each
 * sees what follows ("the" before a vowel, "to" before a vowel, "used to"). A group is looked up
 * whole, then by its longest known pieces; a word the lexicon lacks goes to `fallback` (espeak).
 */

/** One spoken word: its phonemes and the sentence span it speaks. */
export interface Word {
  phonemes: string;
  readonly start: number;
  readonly end: number;
  /** Whitespace after it in the sentence. */
  readonly whitespace: string;
}

export type Fallback = (text: string) => Promise<string | null>;

interface Sub {
  readonly text: string;
  readonly tag: string;
  readonly start: number;
  readonly end: number;
  whitespace: string;
  phonemes: string | null;
  prespace: boolean;
}

const SUBTOKEN = /^['‘’]+|\p{Lu}(?=\p{Lu}\p{Ll})|(?:^-)?(?:\d?[,.]?\d)+|[-_]+|['‘’]{2,}|\p{L}*?(?:['‘’]\p{L})*?\p{Ll}(?=\p{Lu})|\p{L}+(?:['‘’]\p{L})*|[^-_\p{L}'‘’\d]|['‘’]+$/gu;
const JUNK = new Set("',-._‘’/");
const PUNCTS = new Set(';:,.!?—…"“”');
const NON_QUOTE_PUNCTS = new Set(';:,.!?—…');
const PUNCT_TAGS = new Set(['.', ',', '-LRB-', '-RRB-', '``', '""', "''", ':', '$', '#', 'NFP']);
const PUNCT_TAG_PHONEMES: Record<string, string> = { '-LRB-': '(', '-RRB-': ')', '``': '“', '""': '”', "''": '”' };
const isJunk = (s: string): boolean => [...s].every((c) => JUNK.has(c));

/** A token cut as misaki's subtokenize does ("OpenAI" -> "Open" "AI", "well-known" -> "well" "-" "known"). */
function subtokens(t: Token): Sub[] {
  const subs: Sub[] = [...t.text.matchAll(SUBTOKEN)].map((m) => ({
    text: m[0], tag: t.tag, start: t.start + m.index, end: t.start + m.index + m[0].length, whitespace: '', phonemes: null, prespace: false,
  }));
  if (subs.length === 0) subs.push({ text: t.text, tag: t.tag, start: t.start, end: t.end, whitespace: '', phonemes: null, prespace: false });
  subs[subs.length - 1]!.whitespace = t.whitespace;
  return subs;
}

/** misaki's retokenize: punctuation gets its symbol; touching tokens form groups (arrays). */
function retokenize(tokens: readonly Token[]): (Sub | Sub[])[] {
  const words: (Sub | Sub[])[] = [];
  for (const token of tokens) {
    for (const tk of subtokens(token)) {
      if (tk.tag === ':' && (tk.text === '-' || tk.text === '–')) tk.phonemes = '—';
      else if (PUNCT_TAGS.has(tk.tag) && ![...tk.text].every((c) => /[a-z]/i.test(c))) {
        tk.phonemes = PUNCT_TAG_PHONEMES[tk.tag] ?? [...tk.text].filter((c) => PUNCTS.has(c)).join('');
      } else if (!/[\p{L}\p{N}]/u.test(tk.text) && /^[\p{P}\p{S}]+$/u.test(tk.text) && !JUNK.has(tk.text)) {
        // Punctuation the tagger did not tag as such (a dash it calls a noun): what Kokoro can say of it.
        tk.phonemes = [...tk.text].filter((c) => PUNCTS.has(c)).join('') || null;
      }
      const last = words[words.length - 1];
      if (tk.phonemes !== null) words.push(tk);
      else if (Array.isArray(last) && last[last.length - 1]!.whitespace === '') last.push(tk);
      else words.push(tk.whitespace ? tk : [tk]);
    }
  }
  return words.map((w) => (Array.isArray(w) && w.length === 1 ? w[0]! : w));
}

/** The tokens of a group read as one written word; its tag is the tag of its heaviest piece (capitals count 2). */
function merged(subs: readonly Sub[]): { text: string; tag: string } {
  let best = subs[0]!;
  let bestW = -1;
  for (const s of subs) {
    const w = [...s.text].reduce((k, c) => k + (c === c.toLowerCase() ? 1 : 2), 0);
    if (w > bestW) {
      best = s;
      bestW = w;
    }
  }
  return { text: subs.map((s, i) => s.text + (i < subs.length - 1 ? s.whitespace : '')).join(''), tag: best.tag };
}

function nextContext(ctx: Context, ps: string | null, text: string, tag: string): Context {
  let vowel = ctx.futureVowel;
  if (ps) {
    for (const c of ps) {
      if (NON_QUOTE_PUNCTS.has(c)) {
        vowel = undefined;
        break;
      }
      if (VOWELS.has(c) || CONSONANTS.has(c)) {
        vowel = VOWELS.has(c);
        break;
      }
    }
  }
  return { futureVowel: vowel, futureTo: text === 'to' || text === 'To' || (text === 'TO' && (tag === 'TO' || tag === 'IN')) };
}

/** misaki's resolve_tokens: spacing and stress between the pieces of one group. */
function resolveGroup(w: Sub[]): void {
  const text = merged(w).text;
  const kinds = new Set([...text].filter((c) => !JUNK.has(c)).map((c) => (/\p{L}/u.test(c) ? 0 : /\d/.test(c) ? 1 : 2)));
  const prespace = text.includes(' ') || text.includes('/') || kinds.size > 1;
  w.forEach((tk, i) => {
    if (tk.phonemes === null) {
      if (i === w.length - 1 && NON_QUOTE_PUNCTS.has(tk.text)) tk.phonemes = tk.text;
      else if (isJunk(tk.text)) tk.phonemes = '';
    } else if (i > 0) tk.prespace = prespace;
  });
  if (prespace) return;
  const indices = w.flatMap((tk, i) => (tk.phonemes ? [{ primary: tk.phonemes.includes(PRIMARY) ? 1 : 0, weight: stressWeight(tk.phonemes), i }] : []));
  if (indices.length === 2 && w[indices[0]!.i]!.text.length === 1) {
    const tk = w[indices[1]!.i]!;
    tk.phonemes = applyStress(tk.phonemes!, -0.5);
    return;
  }
  if (indices.length < 2 || indices.reduce((k, x) => k + x.primary, 0) <= Math.floor((indices.length + 1) / 2)) return;
  const demote = [...indices].sort((a, b) => a.primary - b.primary || a.weight - b.weight || a.i - b.i).slice(0, Math.floor(indices.length / 2));
  for (const { i } of demote) w[i]!.phonemes = applyStress(w[i]!.phonemes!, -0.5);
}

function joinGroup(w: readonly Sub[]): string {
  let ps = '';
  for (const tk of w) {
    if (tk.prespace && ps && !/\s$/.test(ps) && tk.phonemes) ps += ' ';
    ps += tk.phonemes ?? '';
  }
  return ps;
}

/** A sentence's tagged tokens -> spoken words, as misaki reads them (Kokoro v1.0 symbols: T for the flap). */
export async function misakiWords(tokens: readonly Token[], lexicon: MisakiLexicon, fallback: Fallback): Promise<Word[]> {
  const words = retokenize(tokens);
  let ctx: Context = NO_CONTEXT;
  for (let n = words.length - 1; n >= 0; n--) {
    const w = words[n]!;
    if (!Array.isArray(w)) {
      if (w.phonemes === null) w.phonemes = lexicon.word(w.text, w.tag, ctx)?.[0] ?? null;
      if (w.phonemes === null) w.phonemes = await fallback(w.text);
      ctx = nextContext(ctx, w.phonemes, w.text, w.tag);
      continue;
    }
    let left = 0;
    let right = w.length;
    let shouldFallback = false;
    while (left < right) {
      const piece = w.slice(left, right);
      const tk = piece.some((x) => x.phonemes !== null) ? null : merged(piece);
      const found = tk ? lexicon.word(tk.text, tk.tag, ctx) : null;
      if (found && tk) {
        w[left]!.phonemes = found[0];
        for (const x of w.slice(left + 1, right)) x.phonemes = '';
        ctx = nextContext(ctx, found[0], tk.text, tk.tag);
        right = left;
        left = 0;
      } else if (left + 1 < right) left++;
      else {
        right--;
        const last = w[right]!;
        if (last.phonemes === null) {
          if (isJunk(last.text)) last.phonemes = '';
          else {
            shouldFallback = true;
            break;
          }
        }
        left = 0;
      }
    }
    if (shouldFallback) {
      const ps = await fallback(merged(w).text);
      w.forEach((x, i) => (x.phonemes = i === 0 ? ps : ''));
      w[0]!.prespace = false;
      w.forEach((x) => (x.prespace = false));
    } else resolveGroup(w);
  }
  return words.map((w) => {
    const subs = Array.isArray(w) ? w : [w];
    const first = subs[0]!;
    const last = subs[subs.length - 1]!;
    const ps = Array.isArray(w) ? joinGroup(w) : w.phonemes ?? '';
    return { phonemes: ps.replaceAll('ɾ', 'T').replaceAll('ʔ', 't'), start: first.start, end: last.end, whitespace: last.whitespace };
  });
}
