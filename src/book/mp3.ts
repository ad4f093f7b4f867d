/** The MPEG audio frames of one LAME-made file: where they start, how many, how long each is. */
export interface Mp3Frames {
  /** Byte offset of the first audio frame (after an ID3 tag and a Xing/Info frame, if any). */
  readonly start: number;
  readonly frames: number;
  /** Duration of all the audio frames, in ms. */
  readonly ms: number;
}

const RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
const KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

function header(b: Buffer, at: number): { size: number; samples: number; rate: number; sideInfo: number } | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1]! >> 3) & 3;
  const layer = (b[at + 1]! >> 1) & 3;
  const kbps = (version === 3 ? KBPS_V1 : KBPS_V2)[b[at + 2]! >> 4];
  const rate = RATES[version]?.[(b[at + 2]! >> 2) & 3];
  if (layer !== 1 || !kbps || !rate) return null; // Layer III only: what LAME writes
  const padding = (b[at + 2]! >> 1) & 1;
  const mono = b[at + 3]! >> 6 === 3;
  const samples = version === 3 ? 1152 : 576;
  return { size: Math.floor((samples / 8) * kbps * 1000 / rate) + padding, samples, rate, sideInfo: version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17 };
}

/**
 * The frames of an MP3 file. A Xing/Info frame (LAME's VBR header, whose frame count and seek table
 * describe that one file) is not audio: it is skipped, so files concatenated after it stay one
 * valid stream, and the assembled file's durations come from the frames a player counts.
 */
export function mp3Frames(b: Buffer): Mp3Frames {
  let at = 0;
  if (b.toString('latin1', 0, 3) === 'ID3') at = 10 + ((b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!);
  const h0 = header(b, at);
  if (h0) {
    const tag = b.toString('latin1', at + 4 + h0.sideInfo, at + 8 + h0.sideInfo);
    if (tag === 'Xing' || tag === 'Info') at += h0.size;
  }
  const start = at;
  let frames = 0;
  let ms = 0;
  for (let h = header(b, at); h; h = header(b, at)) {
    frames++;
    ms += (h.samples * 1000) / h.rate;
    at += h.size;
  }
  if (at < b.length && frames === 0) throw new Error('no MPEG audio frames');
  return { start, frames, ms };
}
