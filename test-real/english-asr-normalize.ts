import { editDistance } from '../src/util/edit-distance';
import { spokenNumbersToDigits } from './spoken-numbers';

/**
 * English text -> the words a speech-recognition score compares (pure), in the spirit of Whisper's
 * English normaliser: what differs only in how a heard word is written is not an error. Case,
 * punctuation, brackets, apostrophes and dotted or spelled-out abbreviations (T.T.S., "t t s")
 * vanish; contractions expand; currency and percent become words after the amount; number words
 * become digits (spoken-numbers.ts); British spellings become American; a few spoken abbreviations
 * ("et cetera", "mister") take their written form. Reference and hypothesis go through the same
 * function, whichever G2P path produced the audio.
 */

const CURRENCY: Record<string, string> = { $: 'dollars', '£': 'pounds', '€': 'euros', '¥': 'yen', '¢': 'cents' };

const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'is not'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ll\b/g, ' will'],
  [/'ve\b/g, ' have'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
];

/** Spoken forms -> the written form both sides are scored in. */
const PHRASES: [RegExp, string][] = [
  [/\bet cetera\b|\betcetera\b/g, 'etc'],
  [/\bper cent\b/g, 'percent'],
  [/\bokay\b/g, 'ok'],
];
const WORDS: Record<string, string> = { mister: 'mr', missus: 'mrs', misses: 'mrs', doctor: 'dr', versus: 'vs', saint: 'st' };

/** British spellings (and their inflections) -> American. */
const BRITISH: Record<string, string> = {
  colour: 'color', favour: 'favor', favourite: 'favorite', honour: 'honor', labour: 'labor', neighbour: 'neighbor',
  behaviour: 'behavior', harbour: 'harbor', humour: 'humor', rumour: 'rumor', flavour: 'flavor', odour: 'odor',
  vapour: 'vapor', endeavour: 'endeavor', parlour: 'parlor', armour: 'armor', vigour: 'vigor', glamour: 'glamor',
  centre: 'center', theatre: 'theater', metre: 'meter', litre: 'liter', fibre: 'fiber', calibre: 'caliber', sombre: 'somber', spectre: 'specter',
  catalogue: 'catalog', dialogue: 'dialog', analogue: 'analog', programme: 'program', grey: 'gray', tyre: 'tire', cheque: 'check',
  defence: 'defense', offence: 'offense', licence: 'license', pretence: 'pretense', aluminium: 'aluminum', jewellery: 'jewelry',
  plough: 'plow', sceptic: 'skeptic', sceptical: 'skeptical', mould: 'mold', moustache: 'mustache', pyjamas: 'pajamas',
  ageing: 'aging', judgement: 'judgment', manoeuvre: 'maneuver', storey: 'story', kerb: 'curb', draught: 'draft',
  travelled: 'traveled', travelling: 'traveling', traveller: 'traveler', cancelled: 'canceled', cancelling: 'canceling',
  modelled: 'modeled', modelling: 'modeling', labelled: 'labeled', labelling: 'labeling', fuelled: 'fueled', signalled: 'signaled',
  analyse: 'analyze', analysed: 'analyzed', analysing: 'analyzing', paralyse: 'paralyze', paralysed: 'paralyzed',
};
/** Stems whose -ise/-ised/-ising/-isation forms are -ize in American spelling. */
const ISE_STEMS = ['organ', 'real', 'recogn', 'apolog', 'minim', 'maxim', 'optim', 'standard', 'priorit', 'summar', 'visual', 'emphas', 'critic', 'author', 'civil', 'modern', 'memor', 'special', 'general', 'final', 'util', 'categor', 'character', 'symbol', 'famil', 'normal', 'global', 'capital', 'central', 'synchron', 'custom', 'colon', 'agon', 'sympath', 'theor', 'harmon', 'item', 'patron', 'jeopard', 'fertil', 'steril', 'stabil', 'legal', 'local', 'natural', 'personal', 'vocal', 'hospital', 'mobil', 'neutral', 'initial', 'serial'];
const ISE = new RegExp(`^(${ISE_STEMS.join('|')})is(e|es|ed|ing|ation|ations|er|ers)$`);

function americanSpelling(w: string): string {
  const direct = BRITISH[w] ?? BRITISH[w.replace(/s$/, '')];
  if (direct) return BRITISH[w] ?? `${direct}s`;
  const m = ISE.exec(w);
  return m ? `${m[1]}iz${m[2]}` : w;
}

/** Runs of two or more single letters (a spelled-out abbreviation, "t t s") joined; "a" and "i" stay words. */
function joinSpelledLetters(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run) out.push(run);
    run = '';
  };
  for (const t of tokens) {
    if (/^\p{L}$/u.test(t) && t !== 'a' && t !== 'i') run += t;
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
}

/** The scored words of an English text (see the file comment). */
export function englishAsrWords(text: string): string[] {
  let s = text.normalize('NFKC').toLowerCase().replace(/[‘’`´]/g, "'");
  s = s.replace(/\[[^\]]*\]|\([^)]*\)/g, ' ');
  s = s.replace(/(\d),(?=\d{3}\b)/g, '$1');
  s = s.replace(/([$£€¥¢])\s?(\d+(?:\.\d+)?)(\s+(?:hundred|thousand|million|billion|trillion)\b)?/g, (_, c: string, n: string, m: string | undefined) => ` ${n}${m ?? ''} ${CURRENCY[c]} `);
  s = s.replace(/%/g, ' percent ');
  s = s.replace(/(\d)(?:\s*)(st|nd|rd|th)\b/g, '$1$2');
  for (const [re, to] of CONTRACTIONS) s = s.replace(re, to);
  s = s.replace(/(\p{L})\.(?=\p{L})/gu, '$1'); // T.T.S -> tts
  s = s.replace(/'/g, '');
  s = s.replace(/(?<!\d)\.|\.(?!\d)/g, ' '); // dots other than a decimal point
  s = s.replace(/[^\p{L}\p{N}.]+/gu, ' ');
  for (const [re, to] of PHRASES) s = s.replace(re, to);
  const tokens = s.trim().split(/\s+/).filter(Boolean).map((w) => WORDS[w] ?? americanSpelling(w));
  return joinSpelledLetters(spokenNumbersToDigits(tokens));
}

/**
 * Words of one side that, joined with the next, make a word of the other side, joined ("log book"
 * against "logbook", "pan gram" against "pangram"): a compound written open, hyphenated or closed is
 * one word either way. Applied to both sides alike.
 */
export function joinCompounds(a: readonly string[], b: readonly string[]): [string[], string[]] {
  const join = (xs: readonly string[], other: ReadonlySet<string>): string[] => {
    const out: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const pair = `${xs[i]}${xs[i + 1] ?? ''}`;
      if (i + 1 < xs.length && other.has(pair) && !other.has(xs[i]!)) {
        out.push(pair);
        i++;
      } else out.push(xs[i]!);
    }
    return out;
  };
  return [join(a, new Set(b)), join(b, new Set(a))];
}

/** Word error rate of an English transcript with both texts normalised as above. */
export function englishWordErrorRate(reference: string, hypothesis: string): { errors: number; words: number; rate: number } {
  const ref = englishAsrWords(reference);
  const [r, h] = joinCompounds(ref, englishAsrWords(hypothesis));
  const errors = editDistance(r, h);
  // The reference's own word count: the same for every hypothesis it is scored against.
  return { errors, words: ref.length, rate: ref.length ? errors / ref.length : h.length ? 1 : 0 };
}

/** The word errors of a transcript after the same normalisation, in order: "spit->spid", "-i" (missed), "+that" (added). */
export function englishWordEdits(reference: string, hypothesis: string): string[] {
  const [a, b] = joinCompounds(englishAsrWords(reference), englishAsrWords(hypothesis));
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  const edits: string[] = [];
  // From the end: a match, else a word added or missed, else a substitution (ties read the natural way).
  for (let i = a.length, j = b.length; i > 0 || j > 0; ) {
    if (i > 0 && j > 0 && a[i - 1] === b[j - 1] && d[i]![j] === d[i - 1]![j - 1]) {
      i--;
      j--;
    } else if (j > 0 && d[i]![j] === d[i]![j - 1]! + 1) edits.push(`+${b[--j]}`);
    else if (i > 0 && d[i]![j] === d[i - 1]![j]! + 1) edits.push(`-${a[--i]}`);
    else edits.push(`${a[--i]}->${b[--j]}`);
  }
  return edits.reverse();
}
