import type { BookChapter } from './types';

/** Markdown syntax that is not read aloud: images, link targets, emphasis marks, footnote markers, code fences. */
function plain(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|\*|_|`)(?=\S)([^*_`]*?\S)\1/g, '$2')
    .replace(/^\s*(>\s*)+/, '')
    .replace(/^\s*([-*+]|\d+\.)\s+/, '');
}

/**
 * Chapters of a Markdown text: a heading at `level` (1 = `#`; when the text has none at 1 and
 * `level` was not chosen, 2) starts one; deeper headings stay in it as spoken lines.
 * Text before the first heading is a chapter of its own when it has words.
 */
export function markdownChapters(source: string, level: number | undefined, untitled: string): BookChapter[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const headingLevel = (l: string): number => /^(#{1,6})\s+\S/.exec(l)?.[1]!.length ?? 0;
  const chosen = level ?? (lines.some((l) => headingLevel(l) === 1) ? 1 : 2);
  const chapters: { title: string; lines: string[] }[] = [{ title: untitled, lines: [] }];
  let fence = false;
  for (const l of lines) {
    if (/^\s*(```|~~~)/.test(l)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const h = headingLevel(l);
    const text = plain(l.replace(/^#{1,6}\s+/, '').replace(/\s#+\s*$/, ''));
    if (h === chosen) chapters.push({ title: text.trim(), lines: [] });
    else if (h > 0) chapters.at(-1)!.lines.push('', text, '');
    else if (!/^\s*([-*_]\s*){3,}$/.test(l)) chapters.at(-1)!.lines.push(text);
  }
  return chapters.map((c) => ({ title: c.title, text: c.lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() })).filter((c, i) => i > 0 || c.text !== '');
}
