import { WaveFile } from 'wavefile';
import { SAMPLE_RATE } from '../spec';

/** A complete 16-bit mono WAV file (via wavefile) for int16 samples. */
export function encodeWav(samples: Int16Array, sampleRate: number = SAMPLE_RATE): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', samples);
  return wav.toBuffer();
}

export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitDepth: string;
  readonly samples: Int16Array;
}

/** Reads a 16-bit PCM WAV (for tests and checks). */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt as { sampleRate: number; numChannels: number };
  const raw = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  return { sampleRate: fmt.sampleRate, channels: fmt.numChannels, bitDepth: wav.bitDepth, samples: raw };
}
