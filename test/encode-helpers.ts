import assert from 'node:assert/strict';
import OpusScript from 'opusscript';
import { oggCrc } from '../src/audio/ogg';

/**
 * MPEG-2 Layer III frame headers walked from the start (sync, version, layer, bit rate, padding),
 * with the mean part2_3_length of the mono side info: the Huffman-coded bits per frame, about 0 for silence.
 */
export function mp3Frames(bytes: Uint8Array): { frames: number; sampleRate: number; kbps: number; meanAudioBits: number } {
  const KBPS_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
  const RATES_V2 = [22050, 24000, 16000];
  let at = 0;
  let frames = 0;
  let sampleRate = 0;
  let kbps = 0;
  let audioBits = 0;
  while (at + 4 <= bytes.length) {
    const [b0, b1, b2] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!];
    assert.ok(b0 === 0xff && (b1 & 0xe0) === 0xe0, `frame sync at byte ${at}`);
    assert.equal((b1 >> 3) & 3, 2, 'MPEG-2');
    assert.equal((b1 >> 1) & 3, 1, 'Layer III');
    kbps = KBPS_V2_L3[b2 >> 4]!;
    sampleRate = RATES_V2[(b2 >> 2) & 3]!;
    const size = Math.floor((72 * kbps * 1000) / sampleRate) + ((b2 >> 1) & 1);
    assert.ok(size > 4, 'frame size');
    const side = at + 4 + ((b1 & 1) === 0 ? 2 : 0); // after the CRC, if any
    audioBits += ((bytes[side + 1]! & 0x7f) << 5) | (bytes[side + 2]! >> 3); // after main_data_begin (8) and private_bits (1)
    at += size;
    frames++;
  }
  assert.equal(at, bytes.length, 'the file ends on a frame boundary');
  return { frames, sampleRate, kbps, meanAudioBits: audioBits / Math.max(1, frames) };
}

export interface OggPage {
  readonly flags: number;
  readonly granule: bigint;
  readonly serial: number;
  readonly sequence: number;
  readonly packets: Uint8Array[];
}

/** Ogg pages, each CRC checked; packets reassembled within pages (ours never span pages). */
export function oggPages(bytes: Uint8Array): OggPage[] {
  const pages: OggPage[] = [];
  let at = 0;
  while (at < bytes.length) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    assert.equal(Buffer.from(bytes.subarray(at, at + 4)).toString('latin1'), 'OggS', `page at byte ${at}`);
    const count = bytes[at + 26]!;
    const lacing = bytes.subarray(at + 27, at + 27 + count);
    const bodyBytes = lacing.reduce((n, l) => n + l, 0);
    const size = 27 + count + bodyBytes;
    const page = Uint8Array.from(bytes.subarray(at, at + size));
    const crc = view.getUint32(22, true);
    page.fill(0, 22, 26);
    assert.equal(oggCrc(page), crc, `CRC of the page at byte ${at}`);
    const packets: Uint8Array[] = [];
    let start = at + 27 + count;
    let len = 0;
    for (const l of lacing) {
      len += l;
      if (l < 255) {
        packets.push(bytes.subarray(start, start + len));
        start += len;
        len = 0;
      }
    }
    assert.equal(len, 0, 'no packet continues on the next page');
    pages.push({ flags: bytes[at + 5]!, granule: view.getBigInt64(6, true), serial: view.getUint32(14, true), sequence: view.getUint32(18, true), packets });
    at += size;
  }
  return pages;
}

/** An Ogg Opus file checked (headers, page order, EOS) and decoded back to 24 kHz samples, pre-skip dropped and end trimmed. */
export function decodeOggOpus(bytes: Uint8Array): { samples: Int16Array; granule: bigint; preSkip: number } {
  const pages = oggPages(bytes);
  assert.ok(pages.length >= 3, 'OpusHead, OpusTags and audio pages');
  const head = pages[0]!.packets[0]!;
  assert.equal(Buffer.from(head.subarray(0, 8)).toString('latin1'), 'OpusHead');
  assert.equal(pages[0]!.flags, 2, 'beginning of stream');
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  assert.equal(head[9], 1, 'mono');
  const preSkip = hv.getUint16(10, true);
  assert.equal(hv.getUint32(12, true), 24000, 'input rate');
  assert.equal(Buffer.from(pages[1]!.packets[0]!.subarray(0, 8)).toString('latin1'), 'OpusTags');
  pages.forEach((p, i) => {
    assert.equal(p.sequence, i, 'pages in order');
    assert.equal(p.serial, pages[0]!.serial, 'one stream');
  });
  const last = pages[pages.length - 1]!;
  assert.equal(last.flags, 4, 'end of stream on the last page only');
  for (let i = 1; i < pages.length; i++) assert.ok(pages[i]!.granule >= pages[i - 1]!.granule, 'granule positions never go back');
  const dec = new OpusScript(24000, 1);
  const parts: Int16Array[] = [];
  try {
    for (const p of pages.slice(2)) for (const pkt of p.packets) {
      const out = dec.decode(Buffer.from(pkt));
      parts.push(new Int16Array(Uint8Array.from(out).buffer));
    }
  } finally {
    dec.delete();
  }
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const end = Number(last.granule) / 2;
  return { samples: all.subarray(preSkip / 2, end), granule: last.granule, preSkip };
}

export function rms(s: Int16Array): number {
  let sum = 0;
  for (const v of s) sum += v * v;
  return Math.sqrt(sum / Math.max(1, s.length));
}
