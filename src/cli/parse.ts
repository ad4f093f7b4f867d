import type { AudioFormat } from '../audio/sink';
import { KokoroError } from '../util/errors';

/** Flag value parsers: strings from the command line -> typed values, with one-line errors. */
export function parseNumberFlag(flag: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new KokoroError('usage', `${flag} must be a number, got "${raw}"`);
  return v;
}

export function parseIntFlag(flag: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = parseNumberFlag(flag, raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new KokoroError('usage', `${flag} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${raw}"`);
  }
  return v;
}

/** --format's choices (commander checks them: `.choices(FORMATS)`). */
export const FORMATS: readonly AudioFormat[] = ['wav', 'pcm', 'mp3', 'opus'];

/** --format: wav, pcm, mp3 or opus. */
export function parseFormat(raw: string): AudioFormat {
  const f = FORMATS.find((x) => x === raw);
  if (f === undefined) throw new KokoroError('usage', `--format must be one of ${FORMATS.join(', ')}, not "${raw}"`);
  return f;
}

/** Commander argument parsers: a bad value stops the command while its options are parsed, before any work. */
export const intFlag = (flag: string, min: number, max?: number) => (raw: string): number => parseIntFlag(flag, raw, min, max);
export const numberFlag = (flag: string) => (raw: string): number => parseNumberFlag(flag, raw);
