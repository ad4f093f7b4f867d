import type createTagger from 'wink-pos-tagger';
import { preloadTaggerData } from './tagger-data';

/**
 * A sentence -> tagged tokens with their offsets, the way misaki sees it from spaCy: words, clitics cut
 * off ("does" "n't", "dog" "'s"), punctuation and hyphens apart, each with a Penn Treebank tag. The
 * tagger is wink-pos-tagger (Penn tags like en_core_web_sm's; see the commit that added it).
 */
export interface Token {
  readonly text: string;
  /** Penn Treebank tag (misaki's lexicon keys: VBD, VBN, NN..., and `` '' for quotes). */
  readonly tag: string;
  /** UTF-16 offsets in the sentence: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The text's whitespace after the token ('' when the next token touches it). */
  readonly whitespace: string;
}

interface WinkToken {
  readonly value: string;
  readonly tag: string;
  readonly pos: string;
}
let tagger: { tagSentence(s: string): WinkToken[] } | null = null;

/**
 * wink-pos-tagger, loaded on first use (its lexicon is large): only the misaki path pays for it. Its
 * word lists come from the build's JSON copy when there is one (tagger-data.ts: faster, less memory).
 */
function winkTagger(): { tagSentence(s: string): WinkToken[] } {
  if (tagger === null) {
    preloadTaggerData();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    tagger = (require('wink-pos-tagger') as typeof createTagger)() as unknown as { tagSentence(s: string): WinkToken[] };
  }
  return tagger;
}

const QUOTES = new Set(['"', '“', '”', '„', '«', '»']);
const OPENERS = /[\s(“[{—]$/;

/** spaCy's tag for a token wink tags otherwise (quotes, dashes, symbols). */
function pennTag(t: WinkToken, before: string): string {
  if (QUOTES.has(t.value)) return t.value === '“' || t.value === '«' || (t.value === '"' && (before === '' || OPENERS.test(before))) ? '``' : "''";
  if (/^[—–-]+$/.test(t.value) && t.pos !== 'HYPH') return ':';
  if (t.value === '…') return ':';
  return t.pos;
}

/** Tokens of one sentence with tags and offsets. A token the tagger rewrote (not found in the text) is skipped. */
export function tagTokens(sentence: string): Token[] {
  const tagged = winkTagger().tagSentence(sentence);
  const found: { t: WinkToken; start: number; end: number }[] = [];
  let at = 0;
  for (const t of tagged) {
    const start = sentence.indexOf(t.value, at);
    if (t.value === '' || start < 0 || sentence.slice(at, start).trim() !== '') continue;
    found.push({ t, start, end: start + t.value.length });
    at = start + t.value.length;
  }
  return found.map(({ t, start, end }, i) => {
    const next = found[i + 1]?.start ?? sentence.length;
    return { text: t.value, tag: pennTag(t, sentence.slice(0, start)), start, end, whitespace: sentence.slice(end, next) };
  });
}
