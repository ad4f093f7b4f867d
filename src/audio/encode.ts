import { createMp3Encoder } from 'wasm-media-encoders';
import OpusScript from 'opusscript';
import { SAMPLE_RATE } from '../spec';
import { MAX_SEGMENTS, OGG_BOS, OGG_EOS, OggStream, opusHead, opusTags, segmentsOf } from './ogg';

/** Compressed formats, made by WASM encoders (no native addon, no ffmpeg). */
export type EncodedFormat = 'mp3' | 'opus';
export const ENCODED_FORMATS: readonly EncodedFormat[] = ['mp3', 'opus'];

/** MP3 bit rate (kbit/s, CBR): 24 kHz mono speech is clear at 48. */
export const MP3_KBPS = 48;
/** Opus bit rate (bit/s). */
export const OPUS_BPS = 32_000;
/**
 * libopus's encoder delay in 48 kHz samples (2.5 ms + 4 ms of delay compensation in the AUDIO
 * application, at every input rate): the OpusHead pre-skip a player drops.
 */
export const OPUS_PRE_SKIP = 312;

/** int16 samples in, encoded bytes out, in order. Returned bytes are the caller's (copies). */
export interface Encoder {
  encode(samples: Int16Array): Uint8Array;
  /** The tail (buffered frames, the end of the stream); the encoder is closed after it. */
  finish(): Uint8Array;
  /** Frees the encoder's memory (after finish, or instead of it on abort). */
  close(): void;
}

export const isEncoded = (format: string): format is EncodedFormat => (ENCODED_FORMATS as readonly string[]).includes(format);

export function openEncoder(format: EncodedFormat, sampleRate: number = SAMPLE_RATE): Promise<Encoder> {
  return format === 'mp3' ? mp3Encoder(sampleRate) : Promise.resolve(oggOpusEncoder(sampleRate));
}

/** MP3 through LAME compiled to WASM (wasm-media-encoders): MPEG-2 Layer III at 24 kHz, CBR. */
async function mp3Encoder(sampleRate: number): Promise<Encoder> {
  const enc = await createMp3Encoder();
  enc.configure({ channels: 1, sampleRate, bitrate: MP3_KBPS });
  return {
    encode(samples) {
      const f = new Float32Array(samples.length);
      for (let i = 0; i < samples.length; i++) f[i] = samples[i]! / 32768;
      return enc.encode([f]).slice(); // a view into WASM memory until the next call
    },
    finish: () => enc.finalize().slice(),
    close: () => undefined,
  };
}

/**
 * Ogg Opus (RFC 7845) through libopus compiled to WASM (opusscript): 20 ms frames, the packets made
 * by each `encode` sent as pages at once (a streamed answer plays as it comes), the last page's
 * granule position trimming the padding of the last frame.
 */
function oggOpusEncoder(sampleRate: number): Encoder {
  if (!(OpusScript.VALID_SAMPLING_RATES as readonly number[]).includes(sampleRate)) throw new Error(`Opus cannot take ${sampleRate} Hz`);
  const opus = new OpusScript(sampleRate as 8000 | 12000 | 16000 | 24000 | 48000, 1, OpusScript.Application.AUDIO);
  opus.setBitrate(OPUS_BPS);
  const frame = sampleRate / 50;
  const to48k = 48_000 / sampleRate;
  const ogg = new OggStream((Math.random() * 0x1_0000_0000) >>> 0);
  const pending = new Int16Array(frame);
  let filled = 0;
  let framesOut = 0;
  let samplesIn = 0;
  let started = false;
  let closed = false;

  const packetOf = (pcm: Int16Array): Uint8Array => Uint8Array.from(opus.encode(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), frame));
  /** Pages for packets, each as full as it may be; the last page gets `lastFlags` and `lastGranule`. */
  const pages = (packets: Uint8Array[], lastFlags = 0, lastGranule?: bigint): Uint8Array[] => {
    const out: Uint8Array[] = [];
    let page: Uint8Array[] = [];
    let segments = 0;
    let frames = framesOut;
    const flush = (flags: number, granule?: bigint): void => {
      out.push(ogg.page(page, granule ?? BigInt(OPUS_PRE_SKIP + frames * frame * to48k), flags));
      page = [];
      segments = 0;
    };
    packets.forEach((p) => {
      if (segments + segmentsOf(p) > MAX_SEGMENTS) flush(0);
      page.push(p);
      segments += segmentsOf(p);
      frames++;
    });
    if (page.length > 0 || lastFlags !== 0) flush(lastFlags, lastGranule);
    framesOut = frames;
    return out;
  };
  const headers = (): Uint8Array[] => {
    if (started) return [];
    started = true;
    return [ogg.page([opusHead(1, OPUS_PRE_SKIP, sampleRate)], 0n, OGG_BOS), ogg.page([opusTags('kokoro-ts (libopus via opusscript)')], 0n)];
  };
  const packetsOf = (samples: Int16Array): Uint8Array[] => {
    const packets: Uint8Array[] = [];
    for (let i = 0; i < samples.length; ) {
      const n = Math.min(frame - filled, samples.length - i);
      pending.set(samples.subarray(i, i + n), filled);
      filled += n;
      i += n;
      if (filled === frame) {
        packets.push(packetOf(pending));
        filled = 0;
      }
    }
    return packets;
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    opus.delete();
  };
  return {
    encode(samples) {
      samplesIn += samples.length;
      return Buffer.concat([...headers(), ...pages(packetsOf(samples))]);
    },
    finish() {
      // Pad the last frame, and add one of silence so the encoder's lookahead flushes the real end.
      const padding = (filled > 0 ? frame - filled : 0) + frame;
      const tail = packetsOf(new Int16Array(padding));
      const out = Buffer.concat([...headers(), ...pages(tail, OGG_EOS, BigInt(OPUS_PRE_SKIP + samplesIn * to48k))]);
      close();
      return out;
    },
    close,
  };
}
