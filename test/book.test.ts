import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { BIN, runCli, STANDIN_DURATIONS, standinArgs, tempDir, testModelCache } from './helpers';
import { makeEpub } from './book-helpers';
import { makeZip } from './zip-helpers';
import { decodeOggOpus, oggPages } from './encode-helpers';
import { crc32 } from '../src/util/zip';
import { bookProgressPrinter, ProgressMeter, type BookProgress } from '../src/book/progress';
import { OggStream, readOggPages } from '../src/audio/ogg';

const hasFfprobe = spawnSync('ffprobe', ['-version']).status === 0;

interface Probe {
  chapters: { start_time: string; end_time: string; tags: { title: string } }[];
  format: { duration: string; tags?: Record<string, string> };
  streams: { codec_name: string; tags?: Record<string, string> }[];
}

/** What ffprobe (a player's demuxer) reads of the MP3; missing in CI is a failure (.ci/run installs it). */
function probe(t: { skip: (m: string) => void }, file: string): Probe | null {
  if (!hasFfprobe) {
    assert.ok(!process.env.CI, 'ffprobe is missing in CI: .ci/run installs ffmpeg');
    t.skip('ffprobe is not installed');
    return null;
  }
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_chapters', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Probe;
}

/** A PNG (1×1 unless asked; stored uncompressed, so a large one is large), as a cover. */
function png(side = 1): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, side, 0, 0, 0, side, 8, 2, 0, 0, 0]);
  const rows = Array.from({ length: side }, (_, y) => Buffer.from([0, ...Array.from({ length: side * 3 }, (_, x) => (x * 7919 + y * 104729 + 200) % 251)]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

const book = (version: 2 | 3, extra: { cover?: Buffer } = {}) => makeEpub({
  version, title: 'Le Livre Été', author: 'Ana Núñez', ...extra,
  chapters: [
    { id: 'c1', title: 'Première partie', body: '<h1>Première partie</h1><p>The morning was cold and the road was long.</p>' },
    {
      id: 'c2', title: 'Footnotes', body: '<h1>Footnotes</h1><p>One two<a epub:type="noteref" href="#n1">17</a> three<sup>4</sup>.</p><span epub:type="pagebreak" id="p9">9</span><img src="x.png" alt="a picture"/><script>var x = 1;</script><aside epub:type="footnote" id="n1">A note nobody should hear aloud.</aside>',
    },
    {
      id: 'c3', title: 'Nested', body: '<h1>Nested</h1><p>Opening words here.</p><h2 id="s1">Inner one</h2><p>Alpha beta gamma delta.</p><h2 id="s2">Inner two</h2><p>Epsilon zeta.</p>',
      children: [{ title: 'Inner one', fragment: 's1' }, { title: 'Inner two', fragment: 's2' }],
    },
  ],
});

/** --list rows as [number, title, words]. */
function rows(stdout: Buffer): [number, string, number][] {
  return stdout.toString('utf8').split('\n').flatMap((l) => {
    const m = /^\s*(\d+)\s{2}(.*)\s{2}(\d+) words\s{2}~[\d.]+ min$/.exec(l);
    return m ? [[Number(m[1]), m[2]!, Number(m[3])] as [number, string, number]] : [];
  });
}

test('book --list: EPUB 3 (nav) and EPUB 2 (NCX) give the same chapters in spine order, nested entries their own, notes and page numbers unspoken', async () => {
  const dir = tempDir();
  for (const v of [3, 2] as const) {
    const f = join(dir, `b${v}.epub`);
    writeFileSync(f, book(v));
    const r = await runCli(['book', f, '--list']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString('utf8'), /^Le Livre Été — Ana Núñez\n/);
    // "One two three." only: the noteref, the <sup>, the page number, the image, the script and the footnote are left out.
    assert.deepEqual(rows(r.stdout), [[1, 'Première partie', 9], [2, 'Footnotes', 3], [3, 'Nested', 3], [4, 'Inner one', 4], [5, 'Inner two', 2]], `EPUB ${v}`);
  }
});

test('book: an EPUB becomes one MP3 whose ID3 chapters (titles, starts) match the manifest, with title, author, narrator and cover', async (t) => {
  const dir = tempDir();
  const f = join(dir, 'b.epub');
  writeFileSync(f, book(2, { cover: png() }));
  const out = join(dir, 'book.mp3');
  const r = await runCli(['book', f, '-o', out, '--chapter-pause', '0.5', ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  // stderr is not a terminal here: one plain line per finished chapter, none rewritten, the ETA down to nothing at the end.
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('chapter '));
  assert.deepEqual(lines.map((l) => /^chapter (\d)\/5 done, [\d.]+ min of audio, [\d.]+x real time, ETA \d+:\d\d$/.exec(l)?.[1]), ['1', '2', '3', '4', '5']);
  assert.match(lines[4]!, /ETA 0:00$/);
  assert.ok(!r.stderr.includes('\r'), 'no status line rewritten off a terminal');
  const manifest = JSON.parse(readFileSync(join(`${out}.work`, 'manifest.json'), 'utf8')) as { chapters: Record<string, { title: string; ms: number }> };
  const p = probe(t, out);
  if (!p) return;
  const recorded = Object.entries(manifest.chapters).sort(([a], [b]) => Number(a) - Number(b)).map(([, c]) => c);
  assert.deepEqual(p.chapters.map((c) => c.tags.title), ['Première partie', 'Footnotes', 'Nested', 'Inner one', 'Inner two']);
  let at = 0;
  recorded.forEach((c, i) => {
    assert.ok(c.ms > 500, `chapter ${i + 1} has its pause and speech`);
    assert.ok(Math.abs(Number(p.chapters[i]!.start_time) * 1000 - at) <= 1, `chapter ${i + 1} starts at ${at} ms`);
    at += c.ms;
  });
  assert.ok(Math.abs(Number(p.format.duration) * 1000 - at) < 100, `duration ${p.format.duration} s, chapters ${at} ms`);
  assert.equal(p.format.tags?.title, 'Le Livre Été');
  assert.equal(p.format.tags?.artist, 'Ana Núñez');
  assert.match(p.format.tags?.composer ?? '', /af_heart|kokoro-ts/);
  assert.deepEqual(p.streams.map((s) => s.codec_name).sort(), ['mp3', 'png']);
});

test('book: Markdown chapters at level 2 when there is no level 1, plain text by --chapter-regex; --split writes one file per chapter and a playlist', async (t) => {
  const dir = tempDir();
  const md = join(dir, 'notes.md');
  writeFileSync(md, 'A preface of *four* words.\n\n## Start\n\nSee [the link](http://x) here.\n\n### Deeper\n\nStill the same chapter.\n\n## End\n\nDone now.\n');
  const r = await runCli(['book', md, '--list']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(rows(r.stdout), [[1, 'notes', 5], [2, 'Start', 9], [3, 'End', 2]]);
  const html = join(dir, 'page.html');
  writeFileSync(html, '<html><head><title>A Page</title></head><body><p>Before.</p><h1>First</h1><p>One two.</p><h1>Second</h1><p>Three <b>four</b> five.</p></body></html>');
  const h = await runCli(['book', html, '--list']);
  assert.equal(h.code, 0, h.stderr);
  assert.deepEqual(rows(h.stdout), [[1, 'page', 1], [2, 'First', 2], [3, 'Second', 3]]);
  const txt = join(dir, 'story.txt');
  writeFileSync(txt, 'CHAPTER I\nIt began.\n\nChapter Two\nIt went on and on.\nPART III\nIt ended.\n');
  const l = await runCli(['book', txt, '--list']);
  assert.deepEqual(rows(l.stdout).map((x) => x[1]), ['CHAPTER I', 'Chapter Two', 'PART III']);
  const one = await runCli(['book', txt, '--list', '--chapter-regex', '^nothing']);
  assert.deepEqual(rows(one.stdout), [[1, 'story', 15]]);
  const out = join(dir, 'story.mp3');
  const split = join(dir, 'split');
  const s = await runCli(['book', txt, '-o', out, '--split', split, '--chapters', '1,3', '--clean', ...standinArgs()]);
  assert.equal(s.code, 0, s.stderr);
  assert.ok(!existsSync(`${out}.work`), '--clean removed the work folder');
  assert.deepEqual(readdirSync(split).sort(), ['1 - CHAPTER I.mp3', '2 - PART III.mp3', 'story.m3u']);
  assert.match(readFileSync(join(split, 'story.m3u'), 'utf8'), /^#EXTM3U\n#EXTINF:\d+,CHAPTER I\n1 - CHAPTER I\.mp3\n#EXTINF:\d+,PART III\n2 - PART III\.mp3\n$/);
  const p = probe(t, out);
  if (p) assert.deepEqual(p.chapters.map((c) => c.tags.title), ['CHAPTER I', 'PART III']);
});

test('book resumes: a rerun speaks only the chapter whose text changed, and the output stays valid', async (t) => {
  const dir = tempDir();
  const md = join(dir, 'b.md');
  const text = (middle: string): string => `# One\n\nThe first chapter.\n\n# Two\n\n${middle}\n\n# Three\n\nThe last chapter.\n`;
  writeFileSync(md, text('The middle chapter.'));
  const out = join(dir, 'b.mp3');
  const first = await runCli(['book', md, '-o', out, ...standinArgs()]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr.match(/ done, /g)?.length, 3);
  const before = JSON.parse(readFileSync(join(`${out}.work`, 'manifest.json'), 'utf8')) as { chapters: Record<string, { file: string }> };
  writeFileSync(md, text('The middle chapter, now rather longer than it was.'));
  const second = await runCli(['book', md, '-o', out, ...standinArgs()]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /chapter 1\/3 already spoken/);
  assert.match(second.stderr, /chapter 2\/3 done/);
  assert.match(second.stderr, /chapter 3\/3 already spoken/);
  assert.match(second.stderr, /1 spoken, 2 from the work folder/);
  const after = JSON.parse(readFileSync(join(`${out}.work`, 'manifest.json'), 'utf8')) as { chapters: Record<string, { file: string }> };
  assert.equal(after.chapters['1']!.file, before.chapters['1']!.file);
  assert.notEqual(after.chapters['2']!.file, before.chapters['2']!.file);
  assert.ok(!existsSync(join(`${out}.work`, before.chapters['2']!.file)), 'the stale chapter file is gone');
  // Another voice shapes every chapter: all three are spoken again.
  const third = await runCli(['book', md, '-o', out, '--speed', '1.2', ...standinArgs()]);
  assert.match(third.stderr, /3 spoken, 0 from the work folder/);
  const p = probe(t, out);
  if (p) assert.deepEqual(p.chapters.map((c) => c.tags.title), ['One', 'Two', 'Three']);
});

test('book: bad input is one line, exit 4 (2 for --chapters), and nothing is written', async () => {
  const dir = tempDir();
  const write = (name: string, data: Buffer | string): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const good = book(3);
  const cases: [string, string[], number, RegExp][] = [
    ['damaged zip', [write('damaged.epub', good.subarray(0, good.length - 30))], 4, /not a readable zip archive/],
    ['not an EPUB', [write('plain.epub', makeZip([{ name: 'readme.txt', data: Buffer.from('hi'), method: 0 }]))], 4, /not an EPUB: .*META-INF\/container\.xml/],
    ['DRM', [write('drm.epub', makeEpub({ version: 3, title: 'T', author: 'A', chapters: [{ id: 'c1', title: 'C', body: '<p>x</p>' }], encrypted: true }))], 4, /DRM-encrypted/],
    ['missing spine file', [write('gone.epub', makeEpub({ version: 2, title: 'T', author: 'A', chapters: [{ id: 'c1', title: 'C', body: '<p>x</p>' }], missingSpineFile: true }))], 4, /spine points at OEBPS\/text\/gone\.xhtml/],
    ['no text', [write('empty.md', '# Title\n\n\n')], 4, /has no text to speak/],
    ['chapters outside', [write('three.epub', good), '--chapters', '2-9'], 2, /--chapters 2-9: the book has chapters 1-5/],
  ];
  for (const [what, args, code, message] of cases) {
    const out = join(dir, `${what.replace(/ /g, '-')}.mp3`);
    const r = await runCli(['book', ...args, '-o', out, ...standinArgs()]);
    assert.equal(r.code, code, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.equal(r.stderr.split('\n')[0]!.startsWith('Error: '), true, what);
    assert.ok(!existsSync(out) && !existsSync(`${out}.work`), `${what}: nothing written`);
  }
});

test('book killed mid-chapter keeps the finished chapters; the rerun speaks only the rest', async () => {
  const dir = tempDir();
  const md = join(dir, 'long.md');
  const para = 'The quick brown fox jumps over the lazy dog while the river runs on. '.repeat(25);
  writeFileSync(md, Array.from({ length: 10 }, (_, i) => `# Part ${i + 1}\n\n${para}\n`).join('\n'));
  const out = join(dir, 'long.mp3');
  const work = `${out}.work`;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, KOKORO_RUNTIME: 'bundled', KOKORO_MODEL_CACHE: testModelCache() };
  const child = spawn(process.execPath, [BIN, 'book', md, '-o', out, ...standinArgs()], { env, stdio: 'ignore' });
  const done = (): number => (existsSync(work) ? readdirSync(work).filter((f) => /^chapter-.*\.mp3$/.test(f)).length : 0);
  while (done() === 0) await new Promise((res) => setTimeout(res, 10));
  child.kill('SIGKILL');
  await new Promise((res) => child.on('close', res));
  assert.ok(!existsSync(out), 'no output from a killed run');
  const finished = done();
  assert.ok(finished >= 1 && finished < 10, `${finished} chapters finished before the kill`);
  const r = await runCli(['book', md, '-o', out, ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.match(/already spoken/g)?.length, finished);
  assert.match(r.stderr, new RegExp(`${10 - finished} spoken, ${finished} from the work folder`));
  assert.deepEqual(readdirSync(work).filter((f) => f.endsWith('.tmp')), [], 'the killed run\'s temp file is gone');
});

/** The chapter starts a player shows for the manifest's chapter lengths: Opus's pre-skip (312 of 48 000) comes off all but the first. */
function startsOf(manifestDir: string, leadMs: number): { titles: string[]; starts: number[]; total: number } {
  const m = JSON.parse(readFileSync(join(manifestDir, 'manifest.json'), 'utf8')) as { chapters: Record<string, { title: string; ms: number }> };
  const recorded = Object.entries(m.chapters).sort(([a], [b]) => Number(a) - Number(b)).map(([, c]) => c);
  let at = 0;
  const starts = recorded.map((c) => {
    const start = at === 0 ? 0 : at - leadMs;
    at += c.ms;
    return start;
  });
  return { titles: recorded.map((c) => c.title), starts, total: at };
}

const OPUS_LEAD_MS = 312 / 48;

test('book -o OUT.opus: one Ogg Opus stream (one serial, granules running on, one OpusHead and OpusTags) whose chapter comments match the manifest', async (t) => {
  const dir = tempDir();
  const f = join(dir, 'b.epub');
  writeFileSync(f, book(3, { cover: png() }));
  const out = join(dir, 'book.opus');
  const r = await runCli(['book', f, '-o', out, '--chapter-pause', '0.5', ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Wrote .*book\.opus \(5 chapters/);
  const work = `${out}.work`;
  assert.equal(readdirSync(work).filter((n) => /^chapter-[0-9a-f]+\.opus$/.test(n)).length, 5, 'the chapters are kept as Ogg Opus');
  const bytes = readFileSync(out);
  const pages = oggPages(bytes); // every CRC checked
  assert.equal(new Set(pages.map((p) => p.serial)).size, 1, 'one logical stream');
  assert.equal(pages.filter((p) => p.flags & 2).length, 1, 'one beginning of stream');
  const heads = pages.flatMap((p) => p.packets).filter((p) => /^Opus(Head|Tags)/.test(Buffer.from(p.subarray(0, 8)).toString('latin1')));
  assert.equal(heads.length, 2, 'one OpusHead and one OpusTags: the chapters\' own headers are not copied in');
  const decoded = decodeOggOpus(bytes); // sequence numbers in order, granules never go back, EOS on the last page only
  const { titles, starts, total } = startsOf(work, OPUS_LEAD_MS);
  assert.ok(Math.abs(decoded.samples.length / 24 - (total - OPUS_LEAD_MS)) < 1, `${decoded.samples.length / 24} ms decoded, the chapters ${total} ms`);
  const comments = Buffer.from(pages[1]!.packets[0]!).toString('utf8');
  assert.match(comments, /CHAPTER001=00:00:00\.000/);
  assert.match(comments, /CHAPTER002NAME=Footnotes/);
  const p = probe(t, out);
  if (!p) return;
  assert.deepEqual(p.chapters.map((c) => c.tags.title), ['Première partie', 'Footnotes', 'Nested', 'Inner one', 'Inner two']);
  assert.deepEqual(titles, p.chapters.map((c) => c.tags.title));
  starts.forEach((at, i) => assert.ok(Math.abs(Number(p.chapters[i]!.start_time) * 1000 - at) <= 1, `chapter ${i + 1} starts at ${at} ms, read ${p.chapters[i]!.start_time} s`));
  assert.ok(Math.abs(Number(p.format.duration) * 1000 - total) < 100, `duration ${p.format.duration} s, chapters ${total} ms`);
  const tags = p.streams.find((s) => s.codec_name === 'opus')?.tags ?? {};
  assert.equal(tags.TITLE, 'Le Livre Été');
  assert.equal(tags.ARTIST, 'Ana Núñez');
  assert.match(tags.PERFORMER ?? '', /af_heart \(kokoro-ts\)/);
  assert.equal(tags.LANGUAGE, 'en');
  assert.deepEqual(p.streams.map((s) => s.codec_name).sort(), ['opus', 'png'], 'the cover (METADATA_BLOCK_PICTURE) is read as a picture');
});

test('book: the format follows the name (.ogg is Opus) or --format; a change of format speaks every chapter again; --split gives .opus files; M4B is refused', async (t) => {
  const dir = tempDir();
  const md = join(dir, 'b.md');
  writeFileSync(md, '# One\n\nThe first chapter.\n\n# Two\n\nThe second chapter, somewhat longer.\n');
  const work = join(dir, 'work');
  const mp3 = await runCli(['book', md, '-o', join(dir, 'b.mp3'), '--work-dir', work, ...standinArgs()]);
  assert.equal(mp3.code, 0, mp3.stderr);
  const split = join(dir, 'split');
  const ogg = await runCli(['book', md, '-o', join(dir, 'b.ogg'), '--work-dir', work, '--split', split, ...standinArgs()]);
  assert.equal(ogg.code, 0, ogg.stderr);
  assert.match(ogg.stderr, /2 spoken, 0 from the work folder/, 'MP3 chapters are not reused for Opus');
  assert.deepEqual(readdirSync(work).filter((n) => n.startsWith('chapter-')).map((n) => n.replace(/^chapter-[0-9a-f]+/, '')), ['.opus', '.opus'], 'the MP3 chapters went as stale');
  assert.deepEqual(readdirSync(split).sort(), ['1 - One.opus', '2 - Two.opus', 'b.m3u']);
  assert.match(readFileSync(join(split, 'b.m3u'), 'utf8'), /^#EXTM3U\n#EXTINF:\d+,One\n1 - One\.opus\n#EXTINF:\d+,Two\n2 - Two\.opus\n$/);
  for (const name of ['1 - One.opus', '2 - Two.opus']) decodeOggOpus(readFileSync(join(split, name)));
  const again = await runCli(['book', md, '-o', join(dir, 'c.mp3'), '--format', 'opus', '--work-dir', work, ...standinArgs()]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /0 spoken, 2 from the work folder/, '--format opus over an .mp3 name: the Opus chapters are reused');
  assert.equal(Buffer.from(readFileSync(join(dir, 'c.mp3')).subarray(0, 4)).toString('latin1'), 'OggS');
  const m4b = await runCli(['book', md, '-o', join(dir, 'b.m4b'), ...standinArgs()]);
  assert.equal(m4b.code, 2);
  assert.match(m4b.stderr, /^Error: book writes MP3 or Ogg Opus \(.*b\.m4b asked\)/);
  assert.ok(!existsSync(join(dir, 'b.m4b')) && !existsSync(join(dir, 'b.m4b.work')));
  const p = probe(t, join(dir, 'b.ogg'));
  if (!p) return;
  const { titles, starts } = startsOf(work, OPUS_LEAD_MS);
  assert.deepEqual(p.chapters.map((c) => c.tags.title), titles);
  starts.forEach((at, i) => assert.ok(Math.abs(Number(p.chapters[i]!.start_time) * 1000 - at) <= 1, `chapter ${i + 1} starts at ${at} ms`));
  const one = probe(t, join(split, '2 - Two.opus'))!;
  assert.equal(one.streams[0]!.tags?.TITLE, 'Two');
  assert.equal(one.chapters.length, 0);
});

test('OggStream.spanning: a packet larger than a page goes over pages that continue it, and reads back whole', () => {
  for (const size of [100, 255 * 255, 255 * 255 * 2 + 7]) {
    const packet = Uint8Array.from({ length: size }, (_, i) => (i * 7) & 0xff);
    const s = new OggStream(5);
    const pages = s.spanning(packet, 0n);
    const read = readOggPages(Buffer.concat([s.page([Uint8Array.of(1)], 0n, 2), ...pages]));
    assert.equal(read.length, 1 + pages.length);
    assert.deepEqual(read.map((p) => p.packets.length), [1, ...pages.map((_, i) => (i === pages.length - 1 ? 1 : 0))], `${size} bytes`);
    assert.deepEqual(Buffer.from(read[read.length - 1]!.packets[0]!), Buffer.from(packet));
    read.slice(2).forEach((p) => assert.equal(p.flags & 1, 1, 'continued'));
    oggPages(Buffer.concat(pages.slice(-1))); // CRCs of what the checker can read alone
  }
});

test('book progress: a terminal gets one status line rewritten (at most every 250 ms while speaking); elsewhere one line per finished chapter', () => {
  let t = 0;
  const events: BookProgress[] = [];
  const meter = new ProgressMeter([100, 300], (p) => events.push(p), () => t);
  meter.start(0);
  t = 1000;
  meter.audio(4000);
  t = 2000;
  meter.finish(0, 8000, false); // 100 words in 2 s: 50 words/s, 300 left: 6 s
  meter.start(1);
  t = 3000;
  meter.audio(5000);
  t = 3100;
  meter.audio(1000);
  t = 8000;
  meter.finish(1, 24000, false);
  assert.deepEqual(events.map((e) => [e.event, e.done, e.audioMs, e.etaSeconds]), [
    ['speaking', 0, 4000, null], ['spoken', 1, 8000, 6], ['speaking', 1, 13000, 5], ['speaking', 1, 14000, 4.9], ['spoken', 2, 32000, 0],
  ]);
  assert.equal(events[4]!.realTime, 4);
  const walls = [0, 1000, 2000, 2100, 3000]; // the two speaking reports of chapter 2 come 100 ms apart: the second is not drawn
  let wall = 0;
  const tty: string[] = [];
  const onTty = bookProgressPrinter(true, (s) => tty.push(s), () => wall);
  const plain: string[] = [];
  const onPipe = bookProgressPrinter(false, (s) => plain.push(s));
  for (const [i, e] of events.entries()) {
    wall = walls[i]!;
    onTty.update(e);
    onPipe.update(e);
  }
  onTty.end();
  onPipe.end();
  assert.deepEqual(tty, [
    '\rchapters 0/2, 0.1 min of audio, 4.0x real time, ETA ?:??\x1b[K',
    '\rchapters 1/2, 0.1 min of audio, 4.0x real time, ETA 0:06\x1b[K',
    '\rchapters 1/2, 0.2 min of audio, 4.3x real time, ETA 0:05\x1b[K',
    '\rchapters 2/2, 0.5 min of audio, 4.0x real time, ETA 0:00\x1b[K',
    '\n',
  ]);
  assert.deepEqual(plain, ['chapter 1/2 done, 0.1 min of audio, 4.0x real time, ETA 0:06\n', 'chapter 2/2 done, 0.4 min of audio, 4.0x real time, ETA 0:00\n']);
});

test('book --timestamps: each chapter\'s word timings and captions beside its --split file, timed from that file\'s start; kept in the work folder for reruns', async () => {
  const dir = tempDir();
  const md = join(dir, 'b.md');
  writeFileSync(md, '# One\n\nThe first chapter has words.\n\n# Two\n\nThe second chapter, somewhat longer, has more words in it.\n');
  const out = join(dir, 'b.mp3');
  const split = join(dir, 'split');
  const args = ['book', md, '-o', out, '--split', split, '--timestamps', '--chapter-pause', '0.8', ...standinArgs(STANDIN_DURATIONS)];
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(split).sort(), ['1 - One.json', '1 - One.mp3', '1 - One.srt', '1 - One.vtt', '2 - Two.json', '2 - Two.mp3', '2 - Two.srt', '2 - Two.vtt', 'b.m3u']);
  const manifest = JSON.parse(readFileSync(join(`${out}.work`, 'manifest.json'), 'utf8')) as { chapters: Record<string, { ms: number }> };
  for (const [n, name, first] of [[1, 'One', 'The first chapter has words.'], [2, 'Two', 'The second chapter, somewhat longer, has more words in it.']] as const) {
    const t = JSON.parse(readFileSync(join(split, `${n} - ${name}.json`), 'utf8')) as { schemaVersion: number; audioSeconds: number; text: string; words: { text: string; start: number; end: number }[] };
    assert.equal(t.schemaVersion, 1);
    assert.equal(t.text, `${name}.\n\n${first}`, 'the title is spoken first');
    assert.deepEqual(t.words.map((w) => w.text), [name, ...first.replace(/[.,]/g, '').split(' ')]);
    assert.ok(t.words[0]!.start >= 0.8 - 0.05, `chapter ${n}: the first word (${t.words[0]!.start} s) comes after the 0.8 s pause`);
    t.words.forEach((w, i) => assert.ok(w.end >= w.start && (i === 0 || w.start >= t.words[i - 1]!.start), `word ${i} in order`));
    assert.ok(t.words[t.words.length - 1]!.end <= t.audioSeconds, 'inside the audio');
    assert.ok(Math.abs(t.audioSeconds * 1000 - manifest.chapters[String(n)]!.ms) < 150, `chapter ${n}: ${t.audioSeconds} s of timings, ${manifest.chapters[String(n)]!.ms} ms of audio`);
    const srt = readFileSync(join(split, `${n} - ${name}.srt`), 'utf8');
    assert.match(srt, /^1\n00:00:0\d,\d{3} --> 00:00:\d\d,\d{3}\n/);
    assert.ok(readFileSync(join(split, `${n} - ${name}.vtt`), 'utf8').startsWith('WEBVTT\n\n00:00:0'));
  }
  const again = await runCli(args);
  assert.match(again.stderr, /0 spoken, 2 from the work folder/, 'the timings are kept with the chapters');
  const work = readdirSync(`${out}.work`);
  rmSync(join(`${out}.work`, work.find((f) => f.endsWith('.json') && f !== 'manifest.json')!));
  const redo = await runCli(args);
  assert.match(redo.stderr, /1 spoken, 1 from the work folder/, 'a chapter without its timings is spoken again');
  const plain = await runCli(['book', md, '-o', join(dir, 'c.mp3'), '--timestamps', ...standinArgs()]);
  assert.equal(plain.code, 3);
  assert.match(plain.stderr, /^Error: book --timestamps .*does not export them/);
  assert.ok(!existsSync(join(dir, 'c.mp3')) && !existsSync(join(dir, 'c.mp3.work')), 'nothing written');
});

test('book -o OUT.opus with a cover larger than an Ogg page: the OpusTags packet goes over pages, and ffprobe still reads the chapters and the picture', async (t) => {
  const dir = tempDir();
  const f = join(dir, 'big.epub');
  const cover = png(200);
  assert.ok(cover.length > 255 * 255, `${cover.length} bytes of cover`);
  writeFileSync(f, makeEpub({ version: 3, title: 'Big', author: 'A', cover, chapters: [{ id: 'c1', title: 'One', body: '<p>Hello there.</p>' }, { id: 'c2', title: 'Two', body: '<p>Bye now.</p>' }] }));
  const out = join(dir, 'big.opus');
  const r = await runCli(['book', f, '-o', out, ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  const pages = readOggPages(readFileSync(out));
  assert.ok(pages[1]!.packets.length === 0 && (pages[2]!.flags & 1) === 1, 'OpusTags continues over pages');
  const tags = Buffer.from(pages.flatMap((pg) => pg.packets)[1]!).toString('utf8');
  assert.match(tags, /^OpusTags/);
  assert.match(tags, /METADATA_BLOCK_PICTURE=.*CHAPTER002NAME=Two$/s, 'read back whole: the cover, then the chapters');
  const p = probe(t, out);
  if (!p) return;
  assert.deepEqual(p.chapters.map((c) => c.tags.title), ['One', 'Two']);
  assert.deepEqual(p.streams.map((s) => s.codec_name).sort(), ['opus', 'png']);
});
