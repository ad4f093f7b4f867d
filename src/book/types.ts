/** A book read from its file: what is spoken, chapter by chapter, and the tags the audio file carries. */
export interface BookChapter {
  readonly title: string;
  /** Plain text, paragraphs separated by blank lines. */
  readonly text: string;
}

export interface BookCover {
  readonly mime: string;
  readonly data: Buffer;
}

export interface Book {
  readonly title: string;
  readonly author: string;
  /** BCP 47 tag from the book's metadata, or '' when it gives none. */
  readonly language: string;
  readonly cover: BookCover | null;
  readonly chapters: readonly BookChapter[];
}

/** Why a book cannot be read: the CLI turns this into a one-line input error. */
export class BookError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'BookError';
  }
}

/** A chapter of the assembled file, in milliseconds from its start. */
export interface ChapterMark {
  readonly title: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** What an audio file of the book is tagged with, in each format's own fields. */
export interface BookTags {
  readonly title: string;
  readonly author: string;
  /** The voice that reads the book. */
  readonly narrator: string;
  /** The book's language tag (BCP 47). */
  readonly language: string;
  readonly cover: BookCover | null;
  readonly chapters: readonly ChapterMark[];
  /** Track number of a --split file, "n/total". */
  readonly track?: string;
}

export const wordsOf = (text: string): number => (text.match(/\S+/g) ?? []).length;
