import { tidy, xhtmlText } from './xhtml';
import type { BookChapter } from './types';

/** Chapters of one HTML document: each h1 starts one (h2 when it has no h1); text before the first is its own when it has words. */
export function htmlChapters(source: string, untitled: string): { chapters: BookChapter[]; title: string } {
  const doc = xhtmlText(source);
  const level = doc.headings.some((h) => h.level === 1) ? 1 : 2;
  const heads = doc.headings.filter((h) => h.level === level);
  const chapters: BookChapter[] = [];
  const front = tidy(doc.text.slice(0, heads[0]?.at ?? Infinity));
  if (front !== '') chapters.push({ title: untitled, text: front });
  heads.forEach((h, i) => {
    // The heading itself is spoken as the chapter's title, so its text starts after it.
    const body = doc.text.slice(h.at, heads[i + 1]?.at ?? Infinity);
    chapters.push({ title: h.title, text: tidy(body.slice(body.indexOf(h.title) + h.title.length)) });
  });
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(source)?.[1]?.trim() ?? '';
  return { chapters, title };
}
