import { ENCODED_FORMATS, MP3_KBPS, OPUS_BPS, type EncodedFormat } from './encode';

/** The formats written as the samples are (WAV adds only its header); the others go through an encoder. */
const PLAIN_FORMATS = ['wav', 'pcm'] as const;

/** wav and pcm are the samples as they are; mp3 and opus go through an encoder (`audio/encode.ts`). */
export type AudioFormat = (typeof PLAIN_FORMATS)[number] | EncodedFormat;

/** Every audio format kokoro-ts writes, the one list: plain first, as the CLI lists them (`--format`). */
export const AUDIO_FORMATS: readonly AudioFormat[] = [...PLAIN_FORMATS, ...ENCODED_FORMATS];

/** The format a name stands for, or undefined. */
export const audioFormatOf = (name: string): AudioFormat | undefined => AUDIO_FORMATS.find((f) => f === name);

/** What each format is, for help texts (the bit rates are the encoders' own). */
const FORMAT_NOTES: Record<AudioFormat, string | null> = {
  wav: null,
  pcm: 'raw 16-bit little-endian mono, 24 kHz',
  mp3: `${MP3_KBPS} kbit/s`,
  opus: `Ogg Opus, ${OPUS_BPS / 1000} kbit/s`,
};

/** "wav, pcm (raw ...), mp3 (48 kbit/s) or opus (Ogg Opus, 32 kbit/s)": the formats with their notes. */
export function describeFormats(): string {
  const each = AUDIO_FORMATS.map((f) => (FORMAT_NOTES[f] === null ? f : `${f} (${FORMAT_NOTES[f]})`));
  return `${each.slice(0, -1).join(', ')} or ${each[each.length - 1]}`;
}
