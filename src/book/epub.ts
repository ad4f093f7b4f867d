import { posix } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { zipMember, zipNames } from '../util/zip';
import { tidy, xhtmlText, type XhtmlText } from './xhtml';
import { BookError, type Book, type BookChapter, type BookCover } from './types';

/** One element of a small XML document (container, OPF, NCX, nav), kept as a tree: these are a few kB. */
interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

function parseXml(source: string, what: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (t: SaxesTagPlain) => {
    const node: XmlNode = { name: t.name.replace(/^.*:/, '').toLowerCase(), attrs: t.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (s) => {
    for (const n of stack) n.text += s;
  });
  try {
    parser.write(source.replace(/<!DOCTYPE[^>]*>/i, '')).close();
  } catch (e) {
    throw new BookError(`${what} is not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  return root;
}

const all = (n: XmlNode, name: string): XmlNode[] => n.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
const first = (n: XmlNode, name: string): XmlNode | undefined => all(n, name)[0];
const attrOf = (n: XmlNode, name: string): string | undefined => Object.entries(n.attrs).find(([k]) => k === name || k.endsWith(`:${name}`))?.[1];

/** Font obfuscation (IDPF, Adobe) is not DRM: the text stays readable. */
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

interface TocEntry {
  readonly title: string;
  readonly file: string;
  readonly fragment: string | null;
}

/** A table-of-contents target, resolved against the document that names it. */
function target(base: string, href: string): { file: string; fragment: string | null } {
  const [path = '', fragment] = href.split('#');
  return { file: posix.normalize(posix.join(posix.dirname(base), decodeURIComponent(path))), fragment: fragment ? decodeURIComponent(fragment) : null };
}

/** EPUB 3: the nav document's toc, depth first (nested entries are chapters of their own). */
function navEntries(doc: XmlNode, path: string): TocEntry[] {
  const nav = all(doc, 'nav').find((n) => /\btoc\b/.test(attrOf(n, 'type') ?? '')) ?? first(doc, 'nav');
  if (!nav) return [];
  return all(nav, 'a').filter((a) => a.attrs.href).map((a) => ({ title: a.text.replace(/\s+/g, ' ').trim(), ...target(path, a.attrs.href!) }));
}

/** EPUB 2: the NCX navMap, depth first. */
function ncxEntries(doc: XmlNode, path: string): TocEntry[] {
  return all(doc, 'navpoint').flatMap((p) => {
    const label = first(p.children.find((c) => c.name === 'navlabel') ?? p, 'text');
    const src = p.children.find((c) => c.name === 'content')?.attrs.src;
    return src ? [{ title: (label?.text ?? '').replace(/\s+/g, ' ').trim(), ...target(path, src) }] : [];
  });
}

/**
 * An EPUB 2 or 3 read from memory: container → OPF (metadata, manifest, spine) → the spine's
 * documents in order, cut into chapters where the table of contents (nav, else NCX) points; with
 * no table, one chapter per spine document. `warn` hears what is skipped (an unreadable cover).
 */
export function readEpub(archive: Buffer, warn: (message: string) => void): Book {
  let names: string[];
  try {
    names = zipNames(archive);
  } catch (e) {
    throw new BookError(`not a readable zip archive (${(e as Error).message})`, 'an EPUB is a zip file: is the download complete?');
  }
  const member = (name: string, what: string): Buffer => {
    try {
      return zipMember(archive, name);
    } catch (e) {
      throw new BookError(`${what} ${name} cannot be read: ${(e as Error).message}`);
    }
  };
  if (!names.includes('META-INF/container.xml')) throw new BookError('not an EPUB: the zip has no META-INF/container.xml');
  if (names.includes('META-INF/encryption.xml')) {
    const enc = parseXml(member('META-INF/encryption.xml', 'the encryption list').toString('utf8'), 'META-INF/encryption.xml');
    const locked = all(enc, 'encrypteddata').filter((d) => !FONT_OBFUSCATION.has(first(d, 'encryptionmethod')?.attrs.Algorithm ?? ''));
    if (locked.length > 0) throw new BookError('the EPUB is DRM-encrypted: its content files cannot be read', 'only DRM-free books can be spoken');
  }
  const container = parseXml(member('META-INF/container.xml', 'the container').toString('utf8'), 'META-INF/container.xml');
  const opfPath = first(container, 'rootfile')?.attrs['full-path'];
  if (!opfPath) throw new BookError('not an EPUB: META-INF/container.xml names no package document');
  const opf = parseXml(member(opfPath, 'the package document').toString('utf8'), opfPath);
  const meta = first(opf, 'metadata');
  const dc = (name: string): string => (meta ? first(meta, name)?.text.replace(/\s+/g, ' ').trim() : undefined) ?? '';
  const items = new Map<string, { href: string; type: string; props: string }>();
  for (const it of all(opf, 'item')) {
    if (it.attrs.id && it.attrs.href) items.set(it.attrs.id, { href: posix.normalize(posix.join(posix.dirname(opfPath), decodeURIComponent(it.attrs.href))), type: it.attrs['media-type'] ?? '', props: it.attrs.properties ?? '' });
  }
  const spineNode = first(opf, 'spine');
  const spine = (spineNode ? all(spineNode, 'itemref') : []).filter((r) => r.attrs.linear !== 'no').map((r) => {
    const item = items.get(r.attrs.idref ?? '');
    if (!item) throw new BookError(`the spine names ${r.attrs.idref ?? '(no id)'}, which is not in the manifest`);
    if (!names.includes(item.href)) throw new BookError(`the spine points at ${item.href}, which is not in the EPUB`);
    return item.href;
  });
  if (spine.length === 0) throw new BookError('the EPUB has an empty spine: nothing to read');

  const navItem = [...items.values()].find((i) => /\bnav\b/.test(i.props));
  const ncxItem = items.get(spineNode?.attrs.toc ?? '') ?? [...items.values()].find((i) => i.type === 'application/x-dtbncx+xml');
  let toc: TocEntry[] = [];
  if (navItem && names.includes(navItem.href)) toc = navEntries(parseXml(member(navItem.href, 'the nav document').toString('utf8'), navItem.href), navItem.href);
  if (toc.length === 0 && ncxItem && names.includes(ncxItem.href)) toc = ncxEntries(parseXml(member(ncxItem.href, 'the NCX').toString('utf8'), ncxItem.href), ncxItem.href);

  const docs = new Map<string, XhtmlText>(spine.map((f) => [f, xhtmlText(member(f, 'the spine document').toString('utf8'))]));
  const chapters: BookChapter[] = [];
  const starts = toc
    .filter((t) => docs.has(t.file))
    .map((t) => ({ title: t.title, doc: spine.indexOf(t.file), at: t.fragment === null ? 0 : docs.get(t.file)!.anchors.get(t.fragment) ?? 0 }))
    .sort((a, b) => a.doc - b.doc || a.at - b.at);
  if (starts.length === 0) {
    spine.forEach((f, i) => {
      const d = docs.get(f)!;
      chapters.push({ title: d.headings[0]?.title ?? `Chapter ${i + 1}`, text: tidy(d.text) });
    });
  } else {
    // Text before the first entry (a title page, a dedication) has no entry of its own: it is kept when it has words.
    const front = spine.slice(0, starts[0]!.doc).map((f) => docs.get(f)!.text).join('\n\n') + docs.get(spine[starts[0]!.doc]!)!.text.slice(0, starts[0]!.at);
    if (tidy(front) !== '') chapters.push({ title: dc('title') || 'Opening', text: tidy(front) });
    starts.forEach((s, i) => {
      const next = starts[i + 1] ?? { doc: spine.length - 1, at: Infinity };
      const parts: string[] = [];
      for (let d = s.doc; d <= next.doc; d++) {
        const text = docs.get(spine[d]!)!.text;
        parts.push(text.slice(d === s.doc ? s.at : 0, d === next.doc ? next.at : undefined));
      }
      chapters.push({ title: s.title || `Chapter ${chapters.length + 1}`, text: tidy(parts.join('\n\n')) });
    });
  }

  const coverId = meta ? all(meta, 'meta').find((m) => m.attrs.name === 'cover')?.attrs.content : undefined;
  const coverItem = (coverId ? items.get(coverId) : undefined) ?? [...items.values()].find((i) => /\bcover-image\b/.test(i.props));
  let cover: BookCover | null = null;
  if (coverItem) {
    try {
      if (!/^image\/(jpeg|png)$/.test(coverItem.type)) throw new Error(`${coverItem.type || 'an unknown type'} is neither JPEG nor PNG`);
      cover = { mime: coverItem.type, data: zipMember(archive, coverItem.href) };
    } catch (e) {
      warn(`the cover ${coverItem.href} is left out: ${(e as Error).message}`);
    }
  }
  return { title: dc('title'), author: dc('creator'), language: dc('language'), cover, chapters: chapters.filter((c) => c.text !== '') };
}
