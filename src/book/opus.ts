import { OPUS_PRE_SKIP } from '../audio/encode';
import { MAX_SEGMENTS, OGG_BOS, OGG_EOS, OggStream, segmentsOf, opusHead, opusPacketSamples, opusTags, readOggPages } from '../audio/ogg';
import { SAMPLE_RATE } from '../spec';
import type { BookTags } from './types';

/** One chapter's Ogg Opus work file, as the book is assembled from it: its audio packets and their length. */
export interface OpusChapter {
  readonly packets: readonly Uint8Array[];
  /** Samples at 48 kHz the packets decode to: the chapter's length in a stream it is part of. */
  readonly samples: number;
}

const VENDOR = 'kokoro-ts (libopus via opusscript)';
/** Audio packets per page: about a second of 20 ms frames, so a player seeks to within a second by pages. */
const PACKETS_PER_PAGE = 50;
/** The Vorbis-comment chapter extension (CHAPTER001=…) numbers chapters in three digits. */
export const OPUS_MAX_CHAPTERS = 999;
/** What the pre-skip takes from the start of the stream, in ms: every chapter after the first starts that much earlier. */
export const OPUS_LEAD_MS = OPUS_PRE_SKIP / 48;

export function opusChapter(bytes: Uint8Array): OpusChapter {
  const pages = readOggPages(bytes);
  // Packet 0 is OpusHead and 1 is OpusTags (RFC 7845); the rest is audio.
  const packets = pages.flatMap((p) => p.packets).slice(2);
  return { packets, samples: packets.reduce((n, p) => n + opusPacketSamples(p), 0) };
}

/** "HH:MM:SS.mmm", the chapter extension's time. */
function clock(ms: number): string {
  const pad = (n: number, w = 2): string => String(Math.floor(n)).padStart(w, '0');
  return `${pad(ms / 3_600_000)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** A FLAC picture block (type 3, front cover), base64: how Vorbis comments carry a cover (METADATA_BLOCK_PICTURE). */
function pictureBlock(mime: string, data: Buffer): string {
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const m = Buffer.from(mime, 'latin1');
  // Width, height, depth and palette size unknown: 0, which readers accept.
  return Buffer.concat([u32(3), u32(m.length), m, u32(0), u32(0), u32(0), u32(0), u32(0), u32(data.length), data]).toString('base64');
}

/**
 * The Vorbis comments of a book or a --split file: TITLE, ARTIST (the author), PERFORMER (the
 * narrator), LANGUAGE, TRACKNUMBER, the cover, and the chapter extension that ffmpeg and players
 * read: CHAPTER001=HH:MM:SS.mmm and CHAPTER001NAME=title for each chapter.
 */
export function opusComments(t: BookTags): string[] {
  const c: string[] = [];
  if (t.title) c.push(`TITLE=${t.title}`);
  if (t.author) c.push(`ARTIST=${t.author}`);
  if (t.narrator) c.push(`PERFORMER=${t.narrator}`);
  if (t.language) c.push(`LANGUAGE=${t.language}`);
  if (t.track) c.push(`TRACKNUMBER=${t.track}`);
  if (t.cover) c.push(`METADATA_BLOCK_PICTURE=${pictureBlock(t.cover.mime, t.cover.data)}`);
  t.chapters.forEach((m, i) => {
    const key = `CHAPTER${String(i + 1).padStart(3, '0')}`;
    c.push(`${key}=${clock(m.startMs)}`, `${key}NAME=${m.title}`);
  });
  return c;
}

/**
 * One continuous Ogg Opus stream built from chapters' packets: one serial, one OpusHead and
 * OpusTags, page numbers and granule positions (48 kHz samples decoded so far, RFC 7845) running on
 * across chapters, end of stream on the last page. The chapters come from the same encoder settings,
 * so their packets decode as one stream; each starts in the silence of its pause, where the decoder
 * carrying its state over from the chapter before is not heard.
 */
export class OpusBookStream {
  private readonly ogg = new OggStream((Math.random() * 0x1_0000_0000) >>> 0);
  private granule = 0n;

  header(tags: BookTags): Uint8Array {
    const head = this.ogg.page([opusHead(1, OPUS_PRE_SKIP, SAMPLE_RATE)], 0n, OGG_BOS);
    return Buffer.concat([head, ...this.ogg.spanning(opusTags(VENDOR, opusComments(tags)), 0n)]);
  }

  chapter(c: OpusChapter, last: boolean): Uint8Array {
    const pages: Uint8Array[] = [];
    let page: Uint8Array[] = [];
    let segments = 0;
    const flush = (flags: number): void => {
      pages.push(this.ogg.page(page, this.granule, flags));
      page = [];
      segments = 0;
    };
    for (const p of c.packets) {
      if (page.length === PACKETS_PER_PAGE || segments + segmentsOf(p) > MAX_SEGMENTS) flush(0);
      page.push(p);
      segments += segmentsOf(p);
      this.granule += BigInt(opusPacketSamples(p));
    }
    if (page.length > 0 || last) flush(last ? OGG_EOS : 0);
    return Buffer.concat(pages);
  }
}
