import type { AudioFormat } from '../audio/sink';
import type { Shard } from '../batch/lines';
import { InvalidValue, KokoroError } from '../util/errors';
import { parseNumber, type NumberRule } from '../util/numbers';

/** Flag value parsers: strings from the command line -> typed values, with one-line usage errors. */
export function parseNumberFlag(flag: string, raw: string): number {
  return flagNumber(flag, raw, {});
}

export function parseIntFlag(flag: string, raw: string, min: number, max?: number): number {
  parseNumberFlag(flag, raw); // text that is no number at all is told so, before the bounds
  return flagNumber(flag, raw, { whole: true, min, max });
}

function flagNumber(flag: string, raw: string, rule: NumberRule): number {
  try {
    return parseNumber(raw, rule);
  } catch (e) {
    throw e instanceof InvalidValue ? new KokoroError('usage', `${flag} ${e.reason}, got "${raw}"`) : e;
  }
}

/** --format's choices (commander checks them: `.choices(FORMATS)`). */
export const FORMATS: readonly AudioFormat[] = ['wav', 'pcm', 'mp3', 'opus'];

/** --format: wav, pcm, mp3 or opus. */
export function parseFormat(raw: string): AudioFormat {
  const f = FORMATS.find((x) => x === raw);
  if (f === undefined) throw new KokoroError('usage', `--format must be one of ${FORMATS.join(', ')}, not "${raw}"`);
  return f;
}

/** --shard K/N: whole numbers with 1 <= K <= N. */
export function parseShard(raw: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new KokoroError('usage', `--shard must be K/N with 1 <= K <= N, got "${raw}"`, 'kokoro-ts synth -f lines.txt --split-lines --out-dir out/ --shard 1/4');
  }
  return { index, count };
}

/** Commander argument parsers: a bad value stops the command while its options are parsed, before any work. */
export const intFlag = (flag: string, min: number, max?: number) => (raw: string): number => parseIntFlag(flag, raw, min, max);
export const numberFlag = (flag: string) => (raw: string): number => parseNumberFlag(flag, raw);
