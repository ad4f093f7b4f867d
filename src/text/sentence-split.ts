import { cutAt } from './punctuation';
import type { TrackedText } from './tracked';

/**
 * A sentence splitter for a language's punctuation (pure): cut after a terminator (. ! ? … or the
 * Devanagari danda । ॥), with any closing quotes/brackets after it (French sets them off by a space:
 * « Oui ! »), before whitespace; and at line breaks. Opening marks (¿ ¡ «) stay with the sentence
 * they open.
 */
export function sentenceSplitter(terminators: string, closers: string): (text: TrackedText) => TrackedText[] {
  const esc = (s: string): string => s.replace(/[\]\\^-]/g, (c) => `\\${c}`);
  const gap = new RegExp(`(?<=[${esc(terminators)}](?:\\s?[${esc(closers)}])*)\\s+(?![${esc(closers)}])|\\n+`, 'gu');
  return (text) => cutAt(text, gap);
}
