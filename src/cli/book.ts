import { Option, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createEngine, requireDurations } from '../engine';
import { readBook, type BookReadOptions } from '../book/read';
import { BOOK_FORMATS, bookAudioOf, bookFormatOfPath, type BookFormat } from '../book/formats';
import { bookProgressPrinter } from '../book/progress';
import { runBook } from '../book/run';
import { BookError, wordsOf, type Book } from '../book/types';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { commaList } from '../util/list';
import { isDirectory } from '../util/fs';
import { engineDepsOf, engineOptionsOf, resolveEngineSettings, type EngineSettings } from './engine-settings';
import { downloadMissing } from './first-run';
import { checkOutputPath, trackTemp, writeStdout } from './io';
import { parseLangFlag } from './lang';
import { intFlag, numberFlag } from './parse';
import { addEngineFlags, configFor, isVerbose } from './settings';

interface BookFlags {
  output?: string;
  format?: BookFormat;
  list?: boolean;
  chapters?: string;
  chapterLevel?: number;
  chapterRegex?: string;
  split?: string;
  titles: boolean;
  chapterPause: number;
  workDir?: string;
  clean?: boolean;
  lang?: string;
  timestamps?: string | boolean;
}

/** Words a minute of speech, for --list's estimate before anything was measured. */
const WORDS_PER_MINUTE = 150;
const DEFAULT_CHAPTER_REGEX = '^(chapter|part)\\s+\\w+';

/** `--chapters 3-7,9` as 0-based indexes in book order; a number outside the book is a usage error. */
export function parseChapterList(spec: string, count: number): number[] {
  const picked = new Set<number>();
  for (const part of commaList(spec, 'keep')) {
    const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(part);
    if (!m) throw new KokoroError('usage', `--chapters ${spec}: "${part}" is not a number or a range`, 'for example --chapters 3-7,9');
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > count || from > to) throw new KokoroError('usage', `--chapters ${spec}: the book has chapters 1-${count}`, 'kokoro-ts book FILE --list shows them');
    for (let i = from; i <= to; i++) picked.add(i - 1);
  }
  return [...picked].sort((a, b) => a - b);
}

async function loadBook(input: string, f: BookFlags, cwd: string): Promise<Book> {
  let regex: RegExp;
  try {
    regex = new RegExp(f.chapterRegex ?? DEFAULT_CHAPTER_REGEX, 'i');
  } catch (e) {
    throw new KokoroError('usage', `--chapter-regex: ${messageOf(e)}`);
  }
  const o: BookReadOptions = { chapterLevel: f.chapterLevel, chapterRegex: regex };
  const path = resolve(cwd, input);
  try {
    return await readBook(path, o, (m) => process.stderr.write(`Warning: ${m}\n`));
  } catch (e) {
    if (e instanceof BookError) throw new KokoroError('input-unreadable', `${input}: ${e.message}`, e.hint, ExitCode.Io);
    if ((e as NodeJS.ErrnoException).code) throw new KokoroError('input-unreadable', `cannot read ${input}: ${messageOf(e)}`, undefined, ExitCode.Io);
    throw e;
  }
}

function listing(book: Book, picked: readonly number[]): string {
  const rows = picked.map((i) => {
    const c = book.chapters[i]!;
    const words = wordsOf(c.text);
    return `${String(i + 1).padStart(3)}  ${c.title}  ${words} words  ~${(words / WORDS_PER_MINUTE).toFixed(1)} min`;
  });
  const head = [book.title, book.author].filter((s) => s !== '').join(' — ');
  return `${head ? `${head}\n` : ''}${rows.join('\n')}\n`;
}

async function run(input: string, f: BookFlags, c: Command): Promise<void> {
  const cwd = process.cwd();
  const config = await configFor(c);
  if (f.list !== true && f.output === undefined) throw new KokoroError('usage', 'book needs -o OUT.mp3 (or --list)', 'kokoro-ts book novel.epub -o novel.mp3');
  const format = f.format ?? (f.output !== undefined ? bookFormatOfPath(f.output) : 'mp3');
  if (format === null) {
    throw new KokoroError('usage', `book writes MP3 or Ogg Opus (${f.output} asked)`, 'name the output NAME.mp3 or NAME.opus, or give --format mp3|opus; M4B is not made');
  }
  const audio = bookAudioOf(format);
  const book = await loadBook(input, f, cwd);
  const picked = f.chapters !== undefined ? parseChapterList(f.chapters, book.chapters.length) : book.chapters.map((_, i) => i);
  if (f.list) {
    await writeStdout(listing(book, picked));
    return;
  }
  const max = audio.maxChapters;
  if (picked.length > max) throw new KokoroError('usage', `${picked.length} chapters: one ${format === 'mp3' ? 'MP3' : 'Ogg Opus'} chapter table holds at most ${max}`, `speak it in parts with --chapters 1-${max}, ${max + 1}-...`);
  if ((f as { download?: boolean }).download) await downloadMissing(config, process.env, cwd);
  const engine: EngineSettings = await resolveEngineSettings(config, cwd, f.lang);
  const output = await checkOutputPath(f.output!, cwd);
  const workDir = f.workDir !== undefined ? resolve(cwd, f.workDir) : `${output}.work`;
  const splitDir = f.split !== undefined ? resolve(cwd, f.split) : null;
  if (splitDir !== null && (await isDirectory(splitDir)) === false && !(await isDirectory(dirname(splitDir)))) {
    throw new KokoroError('output-dir', `--split ${f.split}: the folder above it does not exist`, undefined, ExitCode.Io);
  }
  // With a folder named, there; else beside the --split files; else beside the output.
  const timingsDir = f.timestamps === undefined ? null : typeof f.timestamps === 'string' ? resolve(cwd, f.timestamps) : (splitDir ?? `${output}.timestamps`);
  const verbose = isVerbose(c);
  const e = await createEngine(engineOptionsOf(engine), { warn: (m) => process.stderr.write(`Warning: ${m}\n`), ...engineDepsOf(engine, availableParallelism()) });
  if (timingsDir !== null) requireDurations(e.contract.durationsOutput !== null, engine.modelPath, 'book --timestamps (word timings and captions)');
  const printer = bookProgressPrinter(process.stderr.isTTY === true, (s) => process.stderr.write(s));
  const r = await runBook(e, {
    book, chapters: picked, output, workDir, splitDir, timingsDir, clean: f.clean === true, onTemp: trackTemp,
    settings: { voice: engine.voice, speed: engine.speed, lang: engine.lang ?? '', model: engine.modelPath, format, titles: f.titles, pauseSeconds: f.chapterPause },
    progress: (p) => printer.update(p),
  }).finally(() => printer.end());
  if (verbose) process.stderr.write(`work folder ${f.clean ? 'removed' : workDir}\n`);
  process.stderr.write(`Wrote ${output} (${r.chapters.length} chapters, ${(r.audioMs / 60_000).toFixed(1)} min of audio; ${r.spoken} spoken, ${r.reused} from the work folder)\n`);
}

export function registerBook(program: Command): void {
  const cmd = program
    .command('book')
    .description('speak a book (EPUB, Markdown, HTML or plain text) into one MP3 or Ogg Opus file with chapters, resumably')
    .argument('<input>', 'the book: .epub, .md, .html, or any other file as plain text')
    .option('-o, --output <file>', 'the file to write: .mp3 (ID3v2.4 chapters) or .opus/.ogg (chapter comments), with title, author, narrator, cover')
    .addOption(new Option('--format <fmt>', 'the output format (default: from the output name)').choices(BOOK_FORMATS))
    .option('--list', 'print the chapters (number, title, words, estimated minutes) and stop')
    .option('--chapters <list>', 'speak only these chapters, e.g. 3-7,9')
    .option('--chapter-level <n>', 'Markdown: the heading level that starts a chapter (default 1, or 2 with no level-1 heading)', intFlag('--chapter-level', 1, 6))
    .option('--chapter-regex <re>', `plain text: a line that matches starts a chapter (case-insensitive; default ${DEFAULT_CHAPTER_REGEX})`)
    .option('--split <dir>', 'also one file per chapter in DIR (in the book\'s format), with an .m3u playlist')
    .option('--no-titles', 'do not speak each chapter title before it')
    .option('--chapter-pause <s>', 'seconds of silence before each chapter', numberFlag('--chapter-pause'), 1.5)
    .option('--work-dir <dir>', 'where finished chapters are kept between runs (default OUT.work beside the output)')
    .option('--clean', 'remove the work folder once the output is assembled')
    .option('--timestamps [dir]', "each chapter's word timings (NN - Title.json) and captions (.srt, .vtt) in DIR, else beside the --split files, else in OUT.timestamps/ (needs a model with durations)")
    .option('--lang <code>', "the book's language, if not the voice's own", parseLangFlag);
  addEngineFlags(cmd);
  cmd.action(async (input: string, flags: BookFlags, c: Command) => run(input, flags, c));
}
