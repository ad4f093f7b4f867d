import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readEpub } from './epub';
import { htmlChapters } from './html';
import { markdownChapters } from './markdown';
import { plainChapters } from './plain';
import { BookError, type Book, type BookChapter } from './types';

export type BookInputKind = 'epub' | 'markdown' | 'text' | 'html';

export interface BookReadOptions {
  /** Markdown heading level that starts a chapter; undefined: 1, or 2 when there is no level-1 heading. */
  readonly chapterLevel: number | undefined;
  /** Plain text: a line this matches starts a chapter. */
  readonly chapterRegex: RegExp;
}

export function inputKindOfPath(path: string): BookInputKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.epub') return 'epub';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  return 'text';
}

/** A chapter whose text opens with its own title (the heading) does not say it twice: the title is spoken before it. */
function withoutTitle(c: BookChapter): BookChapter {
  const t = c.title.trim();
  return t !== '' && c.text.startsWith(t) ? { title: c.title, text: c.text.slice(t.length).trim() } : c;
}

/** The book in a file, by its extension. Throws BookError for what cannot be read as a book. */
export async function readBook(path: string, o: BookReadOptions, warn: (message: string) => void): Promise<Book> {
  const data = await readFile(path);
  const kind = inputKindOfPath(path);
  const name = basename(path, extname(path));
  let book: Book;
  if (kind === 'epub') book = readEpub(data, warn);
  else {
    const source = data.toString('utf8');
    if (kind === 'html') {
      const h = htmlChapters(source, name);
      book = { title: h.title || name, author: '', language: '', cover: null, chapters: h.chapters };
    } else {
      const chapters = kind === 'markdown' ? markdownChapters(source, o.chapterLevel, name) : plainChapters(source, o.chapterRegex, name);
      book = { title: name, author: '', language: '', cover: null, chapters };
    }
  }
  const chapters = book.chapters.map(withoutTitle).filter((c) => /\S/.test(c.text));
  if (chapters.length === 0) throw new BookError(`${basename(path)} has no text to speak`);
  return { ...book, chapters };
}
