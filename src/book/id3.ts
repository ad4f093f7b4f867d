import type { BookTags } from './types';

/** ID3v2.4 sizes are synchsafe: 7 bits per byte. */
function synchsafe(n: number): Buffer {
  return Buffer.from([(n >>> 21) & 0x7f, (n >>> 14) & 0x7f, (n >>> 7) & 0x7f, n & 0x7f]);
}

function frame(id: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id, 'latin1'), synchsafe(body.length), Buffer.alloc(2), body]);
}

const UTF8 = Buffer.from([3]);
const text = (id: string, value: string): Buffer => frame(id, Buffer.concat([UTF8, Buffer.from(value, 'utf8')]));
const zeroEnded = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.alloc(1)]);

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/**
 * An ID3v2.4 tag: TIT2 title, TPE1 author, TCOM and TXXX:NARRATOR the narrator (audiobook players
 * read the narrator from the composer; TXXX keeps it by name), TLAN, APIC front cover, and the ID3
 * chapter addendum: one CHAP per chapter (start and end in ms, a TIT2 sub-frame) under a top-level,
 * ordered CTOC.
 */
export function id3Tag(t: BookTags): Buffer {
  const frames: Buffer[] = [];
  if (t.title) frames.push(text('TIT2', t.title));
  if (t.author) frames.push(text('TPE1', t.author));
  if (t.narrator) frames.push(text('TCOM', t.narrator), frame('TXXX', Buffer.concat([UTF8, Buffer.from('NARRATOR\0', 'utf8'), Buffer.from(t.narrator, 'utf8')])));
  if (/^[a-z]{3}$/i.test(t.language)) frames.push(text('TLAN', t.language));
  if (t.track) frames.push(text('TRCK', t.track));
  if (t.cover) frames.push(frame('APIC', Buffer.concat([Buffer.from([0]), zeroEnded(t.cover.mime), Buffer.from([3]), Buffer.alloc(1), t.cover.data])));
  if (t.chapters.length > 0) {
    const ids = t.chapters.map((_, i) => `ch${i}`);
    frames.push(frame('CTOC', Buffer.concat([zeroEnded('toc'), Buffer.from([0x03, ids.length]), ...ids.map(zeroEnded), text('TIT2', t.title || 'Chapters')])));
    t.chapters.forEach((c, i) => {
      frames.push(frame('CHAP', Buffer.concat([zeroEnded(ids[i]!), u32(c.startMs), u32(c.endMs), u32(0xffffffff), u32(0xffffffff), text('TIT2', c.title)])));
    });
  }
  const body = Buffer.concat(frames);
  return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0]), synchsafe(body.length), body]);
}
