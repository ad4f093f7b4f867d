import type { Piece } from './markup';

/** Whether a text is SSML by its look: it starts with <speak> (after an XML declaration, if any). */
export function isSsml(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*\?>\s*)?<speak[\s>/]/u.test(text);
}

export function parseSsml(_text: string): Piece[] {
  throw new Error('not yet');
}
