import type { BookChapter } from './types';

/** Chapters of a plain text: each line `pattern` matches starts one, titled by that line; no match: one chapter. */
export function plainChapters(source: string, pattern: RegExp, untitled: string): BookChapter[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const line = new RegExp(pattern.source, pattern.flags.replace(/[gm]/g, ''));
  const chapters: { title: string; lines: string[] }[] = [{ title: untitled, lines: [] }];
  for (const l of lines) {
    if (line.test(l.trim())) chapters.push({ title: l.trim(), lines: [] });
    else chapters.at(-1)!.lines.push(l);
  }
  return chapters.map((c) => ({ title: c.title, text: c.lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() })).filter((c, i) => i > 0 || c.text !== '');
}
