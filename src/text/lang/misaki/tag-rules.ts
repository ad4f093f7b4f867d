import type { Token } from './tokens';

/**
 * Context rules that bring wink-pos-tagger's tags closer to en_core_web_sm's where misaki's homograph
 * readings depend on them (measured with scripts/compare-taggers.ts). Pure. `keys(word)` gives the
 * part-of-speech keys of a word's homograph entry (empty for an ordinary word); only words whose
 * reading depends on the tag are retagged, except "that" and "used", which misaki's rules read.
 */
const SUBJECTS = new Set(['i', 'you', 'he', 'she', 'we', 'they']);
const BE = new Set(['am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", "'re", "'m"]);
const NOUNISH = /^(NN|NNS|JJ)$/;
/** Tags after which a clause starts. */
const CLAUSE_START = new Set(['.', ',', ':', '``', "''", '-LRB-', 'CC']);
/** Tags that end a verb phrase right after a particle ("stay in and rest", "come in."). */
const PHRASE_END = new Set(['.', ',', ':', "''", 'CC']);
/** Degree adverbs: what follows is an adjective or adverb ("so close", "too close"), not a verb. */
const DEGREE = new Set(['so', 'too', 'very', 'quite', 'rather', 'fairly', 'extremely', 'pretty']);

export function spacyTags(tokens: readonly Token[], keys: (word: string) => readonly string[]): Token[] {
  const out = tokens.map((t) => ({ ...t }));
  out.forEach((t, i) => {
    const prev = out[i - 1];
    const next = out[i + 1];
    const lower = t.text.toLowerCase();
    const k = keys(lower);
    const verbal = k.some((x) => x === 'VERB' || x.startsWith('VB'));
    // A clause-initial "that" is a demonstrative (spaCy DT), not a relative pronoun (WDT).
    if (lower === 'that' && t.tag === 'WDT' && (!prev || CLAUSE_START.has(prev.tag))) t.tag = 'DT';
    // "that" right after a noun is a relative pronoun ("the ships that crept"), not a demonstrative.
    else if (lower === 'that' && t.tag === 'DT' && prev && /^NNS?$/.test(prev.tag)) t.tag = 'WDT';
    // A verb-or-adjective homograph after a degree adverb or a form of be is the adjective ("so close to", "is close").
    else if (verbal && /^VBP?$/.test(t.tag) && prev && (DEGREE.has(prev.text.toLowerCase()) || BE.has(prev.text.toLowerCase()))) t.tag = 'JJ';
    // "in" with nothing after it is a particle (spaCy RB/RP), which misaki stresses.
    else if (lower === 'in' && t.tag === 'IN' && (!next || PHRASE_END.has(next.tag))) t.tag = 'RP';
    // "used to" is the past habit (spaCy VBD), which misaki reads /just/.
    else if (lower === 'used' && t.tag === 'VBN' && next?.text.toLowerCase() === 'to' && prev && /^(PRP|NN|NNS|NNP)$/.test(prev.tag)) t.tag = 'VBD';
    else if (k.length > 0 && NOUNISH.test(t.tag) && prev) {
      const p = prev.text.toLowerCase();
      // to + verb, please + verb, subject pronoun + verb.
      if (verbal && (prev.tag === 'TO' || p === 'please')) t.tag = 'VB';
      else if (verbal && prev.tag === 'PRP' && SUBJECTS.has(p)) t.tag = k.includes('VBD') ? 'VBD' : 'VBP';
      // A past form right after a noun is its verb ("the thermometer read", "the sign read").
      else if (k.includes('VBD') && /^NNS?$/.test(t.tag) && /^(NN|NNS|NNP)$/.test(prev.tag)) t.tag = 'VBD';
      // be + adjective ("was content", "is present", "were minute").
      else if (BE.has(p) && t.tag !== 'JJ' && !(next && /^(DT|PRP\$)$/.test(next.tag))) t.tag = 'JJ';
    }
    // A capitalised first word the tagger took for a name, though the lexicon knows it as a verb ("Use a brush").
    if (i === 0 && t.tag === 'NNP' && (verbal || k.includes('NOUN')) && next && /^(DT|PRP\$|PRP)$/.test(next.tag)) t.tag = 'VB';
  });
  return out;
}
