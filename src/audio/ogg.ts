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

/** The OpusTags packet: a vendor string and no comments. */
export function opusTags(vendor: string): Uint8Array {
  const v = new TextEncoder().encode(vendor);
  const out = new Uint8Array(8 + 4 + v.byteLength + 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('OpusTags'), 0);
  view.setUint32(8, v.byteLength, true);
  out.set(v, 12);
  view.setUint32(12 + v.byteLength, 0, true);
  return out;
}
