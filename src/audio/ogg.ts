/**
 * A minimal Ogg page writer (RFC 3533) for one logical stream, and the Ogg Opus headers (RFC 7845).
 * Pure: packets in, page bytes out.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** Ogg's CRC-32 (polynomial 0x04c11db7, no reflection, initial 0). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return crc;
}

export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;
/** The page begins with the rest of a packet from the page before. */
export const OGG_CONTINUED = 0x01;

/** Lacing values a page can hold. */
export const MAX_SEGMENTS = 255;

/** Lacing values a packet takes: one per 255 bytes, plus the one under 255 that ends it. */
export const segmentsOf = (packet: Uint8Array): number => Math.floor(packet.byteLength / 255) + 1;

/** Writes the pages of one logical stream, numbering them in order. */
export class OggStream {
  private sequence = 0;
  constructor(private readonly serial: number) {}

  /** One page holding whole packets (their lacing must fit in MAX_SEGMENTS). */
  page(packets: readonly Uint8Array[], granule: bigint, flags = 0): Uint8Array {
    const lacing: number[] = [];
    for (const p of packets) {
      let left = p.byteLength;
      while (left >= 255) {
        lacing.push(255);
        left -= 255;
      }
      lacing.push(left);
    }
    if (lacing.length > MAX_SEGMENTS) throw new Error(`an Ogg page holds at most ${MAX_SEGMENTS} segments, got ${lacing.length}`);
    return this.write(lacing, packets, granule, flags);
  }

  /**
   * One packet too big for a page (an OpusTags packet carrying a cover) over as many pages as it
   * takes: each full page continues on the next (flag 0x01 there), only the last has a granule.
   */
  spanning(packet: Uint8Array, granule: bigint, flags = 0): Uint8Array[] {
    if (segmentsOf(packet) <= MAX_SEGMENTS) return [this.page([packet], granule, flags)];
    const full = MAX_SEGMENTS * 255;
    const pages: Uint8Array[] = [];
    let at = 0;
    // Full pages while a page's worth or more is left: 255 lacing values of 255 say the packet goes on.
    for (; packet.byteLength - at >= full; at += full) {
      pages.push(this.write(new Array<number>(MAX_SEGMENTS).fill(255), [packet.subarray(at, at + full)], -1n, at === 0 ? flags & OGG_BOS : OGG_CONTINUED));
    }
    // The rest, perhaps empty: a lacing value of 0 ends a packet that filled its pages exactly.
    pages.push(this.page([packet.subarray(at)], granule, OGG_CONTINUED | (flags & ~OGG_BOS)));
    return pages;
  }

  private write(lacing: readonly number[], packets: readonly Uint8Array[], granule: bigint, flags: number): Uint8Array {
    const bodyBytes = packets.reduce((n, p) => n + p.byteLength, 0);
    const out = new Uint8Array(27 + lacing.length + bodyBytes);
    const view = new DataView(out.buffer);
    out.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
    out[4] = 0; // version
    out[5] = flags;
    view.setBigInt64(6, granule, true);
    view.setUint32(14, this.serial, true);
    view.setUint32(18, this.sequence++, true);
    out[26] = lacing.length;
    out.set(lacing, 27);
    let at = 27 + lacing.length;
    for (const p of packets) {
      out.set(p, at);
      at += p.byteLength;
    }
    view.setUint32(22, oggCrc(out), true);
    return out;
  }
}

/** The OpusHead packet: version 1, mono or stereo, pre-skip (48 kHz samples), the input rate, mapping family 0. */
export function opusHead(channels: number, preSkip: number, inputRate: number): Uint8Array {
  const out = new Uint8Array(19);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('OpusHead'), 0);
  out[8] = 1;
  out[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, inputRate, true);
  view.setInt16(16, 0, true); // output gain
  out[18] = 0; // channel mapping family
  return out;
}

/** The OpusTags packet: a vendor string and the comments ("KEY=value", UTF-8), none unless given. */
export function opusTags(vendor: string, comments: readonly string[] = []): Uint8Array {
  const enc = new TextEncoder();
  const parts = [vendor, ...comments].map((c) => enc.encode(c));
  const out = new Uint8Array(8 + 4 + parts.reduce((n, p) => n + 4 + p.byteLength, 0));
  const view = new DataView(out.buffer);
  out.set(enc.encode('OpusTags'), 0);
  let at = 8;
  parts.forEach((p, i) => {
    if (i === 1) {
      view.setUint32(at, comments.length, true);
      at += 4;
    }
    view.setUint32(at, p.byteLength, true);
    out.set(p, at + 4);
    at += 4 + p.byteLength;
  });
  if (comments.length === 0) view.setUint32(at, 0, true);
  return out;
}

/** One page as read back: its header fields and the packets that end on it. */
export interface OggPageRead {
  readonly flags: number;
  readonly granule: bigint;
  readonly serial: number;
  /** Packets completed on this page (a packet begun on earlier pages counts on the page it ends on). */
  readonly packets: Uint8Array[];
}

/** The pages of one logical Ogg stream, in order (CRCs not checked: the files read are our own). */
export function readOggPages(bytes: Uint8Array): OggPageRead[] {
  const pages: OggPageRead[] = [];
  let carried: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; ) {
    if (at + 27 > bytes.byteLength || bytes[at] !== 0x4f || bytes[at + 1] !== 0x67 || bytes[at + 2] !== 0x67 || bytes[at + 3] !== 0x53) throw new Error(`no Ogg page at byte ${at}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    const count = bytes[at + 26]!;
    const lacing = bytes.subarray(at + 27, at + 27 + count);
    let body = at + 27 + count;
    const size = 27 + count + lacing.reduce((n, l) => n + l, 0);
    if (at + size > bytes.byteLength) throw new Error(`the Ogg page at byte ${at} is cut short`);
    const packets: Uint8Array[] = [];
    let len = 0;
    for (const l of lacing) {
      len += l;
      if (l < 255) {
        carried.push(bytes.subarray(body, body + len));
        packets.push(carried.length === 1 ? carried[0]! : Buffer.concat(carried));
        carried = [];
        body += len;
        len = 0;
      }
    }
    if (len > 0) carried.push(bytes.subarray(body, body + len));
    pages.push({ flags: bytes[at + 5]!, granule: view.getBigInt64(6, true), serial: view.getUint32(14, true), packets });
    at += size;
  }
  return pages;
}

/** Samples (at 48 kHz) one Opus packet decodes to, from its TOC byte (RFC 6716 section 3.1). */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0]!;
  const config = toc >> 3;
  // Frame length in 48 kHz samples: SILK 10/20/40/60 ms, hybrid 10/20 ms, CELT 2.5/5/10/20 ms.
  const frame = config < 12 ? [480, 960, 1920, 2880][config & 3]! : config < 16 ? [480, 960][config & 1]! : [120, 240, 480, 960][config & 3]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : packet[1]! & 0x3f;
  return frame * frames;
}
