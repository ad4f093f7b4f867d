import { makeZip } from './zip-helpers';

export interface EpubChapter {
  readonly id: string;
  readonly title: string;
  /** The body's XHTML. */
  readonly body: string;
  /** Nested table-of-contents entries pointing at #fragments of this document. */
  readonly children?: readonly { readonly title: string; readonly fragment: string }[];
}

export interface EpubSpec {
  readonly version: 2 | 3;
  readonly title: string;
  readonly author: string;
  readonly chapters: readonly EpubChapter[];
  readonly cover?: Buffer;
  /** A spine entry whose file is left out of the zip. */
  readonly missingSpineFile?: boolean;
  readonly encrypted?: boolean;
}

const xhtml = (title: string, body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${title}</title><style>p { margin: 0 }</style></head><body>${body}</body></html>`;

/** An EPUB as a publishing tool writes one: mimetype first (stored), container, OPF, nav (3) or NCX (2), XHTML chapters. */
export function makeEpub(s: EpubSpec): Buffer {
  const files: { name: string; data: Buffer }[] = [];
  const add = (name: string, text: string | Buffer): void => void files.push({ name, data: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });
  add('mimetype', 'application/epub+zip');
  add('META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>');
  if (s.encrypted) add('META-INF/encryption.xml', '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>');
  const manifest = s.chapters.map((c) => `<item id="${c.id}" href="text/${c.id}.xhtml" media-type="application/xhtml+xml"/>`);
  const spine = s.chapters.map((c) => `<itemref idref="${c.id}"/>`);
  if (s.missingSpineFile) {
    manifest.push('<item id="gone" href="text/gone.xhtml" media-type="application/xhtml+xml"/>');
    spine.push('<itemref idref="gone"/>');
  }
  if (s.cover) manifest.push(`<item id="cover-img" href="images/cover.png" media-type="image/png"${s.version === 3 ? ' properties="cover-image"' : ''}/>`);
  if (s.version === 3) manifest.push('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
  else manifest.push('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>');
  add('OEBPS/content.opf', `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="${s.version}.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:test</dc:identifier><dc:title>${s.title}</dc:title><dc:creator>${s.author}</dc:creator><dc:language>en</dc:language>${s.cover && s.version === 2 ? '<meta name="cover" content="cover-img"/>' : ''}</metadata><manifest>${manifest.join('')}</manifest><spine${s.version === 2 ? ' toc="ncx"' : ''}>${spine.join('')}</spine></package>`);
  if (s.version === 3) {
    const li = s.chapters.map((c) => `<li><a href="text/${c.id}.xhtml">${c.title}</a>${c.children ? `<ol>${c.children.map((k) => `<li><a href="text/${c.id}.xhtml#${k.fragment}">${k.title}</a></li>`).join('')}</ol>` : ''}</li>`);
    add('OEBPS/nav.xhtml', xhtml('Contents', `<nav epub:type="toc"><h1>Contents</h1><ol>${li.join('')}</ol></nav>`));
  } else {
    let order = 0;
    const point = (title: string, src: string, inner = ''): string => `<navPoint id="p${++order}" playOrder="${order}"><navLabel><text>${title}</text></navLabel><content src="${src}"/>${inner}</navPoint>`;
    const points = s.chapters.map((c) => point(c.title, `text/${c.id}.xhtml`, (c.children ?? []).map((k) => point(k.title, `text/${c.id}.xhtml#${k.fragment}`)).join('')));
    add('OEBPS/toc.ncx', `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${s.title}</text></docTitle><navMap>${points.join('')}</navMap></ncx>`);
  }
  for (const c of s.chapters) add(`OEBPS/text/${c.id}.xhtml`, xhtml(c.title, c.body));
  if (s.cover) add('OEBPS/images/cover.png', s.cover);
  return makeZip(files.map((f, i) => ({ ...f, method: i === 0 ? 0 : 8 })));
}
