import { capitalize, type Entry, type LexiconData } from './data';
import { applyStress, PRIMARY, SECONDARY, US_TAUS, type Stress } from './stress';

/**
 * Word -> phonemes by misaki's lexicon rules (misaki 0.9.4 en.py, class Lexicon): gold then silver
 * lexicon, part-of-speech homographs, special function words (a, the, to, in, I, used...), -s/-ed/-ing
 * stems, capitalised and all-capital words, letters of acronyms. Pure over the lexicon data.
 */

/** What the words after this one tell it (misaki's TokenContext). */
export interface Context {
  /** The next spoken sound is a vowel (true), a consonant (false), or there is none / punctuation (undefined). */
  readonly futureVowel: boolean | undefined;
  /** The next word is "to". */
  readonly futureTo: boolean;
}
export const NO_CONTEXT: Context = { futureVowel: undefined, futureTo: false };

/** Phonemes and misaki's confidence rating (4 gold, 3 silver/derived), or null when unknown. */
export type Found = readonly [phonemes: string, rating: number] | null;

const SYMBOLS: Record<string, string> = { '%': 'percent', '&': 'and', '+': 'plus', '@': 'at' };
const ADD_SYMBOLS: Record<string, string> = { '.': 'dot', '/': 'slash' };
const LEXICON_CHARS = /^[A-Za-z'-]*$/;
const isAlpha = (s: string): boolean => s.length > 0 && /^\p{L}+$/u.test(s);
const upper = (s: string): string => s.toUpperCase();
const lower = (s: string): string => s.toLowerCase();

/** A Penn tag's family as misaki's homograph entries name it (VERB, NOUN, ADV, ADJ), else the tag. */
export function parentTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  if (tag.startsWith('VB')) return 'VERB';
  if (tag.startsWith('NN')) return 'NOUN';
  if (tag.startsWith('ADV') || tag.startsWith('RB')) return 'ADV';
  if (tag.startsWith('ADJ') || tag.startsWith('JJ')) return 'ADJ';
  return tag;
}

export class MisakiLexicon {
  constructor(
    private readonly data: LexiconData,
    readonly british: boolean,
  ) {}

  private gold(w: string): Entry | undefined {
    return this.data.gold.get(w);
  }
  private silver(w: string): Entry | undefined {
    return this.data.silver.get(w);
  }

  /** Letters spelled out, the last stressed: "NASA" as an acronym, "U.S.". */
  getNNP(word: string): Found {
    const ps: string[] = [];
    for (const c of word) {
      if (!isAlpha(c)) continue;
      const p = this.gold(upper(c));
      if (typeof p !== 'string') return null;
      ps.push(p);
    }
    const s = applyStress(ps.join(''), 0);
    const cut = s.lastIndexOf(SECONDARY);
    return [cut < 0 ? s : s.slice(0, cut) + PRIMARY + s.slice(cut + 1), 3];
  }

  private specialCase(word: string, tag: string, stress: Stress, ctx: Context): Found {
    if (tag === 'ADD' && ADD_SYMBOLS[word]) return this.lookup(ADD_SYMBOLS[word]!, undefined, -0.5, ctx);
    if (SYMBOLS[word]) return this.lookup(SYMBOLS[word]!, undefined, undefined, ctx);
    const inner = word.replace(/^\.+|\.+$/g, '');
    if (inner.includes('.') && isAlpha(word.replaceAll('.', '')) && Math.max(...word.split('.').map((p) => p.length)) < 3) return this.getNNP(word);
    if (word === 'a' || word === 'A') return [tag === 'DT' ? 'ɐ' : 'ˈA', 4];
    if (word === 'am' || word === 'Am' || word === 'AM') {
      if (tag.startsWith('NN')) return this.getNNP(word);
      if (ctx.futureVowel === undefined || word !== 'am' || (stress !== undefined && stress > 0)) return [this.gold('am') as string, 4];
      return ['ɐm', 4];
    }
    if (word === 'an' || word === 'An' || word === 'AN') {
      if (word === 'AN' && tag.startsWith('NN')) return this.getNNP(word);
      return ['ɐn', 4];
    }
    if (word === 'I' && tag === 'PRP') return [`${SECONDARY}I`, 4];
    if ((word === 'by' || word === 'By' || word === 'BY') && parentTag(tag) === 'ADV') return ['bˈI', 4];
    if (word === 'to' || word === 'To' || (word === 'TO' && (tag === 'TO' || tag === 'IN'))) {
      return [ctx.futureVowel === undefined ? (this.gold('to') as string) : ctx.futureVowel ? 'tʊ' : 'tə', 4];
    }
    if (word === 'in' || word === 'In' || (word === 'IN' && tag !== 'NNP')) {
      return [(ctx.futureVowel === undefined || tag !== 'IN' ? PRIMARY : '') + 'ɪn', 4];
    }
    if (word === 'the' || word === 'The' || (word === 'THE' && tag === 'DT')) return [ctx.futureVowel === true ? 'ði' : 'ðə', 4];
    if (tag === 'IN' && /^vs\.?$/i.test(word)) return this.lookup('versus', undefined, undefined, ctx);
    if (word === 'used' || word === 'Used' || word === 'USED') {
      const used = this.gold('used') as Record<string, string>;
      return [(tag === 'VBD' || tag === 'JJ') && ctx.futureTo ? used.VBD! : used.DEFAULT!, 4];
    }
    return null;
  }

  /** The part-of-speech keys of a word's homograph entry (VERB, NOUN, VBD...), empty for any other word. */
  homographKeys(word: string): string[] {
    const e = this.gold(word) ?? this.gold(lower(word));
    return e === undefined || typeof e === 'string' ? [] : Object.keys(e).filter((k) => k !== 'DEFAULT');
  }

  isKnown(word: string): boolean {
    if (this.gold(word) !== undefined || SYMBOLS[word] || this.silver(word) !== undefined) return true;
    if (!isAlpha(word) || !LEXICON_CHARS.test(word)) return false;
    if (word.length === 1) return true;
    if (word === upper(word) && this.gold(lower(word)) !== undefined) return true;
    return word.slice(1) === upper(word.slice(1));
  }

  lookup(word: string, tag: string | undefined, stress: Stress, ctx: Context | null): Found {
    let isNNP: boolean | undefined;
    if (word === upper(word) && this.gold(word) === undefined) {
      word = lower(word);
      isNNP = tag === 'NNP';
    }
    let entry: Entry | undefined | null = this.gold(word);
    let rating = 4;
    if (entry === undefined && !isNNP) {
      entry = this.silver(word);
      rating = 3;
    }
    let ps: string | null | undefined;
    if (entry !== undefined && typeof entry !== 'string') {
      let t = tag;
      if (ctx && ctx.futureVowel === undefined && Object.hasOwn(entry, 'None')) t = 'None';
      else if (t === undefined || !Object.hasOwn(entry, t)) t = parentTag(t);
      ps = t !== undefined && Object.hasOwn(entry, t) ? entry[t] : entry.DEFAULT;
    } else ps = entry;
    if (ps === undefined || ps === null || (isNNP && !ps.includes(PRIMARY))) {
      const nnp = this.getNNP(word);
      if (nnp) return nnp;
    }
    if (ps === undefined || ps === null) return null;
    return [applyStress(ps, stress), rating];
  }

  private suffixS(stem: string | null): string | null {
    if (!stem) return null;
    const last = stem[stem.length - 1]!;
    if ('ptkfθ'.includes(last)) return `${stem}s`;
    if ('szʃʒʧʤ'.includes(last)) return `${stem}${this.british ? 'ɪ' : 'ᵻ'}z`;
    return `${stem}z`;
  }

  private stemS(word: string, tag: string | undefined, stress: Stress, ctx: Context | null): Found {
    if (word.length < 3 || !word.endsWith('s')) return null;
    let stem: string;
    if (!word.endsWith('ss') && this.isKnown(word.slice(0, -1))) stem = word.slice(0, -1);
    else if ((word.endsWith("'s") || (word.length > 4 && word.endsWith('es') && !word.endsWith('ies'))) && this.isKnown(word.slice(0, -2))) stem = word.slice(0, -2);
    else if (word.length > 4 && word.endsWith('ies') && this.isKnown(`${word.slice(0, -3)}y`)) stem = `${word.slice(0, -3)}y`;
    else return null;
    const found = this.lookup(stem, tag, stress, ctx);
    const ps = this.suffixS(found?.[0] ?? null);
    return ps === null ? null : [ps, found![1]];
  }

  private suffixEd(stem: string | null): string | null {
    if (!stem) return null;
    const last = stem[stem.length - 1]!;
    if ('pkfθʃsʧ'.includes(last)) return `${stem}t`;
    if (last === 'd') return `${stem}${this.british ? 'ɪ' : 'ᵻ'}d`;
    if (last !== 't') return `${stem}d`;
    if (this.british || stem.length < 2) return `${stem}ɪd`;
    if (US_TAUS.has(stem[stem.length - 2]!)) return `${stem.slice(0, -1)}ɾᵻd`;
    return `${stem}ᵻd`;
  }

  private stemEd(word: string, tag: string | undefined, stress: Stress, ctx: Context | null): Found {
    if (word.length < 4 || !word.endsWith('d')) return null;
    let stem: string;
    if (!word.endsWith('dd') && this.isKnown(word.slice(0, -1))) stem = word.slice(0, -1);
    else if (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed') && this.isKnown(word.slice(0, -2))) stem = word.slice(0, -2);
    else return null;
    const found = this.lookup(stem, tag, stress, ctx);
    const ps = this.suffixEd(found?.[0] ?? null);
    return ps === null ? null : [ps, found![1]];
  }

  private suffixIng(stem: string | null): string | null {
    if (!stem) return null;
    const last = stem[stem.length - 1]!;
    if (this.british) {
      if (last === 'ə' || last === 'ː') return null;
    } else if (stem.length > 1 && last === 't' && US_TAUS.has(stem[stem.length - 2]!)) return `${stem.slice(0, -1)}ɾɪŋ`;
    return `${stem}ɪŋ`;
  }

  private stemIng(word: string, tag: string | undefined, stress: Stress, ctx: Context | null): Found {
    if (word.length < 5 || !word.endsWith('ing')) return null;
    let stem: string;
    if (word.length > 5 && this.isKnown(word.slice(0, -3))) stem = word.slice(0, -3);
    else if (this.isKnown(`${word.slice(0, -3)}e`)) stem = `${word.slice(0, -3)}e`;
    else if (word.length > 5 && /([bcdgklmnprstvxz])\1ing$|cking$/.test(word) && this.isKnown(word.slice(0, -4))) stem = word.slice(0, -4);
    else return null;
    const found = this.lookup(stem, tag, stress, ctx);
    const ps = this.suffixIng(found?.[0] ?? null);
    return ps === null ? null : [ps, found![1]];
  }

  /** misaki's get_word: special cases, case folding, the lexicons, then -s/-ed/-ing stems. */
  getWord(word: string, tag: string, stress: Stress, ctx: Context): Found {
    const special = this.specialCase(word, tag, stress, ctx);
    if (special) return special;
    const wl = lower(word);
    if (
      word.length > 1 && isAlpha(word.replaceAll("'", '')) && word !== wl && (tag !== 'NNP' || word.length > 7) &&
      this.gold(word) === undefined && this.silver(word) === undefined &&
      (word === upper(word) || word.slice(1) === lower(word.slice(1))) &&
      (this.gold(wl) !== undefined || this.silver(wl) !== undefined ||
        [this.stemS, this.stemEd, this.stemIng].some((fn) => fn.call(this, wl, tag, stress, ctx) !== null))
    ) word = wl;
    if (this.isKnown(word)) return this.lookup(word, tag, stress, ctx);
    if (word.endsWith("s'") && this.isKnown(`${word.slice(0, -2)}'s`)) return this.lookup(`${word.slice(0, -2)}'s`, tag, stress, ctx);
    if (word.endsWith("'") && this.isKnown(word.slice(0, -1))) return this.lookup(word.slice(0, -1), tag, stress, ctx);
    return this.stemS(word, tag, stress, ctx) ?? this.stemEd(word, tag, stress, ctx) ?? this.stemIng(word, tag, stress ?? 0.5, ctx);
  }

  /** One word (as written, with its Penn tag) in context -> phonemes, or null (then espeak reads it). */
  word(text: string, tag: string, ctx: Context): Found {
    const word = text.replace(/[‘’]/g, "'").normalize('NFKC');
    const stress = word === lower(word) ? undefined : word === upper(word) ? 2 : 0.5;
    return this.getWord(word, tag, stress, ctx);
  }
}

export { capitalize };
