import { SaxesParser } from 'saxes';

/** A heading found in a document, with where its text starts in the extracted text. */
export interface Heading {
  readonly level: number;
  readonly title: string;
  readonly id: string | null;
  readonly at: number;
}

export interface XhtmlText {
  readonly text: string;
  readonly headings: readonly Heading[];
  /** Offsets in `text` of elements with an id, for nav/NCX links with a #fragment. */
  readonly anchors: ReadonlyMap<string, number>;
}

/** Elements whose content is never spoken: code, images, and the document head. */
const SKIPPED = new Set(['script', 'style', 'head', 'img', 'svg', 'math', 'sup', 'rt', 'rp', 'figure', 'aside', 'nav']);
/** epub:type values of footnote markers, notes and page numbers: read aloud they break the sentence. */
const SKIPPED_TYPES = /\b(noteref|pagebreak|footnote|endnote|rearnote|footnotes|endnotes)\b/;
const BLOCKS = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'tr', 'dt', 'dd', 'pre', 'hr', 'body']);

/**
 * The spoken text of an XHTML (or well-formed HTML) document: block elements end paragraphs,
 * skipped elements and their content are left out, headings h1-h6 are recorded. Loose HTML that is
 * not well-formed XML is read as far as saxes can (errors are ignored, not thrown).
 */
export function xhtmlText(source: string): XhtmlText {
  const parser = new SaxesParser({ xmlns: false });
  let text = '';
  const headings: Heading[] = [];
  const anchors = new Map<string, number>();
  const stack: { name: string; skip: boolean; heading: { level: number; start: number; id: string | null } | null }[] = [];
  let skipDepth = 0;
  const paragraph = (): void => {
    text = text.replace(/[ \t]+$/, '');
    if (text !== '' && !text.endsWith('\n\n')) text += text.endsWith('\n') ? '\n' : '\n\n';
  };
  parser.on('error', () => undefined);
  parser.on('opentag', (t) => {
    const name = t.name.toLowerCase().replace(/^.*:/, '');
    const attr = (k: string): string | undefined => {
      const v: unknown = t.attributes[k];
      return typeof v === 'string' ? v : undefined;
    };
    const type = attr('epub:type') ?? attr('role') ?? '';
    const skip = SKIPPED.has(name) || SKIPPED_TYPES.test(type) || /doc-(noteref|pagebreak|footnote|endnote)/.test(type) || attr('hidden') !== undefined;
    const id = attr('id') ?? null;
    if (id !== null && skipDepth === 0) anchors.set(id, text.length);
    if (skip) skipDepth++;
    if (BLOCKS.has(name) && skipDepth === 0) paragraph();
    const h = /^h([1-6])$/.exec(name);
    stack.push({ name, skip, heading: h && skipDepth === 0 ? { level: Number(h[1]), start: text.length, id } : null });
    if (t.isSelfClosing) close();
  });
  const close = (): void => {
    const e = stack.pop();
    if (!e) return;
    if (e.skip) skipDepth--;
    if (e.heading) {
      const title = text.slice(e.heading.start).replace(/\s+/g, ' ').trim();
      if (title !== '') headings.push({ level: e.heading.level, title, id: e.heading.id, at: e.heading.start });
    }
    if (BLOCKS.has(e.name) && skipDepth === 0) paragraph();
  };
  parser.on('closetag', (t) => {
    if (!t.isSelfClosing) close();
  });
  parser.on('text', (s) => {
    if (skipDepth === 0) text += s.replace(/\s+/g, ' ');
  });
  try {
    parser.write(source.replace(/<!DOCTYPE[^>]*>/i, '')).close();
  } catch {
    // A document that is not well-formed: keep what was read.
  }
  return { text, headings, anchors };
}

/** A stretch of extracted text made tidy for speaking: single blank lines between paragraphs, no edge space. */
export function tidy(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
