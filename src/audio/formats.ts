import { MP3_KBPS, OPUS_BPS, type EncodedFormat } from './encode';

/** wav and pcm are the samples as they are; mp3 and opus go through an encoder (`audio/encode.ts`). */
export type AudioFormat = 'wav' | 'pcm' | EncodedFormat;

/** What each format is, for help texts (the bit rates are the encoders' own); its keys, in this order, are the one list. */
const NOTES: Record<AudioFormat, string> = { wav: '', pcm: 'raw 16-bit little-endian mono, 24 kHz', mp3: `${MP3_KBPS} kbit/s`, opus: `Ogg Opus, ${OPUS_BPS / 1000} kbit/s` };

/** Every audio format kokoro-ts writes, as the CLI lists them (`--format`); the server and batch derive theirs. */
export const AUDIO_FORMATS = Object.keys(NOTES) as readonly AudioFormat[];
export const audioFormatOf = (name: string): AudioFormat | undefined => AUDIO_FORMATS.find((f) => f === name);

/** "wav, pcm (raw ...), mp3 (48 kbit/s) or opus (Ogg Opus, 32 kbit/s)". */
export function describeFormats(): string {
  const each = AUDIO_FORMATS.map((f) => (NOTES[f] ? `${f} (${NOTES[f]})` : f));
  return `${each.slice(0, -1).join(', ')} or ${each.at(-1)}`;
}
