import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../util/fs';
import { bookAudioOf, type BookFormat } from './formats';

/** What shapes a chapter's audio: a change of any of these makes every chapter be spoken again. */
export interface AudioSettings {
  readonly voice: string;
  readonly speed: number;
  /** The text's language from --lang, or '' for the voice's own. */
  readonly lang: string;
  readonly model: string;
  /** The chapter work files are in the book's format (encoding one from another would lose quality twice). */
  readonly format: BookFormat;
  readonly titles: boolean;
  readonly pauseSeconds: number;
}

export interface ChapterRecord {
  readonly title: string;
  /** sha256 of the chapter's title and text. */
  readonly textHash: string;
  /** The chapter's audio in the work folder (a name, not a path). */
  readonly file: string;
  readonly ms: number;
}

export interface Manifest {
  readonly version: 1;
  readonly settings: AudioSettings;
  readonly chapters: Readonly<Record<string, ChapterRecord>>;
}

export const MANIFEST = 'manifest.json';

export const textHashOf = (title: string, text: string): string => createHash('sha256').update(JSON.stringify([title, text])).digest('hex');

/** A chapter's audio file name: the same text under the same settings has the same name, anything else another. */
export function chapterFileOf(settings: AudioSettings, textHash: string): string {
  return `chapter-${createHash('sha256').update(JSON.stringify([settings, textHash])).digest('hex').slice(0, 20)}${bookAudioOf(settings.format).ext}`;
}

/** The work folder's manifest; none, unreadable, or from other settings: an empty one (everything is spoken). */
export async function loadManifest(dir: string, settings: AudioSettings): Promise<Manifest> {
  const empty: Manifest = { version: 1, settings, chapters: {} };
  try {
    const m = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
    return m.version === 1 && JSON.stringify(m.settings) === JSON.stringify(settings) ? m : empty;
  } catch {
    return empty;
  }
}

export function saveManifest(dir: string, m: Manifest): Promise<void> {
  return atomicWriteFile(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}
