/**
 * Which JavaScript tagger picks misaki's homograph pronunciations as en_core_web_sm does: for every
 * word of the reference (test/fixtures/misaki-en/reference.json) whose gold entry depends on the
 * part of speech, the pronunciation misaki's lexicon gives with each tagger's tag is compared with
 * the one spaCy's tag gave. Also the plain Penn-tag agreement over all words.
 *   npm run build && node dist/scripts/compare-taggers.js
 */
import nlp from 'compromise';
import { lexiconData } from '../src/text/lang/misaki/data';
import { MisakiLexicon } from '../src/text/lang/misaki/lexicon';
import { spacyTags } from '../src/text/lang/misaki/tag-rules';
import { tagTokens, type Token } from '../src/text/lang/misaki/tokens';
import { loadReference } from './misaki-eval';

type Tagged = { text: string; tag: string }[];

/** wink-pos-tagger (through tokens.ts), touching tokens merged into words, the heaviest piece's tag. */
function winkWords(s: string, rules = false): Tagged {
  const out: Tagged = [];
  let group: Token[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const w = (t: Token): number => [...t.text].reduce((k, c) => k + (c === c.toLowerCase() ? 1 : 2), 0);
    const best = group.reduce((a, b) => (w(b) > w(a) ? b : a));
    out.push({ text: group.map((t) => t.text).join(''), tag: best.tag });
    group = [];
  };
  const lex = new MisakiLexicon(lexiconData('us'), false);
  for (const t of rules ? spacyTags(tagTokens(s), (w) => lex.homographKeys(w)) : tagTokens(s)) {
    group.push(t);
    if (t.whitespace !== '') flush();
  }
  flush();
  return out;
}

function compromiseWords(s: string): Tagged {
  const doc = nlp(s).compute('penn');
  return (doc.json() as { terms: { text: string; penn?: string }[] }[]).flatMap((x) => x.terms.map((t) => ({ text: t.text, tag: t.penn ?? '' })));
}

const bare = (w: string): string => w.toLowerCase().replace(/[^\p{L}'’]/gu, '');

function main(): void {
  const lex = new MisakiLexicon(lexiconData('us'), false);
  const gold = lexiconData('us').gold;
  const taggers = { 'wink-pos-tagger': (s: string) => winkWords(s), 'wink-pos-tagger + tag-rules.ts': (s: string) => winkWords(s, true), 'compromise (penn)': compromiseWords };
  for (const [name, tag] of Object.entries(taggers)) {
    let words = 0;
    let same = 0;
    let homographs = 0;
    let homographsSame = 0;
    for (const s of loadReference()) {
      const ours = tag(s.normalized);
      let at = 0;
      for (const [text, spacyTag] of s.usTokens) {
        const k = ours.findIndex((o, i) => i >= at && bare(o.text) === bare(text));
        if (k < 0 || bare(text) === '') continue;
        at = k + 1;
        words++;
        if (ours[k]!.tag === spacyTag) same++;
        const key = text.toLowerCase();
        const entry = gold.get(key);
        if (entry !== undefined && typeof entry !== 'string') {
          homographs++;
          const ctx = { futureVowel: false, futureTo: false };
          if (lex.lookup(key, ours[k]!.tag, undefined, ctx)?.[0] === lex.lookup(key, spacyTag, undefined, ctx)?.[0]) homographsSame++;
        }
      }
    }
    console.log(`${name}: Penn tag as spaCy's ${same}/${words} (${((100 * same) / words).toFixed(1)}%); homograph reading as with spaCy's tag ${homographsSame}/${homographs} (${((100 * homographsSame) / homographs).toFixed(1)}%)`);
  }
}
main();
