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

/** --format: wav or pcm. */
export function parseFormat(raw: string): AudioFormat {
  if (raw === 'wav' || raw === 'pcm') return raw;
  throw new KokoroError('usage', `--format must be wav or pcm, not "${raw}"`);
}
