import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_RATE } from '../spec';
import { fileSink } from '../audio/sink';
import { speak, type Engine } from '../engine';
import { atomicWriteFile, isFile, writeAtomically } from '../util/fs';
import { id3Tag, type ChapterMark } from './id3';
import { mp3Frames } from './mp3';
import { chapterFileOf, loadManifest, saveManifest, textHashOf, type AudioSettings, type ChapterRecord, type Manifest } from './manifest';
import { wordsOf, type Book } from './types';

export interface BookRunOptions {
  readonly book: Book;
  /** 0-based indexes of the chapters to speak, in order. */
  readonly chapters: readonly number[];
  readonly settings: AudioSettings;
  readonly output: string;
  readonly workDir: string;
  /** A folder for one file per chapter and a playlist, or null. */
  readonly splitDir: string | null;
  readonly clean: boolean;
  /** Each temp file's name as it is made; the returned function says it is gone (cleanup on interrupt). */
  readonly onTemp: (path: string) => () => void;
  readonly progress: (line: string) => void;
}

export interface BookRunResult {
  readonly chapters: readonly ChapterMark[];
  readonly spoken: number;
  readonly reused: number;
  readonly audioMs: number;
}

const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;
const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** One chapter spoken into its work file: the pause, the title, the text; temp file renamed when complete. */
async function speakChapter(engine: Engine, o: BookRunOptions, title: string, text: string, path: string): Promise<void> {
  const sink = await fileSink(path, o.settings.format, o.onTemp);
  sink.write(new Int16Array(Math.round(o.settings.pauseSeconds * SAMPLE_RATE)));
  const spoken = o.settings.titles ? `${title.replace(/[.!?:;]?$/, '.')}\n\n${text}` : text;
  await speak(engine.synthesize({ text: spoken, voice: o.settings.voice, speed: o.settings.speed, lang: o.settings.lang || undefined }), sink);
}

/**
 * Speaks the chosen chapters into the work folder (each a file of its own, recorded in the manifest
 * as soon as it is complete, so an interrupted run loses at most the chapter it was speaking), then
 * assembles the output: an ID3v2.4 tag with the chapter table, then each chapter's MPEG frames.
 */
export async function runBook(engine: Engine, o: BookRunOptions): Promise<BookRunResult> {
  await mkdir(o.workDir, { recursive: true });
  await dropTemps(o.workDir);
  let manifest: Manifest = await loadManifest(o.workDir, o.settings);
  const records: ChapterRecord[] = [];
  const words = o.chapters.map((i) => wordsOf(o.book.chapters[i]!.text));
  let spokenWords = 0;
  let spokenMs = 0;
  let audioMs = 0;
  let spoken = 0;
  for (const [n, i] of o.chapters.entries()) {
    const c = o.book.chapters[i]!;
    const textHash = textHashOf(c.title, c.text);
    const file = chapterFileOf(o.settings, textHash);
    const path = join(o.workDir, file);
    // The name stands for the settings and the text, so a file of that name is this chapter, finished
    // (chapter files appear only by rename), even if a kill came before the manifest recorded it.
    const reuse = await isFile(path);
    const c0 = performance.now();
    if (!reuse) await speakChapter(engine, o, c.title, c.text, path);
    const ms = mp3Frames(await readFile(path)).ms;
    const record: ChapterRecord = { title: c.title, textHash, file, ms };
    records.push(record);
    audioMs += ms;
    manifest = { ...manifest, chapters: { ...manifest.chapters, [String(i + 1)]: record } };
    await saveManifest(o.workDir, manifest);
    if (reuse) {
      o.progress(`chapter ${n + 1}/${o.chapters.length} already spoken (work folder), ${minutes(ms)} of audio`);
      continue;
    }
    spoken++;
    spokenWords += words[n]!;
    spokenMs += performance.now() - c0;
    const rate = ms / (performance.now() - c0);
    const left = words.slice(n + 1).reduce((a, b) => a + b, 0);
    const eta = spokenWords > 0 ? (left * spokenMs) / spokenWords / 1000 : 0;
    o.progress(`chapter ${n + 1}/${o.chapters.length} done, ${minutes(ms)} of audio, ${rate.toFixed(1)}x real time, ETA ${clock(eta)}`);
  }
  const marks: ChapterMark[] = [];
  let at = 0;
  for (const r of records) {
    marks.push({ title: r.title, startMs: Math.round(at), endMs: Math.round(at + r.ms) });
    at += r.ms;
  }
  const narrator = `${o.settings.voice} (kokoro-ts)`;
  const book = o.book;
  await assemble(o, records, id3Tag({ title: book.title, author: book.author, narrator, language: book.language, cover: book.cover, chapters: marks }));
  if (o.splitDir !== null) await writeSplit(o, records, narrator);
  if (o.clean) await rm(o.workDir, { recursive: true, force: true });
  else await dropStale(o.workDir, manifest);
  return { chapters: marks, spoken, reused: records.length - spoken, audioMs: at };
}

/** The output file from the work files, one chapter in memory at a time, renamed into place when complete. */
async function assemble(o: BookRunOptions, records: readonly ChapterRecord[], tag: Buffer): Promise<void> {
  await writeAtomically(o.output, async (fh) => {
    await fh.write(tag);
    for (const r of records) {
      const data = await readFile(join(o.workDir, r.file));
      await fh.write(data.subarray(mp3Frames(data).start));
    }
  }, o.onTemp);
}

const safeName = (s: string): string => s.replace(/[/\\:*?"<>|\x00-\x1f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'chapter';

/** --split: one tagged file per chapter and an .m3u playlist of them, in order. */
async function writeSplit(o: BookRunOptions, records: readonly ChapterRecord[], narrator: string): Promise<void> {
  const dir = o.splitDir!;
  await mkdir(dir, { recursive: true });
  const width = String(records.length).length;
  const lines = ['#EXTM3U'];
  for (const [n, r] of records.entries()) {
    const name = `${String(n + 1).padStart(width, '0')} - ${safeName(r.title)}.mp3`;
    const data = await readFile(join(o.workDir, r.file));
    const tag = id3Tag({ title: r.title, author: o.book.author, narrator, language: o.book.language, cover: null, chapters: [], track: `${n + 1}/${records.length}` });
    await atomicWriteFile(join(dir, name), Buffer.concat([tag, data.subarray(mp3Frames(data).start)]));
    lines.push(`#EXTINF:${Math.round(r.ms / 1000)},${r.title}`, name);
  }
  await atomicWriteFile(join(dir, `${safeName(o.book.title)}.m3u`), `${lines.join('\n')}\n`);
}

/** Chapter files no chapter of the manifest points at any more (text changed since): removed. */
async function dropStale(dir: string, m: Manifest): Promise<void> {
  const keep = new Set(Object.values(m.chapters).map((c) => c.file));
  for (const f of await readdir(dir)) if (/^chapter-[0-9a-f]+\.mp3$/.test(f) && !keep.has(f)) await rm(join(dir, f), { force: true });
}

/** Temp files a killed run left, chapters' and the manifest's (SIGKILL gives no chance to remove them): never complete, so never used. */
async function dropTemps(dir: string): Promise<void> {
  for (const f of await readdir(dir)) if (/^\.(chapter-.*|manifest\.json\..*)\.tmp$/.test(f)) await rm(join(dir, f), { force: true });
}
