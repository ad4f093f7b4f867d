import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_RATE } from '../spec';
import { fileSink } from '../audio/sink';
import { speak, TimingTrack, type Engine } from '../engine';
import { atomicWriteFile, isFile, writeAtomically } from '../util/fs';
import { bookAudioOf, singleFile, type BookAudio, type BookWriter } from './formats';
import { chapterFileOf, loadManifest, saveManifest, textHashOf, type AudioSettings, type ChapterRecord, type Manifest } from './manifest';
import { ProgressMeter, type BookProgress } from './progress';
import { chapterTimingFiles, chapterTimings, timingsFileOf, type ChapterTimings } from './timings';
import { wordsOf, type Book, type ChapterMark } from './types';

export interface BookRunOptions {
  readonly book: Book;
  /** 0-based indexes of the chapters to speak, in order. */
  readonly chapters: readonly number[];
  readonly settings: AudioSettings;
  readonly output: string;
  readonly workDir: string;
  /** A folder for one file per chapter and a playlist, or null. */
  readonly splitDir: string | null;
  /** A folder for each chapter's word timings and captions (--timestamps), or null. */
  readonly timingsDir: string | null;
  readonly clean: boolean;
  /** Each temp file's name as it is made; the returned function says it is gone (cleanup on interrupt). */
  readonly onTemp: (path: string) => () => void;
  readonly progress: (p: BookProgress) => void;
}

export interface BookRunResult {
  readonly chapters: readonly ChapterMark[];
  readonly spoken: number;
  readonly reused: number;
  readonly audioMs: number;
}

/** One chapter spoken into its work file: the pause, the title, the text; temp file renamed when complete. */
async function speakChapter(engine: Engine, o: BookRunOptions, title: string, text: string, path: string, onSamples: (n: number) => void): Promise<ChapterTimings | null> {
  const sink = await fileSink(path, o.settings.format, o.onTemp);
  const pause = new Int16Array(Math.round(o.settings.pauseSeconds * SAMPLE_RATE));
  sink.write(pause);
  // The pause is counted with the first chunk: alone, made in no time, it would show a wild real-time rate.
  let uncounted = pause.length;
  const spoken = o.settings.titles ? `${title.replace(/[.!?:;]?$/, '.')}\n\n${text}` : text;
  const track = o.timingsDir !== null ? new TimingTrack(spoken) : null;
  const chunks = engine.synthesize({ text: spoken, voice: o.settings.voice, speed: o.settings.speed, lang: o.settings.lang || undefined });
  await speak(chunks, sink, {
    onChunk: (c) => {
      track?.add(c);
      onSamples(c.samples.length + uncounted);
      uncounted = 0;
    },
  });
  return track && chapterTimings(track, spoken, pause.length);
}

/**
 * Speaks the chosen chapters into the work folder (each a file of its own in the book's format,
 * recorded in the manifest as soon as it is complete, so an interrupted run loses at most the
 * chapter it was speaking), then assembles the output: the format's head (tags, chapter table),
 * then each chapter's audio (`formats.ts`).
 */
export async function runBook(engine: Engine, o: BookRunOptions): Promise<BookRunResult> {
  const audio = bookAudioOf(o.settings.format);
  await mkdir(o.workDir, { recursive: true });
  await dropTemps(o.workDir);
  let manifest: Manifest = await loadManifest(o.workDir, o.settings);
  const records: ChapterRecord[] = [];
  const meter = new ProgressMeter(o.chapters.map((i) => wordsOf(o.book.chapters[i]!.text)), o.progress);
  for (const [n, i] of o.chapters.entries()) {
    const c = o.book.chapters[i]!;
    const textHash = textHashOf(c.title, c.text);
    const file = chapterFileOf(o.settings, textHash);
    const path = join(o.workDir, file);
    // The name stands for the settings and the text, so a file of that name is this chapter, finished
    // (chapter files appear only by rename), even if a kill came before the manifest recorded it.
    // With --timestamps a chapter spoken without them (an earlier run) is spoken again for its timings.
    const timings = join(o.workDir, timingsFileOf(file));
    const reuse = (await isFile(path)) && (o.timingsDir === null || (await isFile(timings)));
    if (!reuse) {
      meter.start(n);
      const t = await speakChapter(engine, o, c.title, c.text, path, (samples) => meter.audio((samples * 1000) / SAMPLE_RATE));
      if (t) await atomicWriteFile(timings, JSON.stringify(t));
    }
    const ms = audio.chapterMs(await readFile(path));
    const record: ChapterRecord = { title: c.title, textHash, file, ms };
    records.push(record);
    manifest = { ...manifest, chapters: { ...manifest.chapters, [String(i + 1)]: record } };
    await saveManifest(o.workDir, manifest);
    meter.finish(n, ms, reuse);
  }
  const marks: ChapterMark[] = [];
  let at = 0;
  for (const [n, r] of records.entries()) {
    marks.push({ title: r.title, startMs: Math.round(n === 0 ? 0 : at - audio.leadMs), endMs: Math.round(at + r.ms - audio.leadMs) });
    at += r.ms;
  }
  const narrator = `${o.settings.voice} (kokoro-ts)`;
  const book = o.book;
  await assemble(o, records, audio.writer({ title: book.title, author: book.author, narrator, language: book.language, cover: book.cover, chapters: marks }));
  if (o.splitDir !== null) await writeSplit(o, audio, records, narrator);
  if (o.timingsDir !== null) await writeTimings(o, records);
  if (o.clean) await rm(o.workDir, { recursive: true, force: true });
  else await dropStale(o.workDir, manifest);
  const spoken = meter.spoken;
  return { chapters: marks, spoken, reused: records.length - spoken, audioMs: at - audio.leadMs };
}

/** The output file from the work files, one chapter in memory at a time, renamed into place when complete. */
async function assemble(o: BookRunOptions, records: readonly ChapterRecord[], writer: BookWriter): Promise<void> {
  await writeAtomically(o.output, async (fh) => {
    await fh.write(writer.head);
    for (const [n, r] of records.entries()) await fh.write(writer.chapter(await readFile(join(o.workDir, r.file)), n === records.length - 1));
  }, o.onTemp);
}

const safeName = (s: string): string => s.replace(/[/\\:*?"<>|\x00-\x1f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'chapter';
/** A --split or --timestamps file's name without its extension: "NN - Title", numbered in book order. */
const chapterName = (n: number, count: number, title: string): string => `${String(n + 1).padStart(String(count).length, '0')} - ${safeName(title)}`;

/** --timestamps: each chapter's word timings (JSON) and captions (SRT, VTT), timed from the start of its own file. */
async function writeTimings(o: BookRunOptions, records: readonly ChapterRecord[]): Promise<void> {
  await mkdir(o.timingsDir!, { recursive: true });
  for (const [n, r] of records.entries()) {
    const t = JSON.parse(await readFile(join(o.workDir, timingsFileOf(r.file)), 'utf8')) as ChapterTimings;
    for (const f of chapterTimingFiles(t)) await atomicWriteFile(join(o.timingsDir!, `${chapterName(n, records.length, r.title)}${f.ext}`), f.content);
  }
}

/** --split: one tagged file per chapter and an .m3u playlist of them, in order. */
async function writeSplit(o: BookRunOptions, audio: BookAudio, records: readonly ChapterRecord[], narrator: string): Promise<void> {
  const dir = o.splitDir!;
  await mkdir(dir, { recursive: true });
  const lines = ['#EXTM3U'];
  for (const [n, r] of records.entries()) {
    const name = `${chapterName(n, records.length, r.title)}${audio.ext}`;
    const tags = { title: r.title, author: o.book.author, narrator, language: o.book.language, cover: null, chapters: [], track: `${n + 1}/${records.length}` };
    await atomicWriteFile(join(dir, name), singleFile(audio, await readFile(join(o.workDir, r.file)), tags));
    lines.push(`#EXTINF:${Math.round(r.ms / 1000)},${r.title}`, name);
  }
  await atomicWriteFile(join(dir, `${safeName(o.book.title)}.m3u`), `${lines.join('\n')}\n`);
}

/** Chapter files no chapter of the manifest points at any more (text changed since): removed. */
async function dropStale(dir: string, m: Manifest): Promise<void> {
  const keep = new Set(Object.values(m.chapters).flatMap((c) => [c.file, timingsFileOf(c.file)]));
  for (const f of await readdir(dir)) if (/^chapter-[0-9a-f]+\.(mp3|opus|json)$/.test(f) && !keep.has(f)) await rm(join(dir, f), { force: true });
}

/** Temp files a killed run left, chapters' and the manifest's (SIGKILL gives no chance to remove them): never complete, so never used. */
async function dropTemps(dir: string): Promise<void> {
  for (const f of await readdir(dir)) if (/^\.(chapter-.*|manifest\.json\..*)\.tmp$/.test(f)) await rm(join(dir, f), { force: true });
}
