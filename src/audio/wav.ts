import { WaveFile } from 'wavefile';
import { SAMPLE_RATE } from '../spec';

export const WAV_HEADER_BYTES = 44;
const HEADER_BYTES = WAV_HEADER_BYTES;
/**
 * The data size a WAV streamed to a pipe carries: "unknown, read until the end". 0x7ffff000 is the
 * marker sox itself writes when it cannot seek, and the one it reads without complaint; readers that
 * do not know it see a size larger than any stream here and read to the end as well.
 */
export const STREAMING_SIZE = 0x7ffff000;

/**
 * The 44-byte RIFF/WAVE header of a 16-bit mono PCM file holding `dataBytes` bytes of samples.
 * wavefile writes the header fields; we only set the two sizes. (Encoding the samples themselves
 * through wavefile costs ~50 ms per 10 s of audio; copying little-endian int16 costs ~0.1 ms.)
 * A `dataBytes` of STREAMING_SIZE marks a stream whose size is not known yet.
 */
export function wavHeader(dataBytes: number, sampleRate: number = SAMPLE_RATE): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', new Int16Array(0));
  const header = Uint8Array.from(wav.toBuffer().subarray(0, HEADER_BYTES));
  const view = new DataView(header.buffer);
  if (String.fromCharCode(...header.subarray(36, 40)) !== 'data') throw new Error('unexpected WAV header layout from wavefile');
  view.setUint32(4, Math.min(0xffffffff, 36 + dataBytes), true);
  view.setUint32(40, Math.min(0xffffffff, dataBytes), true);
  return header;
}

/** int16 samples as little-endian bytes (a view when the platform is little-endian, as every supported one is). */
export function pcmBytes(samples: Int16Array): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** A complete 16-bit mono WAV file for int16 samples. */
export function encodeWav(samples: Int16Array, sampleRate: number = SAMPLE_RATE): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + samples.byteLength);
  out.set(wavHeader(samples.byteLength, sampleRate), 0);
  out.set(pcmBytes(samples), HEADER_BYTES);
  return out;
}

export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitDepth: string;
  readonly samples: Int16Array;
}

/** Reads a 16-bit PCM WAV through wavefile (for tests and checks). */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt as { sampleRate: number; numChannels: number };
  const raw = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  return { sampleRate: fmt.sampleRate, channels: fmt.numChannels, bitDepth: wav.bitDepth, samples: raw };
}
