import { AUDIO_FORMATS, audioFormatOf, type AudioFormat } from '../audio/formats';
import type { Shard } from '../batch/lines';
import { InvalidValue, KokoroError } from '../util/errors';
import { commaList } from '../util/list';
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

/** --format: one of AUDIO_FORMATS (synth's, batch's and bench --server's). */
export function parseFormat(raw: string): AudioFormat {
  const f = audioFormatOf(raw);
  if (f === undefined) throw new KokoroError('usage', `--format must be one of ${AUDIO_FORMATS.join(', ')}, not "${raw}"`);
  return f;
}

/** "1,2,4" -> [1, 2, 4] in the order given, no repeats (commander's parser); `keep`: "1,,2" is refused, not "1,2". */
export const intListFlag = (flag: string, min: number, max: number, empty: 'drop' | 'keep' = 'drop') => (raw: string): number[] => {
  const parts = commaList(raw, empty);
  if (parts.length === 0) throw new KokoroError('usage', `${flag} needs a comma-separated list, e.g. 1,2,4`);
  return [...new Set(parts.map((p) => parseIntFlag(flag, p, min, max)))];
};

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
