import { TrackedText } from '../../tracked';

/** After these (and any closing quotes/brackets) a CJK sentence or clause ends; no space is needed. */
const CJK_GAP = /(?<=[。！？、，；!?;][」』”’）)\]】]*)\s*|(?<=[.!?…]["”’)\]]*)\s+|\n+/gu;

/**
 * Sentences and clauses of Japanese or Chinese text (pure): cut after 。！？、，； (full- or half-width
 * !?;, with any closing quotes or brackets), after . ! ? … followed by space (a decimal point is no
 * cut), and at line breaks. Each piece keeps its punctuation; the engine packs pieces into model
 * calls again, so cutting at commas costs no prosody, only keeps phonemizing units short.
 */
export function splitCjkSentences(text: TrackedText): TrackedText[] {
  const out: TrackedText[] = [];
  let from = 0;
  const take = (to: number): void => {
    const s = text.slice(from, to).trim();
    if (/[^\s\p{P}]/u.test(s.text)) out.push(s);
    else if (s.text !== '' && out.length > 0) out[out.length - 1] = TrackedText.concat([out[out.length - 1]!, s]);
  };
  for (const m of text.text.matchAll(CJK_GAP)) {
    if (m.index + m[0].length <= from) continue;
    take(m.index);
    from = m.index + m[0].length;
  }
  take(text.length);
  return out;
}
