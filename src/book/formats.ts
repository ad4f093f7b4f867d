import { id3Tag } from './id3';
import { mp3Frames } from './mp3';
import { OPUS_LEAD_MS, OPUS_MAX_CHAPTERS, OpusBookStream, opusChapter } from './opus';
import type { BookTags } from './types';

export type BookFormat = 'mp3' | 'opus';
export const BOOK_FORMATS: readonly BookFormat[] = ['mp3', 'opus'];

/** A book's output format from the output's name: .mp3, or .opus / .ogg; null for anything else. */
export function bookFormatOfPath(path: string): BookFormat | null {
  if (/\.mp3$/i.test(path)) return 'mp3';
  if (/\.(opus|ogg)$/i.test(path)) return 'opus';
  return null;
}

/** A book written in parts: the head (tags and chapter table), then each chapter's audio in order. */
export interface BookWriter {
  readonly head: Uint8Array;
  chapter(file: Buffer, last: boolean): Uint8Array;
}

/** What assembling a book needs to know of its format. Chapter work files are complete files of the format. */
export interface BookAudio {
  /** The extension of chapter work files and --split files. */
  readonly ext: string;
  /** The most chapters one file's chapter table holds. */
  readonly maxChapters: number;
  /** A player drops this much of the book's start (Opus pre-skip): each chapter after the first starts that much earlier. */
  readonly leadMs: number;
  /** How long a chapter work file lasts inside the assembled book, ms. */
  chapterMs(file: Buffer): number;
  writer(tags: BookTags): BookWriter;
}

const mp3: BookAudio = {
  ext: '.mp3',
  maxChapters: 255, // an ID3 CTOC counts its entries in one byte
  leadMs: 0,
  chapterMs: (file) => mp3Frames(file).ms,
  writer: (tags) => ({ head: id3Tag(tags), chapter: (file) => file.subarray(mp3Frames(file).start) }),
};

const opus: BookAudio = {
  ext: '.opus',
  maxChapters: OPUS_MAX_CHAPTERS,
  leadMs: OPUS_LEAD_MS,
  chapterMs: (file) => opusChapter(file).samples / 48,
  writer(tags) {
    const stream = new OpusBookStream();
    return { head: stream.header(tags), chapter: (file, last) => stream.chapter(opusChapter(file), last) };
  },
};

export const bookAudioOf = (format: BookFormat): BookAudio => (format === 'mp3' ? mp3 : opus);

/** One --split file: a chapter work file with tags of its own. */
export function singleFile(audio: BookAudio, file: Buffer, tags: BookTags): Buffer {
  const w = audio.writer(tags);
  return Buffer.concat([w.head, w.chapter(file, true)]);
}
