import { TrackedText } from './tracked';

/**
 * The one sentence cutter (pure); what differs between languages is data. Every language cuts after a
 * terminator and any closing quotes or brackets after it, before whitespace, and at line breaks;
 * opening marks (¿ ¡ «) stay with the sentence they open. Each piece is trimmed; empty ones go.
 */
export interface SentenceRules {
  /** Marks that end a sentence when whitespace follows (. ! ? …; the Devanagari danda । ॥). */
  readonly terminators: string;
  /** Closing quotes and brackets that may follow a terminator and stay with its sentence. */
  readonly closers: string;
  /** A closer may stand one space after the terminator, as French sets it off (« Oui ! »): no cut falls before a closer. */
  readonly spacedClosers: boolean;
  /**
   * Marks that end a sentence or a clause with no space after them (CJK 。！？、，；), and the
   * closers that may follow them. A piece of punctuation alone (a closer cut off after such a mark)
   * then joins the piece before it.
   */
  readonly unspaced?: { readonly terminators: string; readonly closers: string };
}

/** Characters as a regex class: the few that mean something inside [] escaped. */
const charClass = (chars: string): string => `[${chars.replace(/[\]\\^-]/g, (c) => `\\${c}`)}]`;

const WORDY = /[^\s\p{P}]/u;

/** A splitter of text into sentences by `rules`. */
export function sentenceCutter(rules: SentenceRules): (text: TrackedText) => TrackedText[] {
  const [t, c] = [charClass(rules.terminators), charClass(rules.closers)];
  const spaced = rules.spacedClosers ? `(?<=${t}(?:\\s?${c})*)\\s+(?!${c})` : `(?<=${t}${c}*)\\s+`;
  const unspaced = rules.unspaced ? `(?<=${charClass(rules.unspaced.terminators)}${charClass(rules.unspaced.closers)}*)\\s*|` : '';
  const gap = new RegExp(`${unspaced}${spaced}|\\n+`, 'gu');
  const joinsPunctuation = rules.unspaced !== undefined;
  return (text) => {
    const out: TrackedText[] = [];
    let from = 0;
    const take = (to: number): void => {
      const s = text.slice(from, to).trim();
      if (s.text === '') return;
      if (!joinsPunctuation || WORDY.test(s.text)) out.push(s);
      else if (out.length > 0) out[out.length - 1] = TrackedText.concat([out[out.length - 1]!, s]);
    };
    for (const m of text.text.matchAll(gap)) {
      take(m.index);
      from = m.index + m[0].length;
    }
    take(text.length);
    return out;
  };
}
