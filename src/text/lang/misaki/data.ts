import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ExitCode, KokoroError } from '../../../util/errors';

/** A lexicon entry: phonemes, or phonemes by part-of-speech tag (DEFAULT always present; null = none). */
export type Entry = string | Readonly<Record<string, string | null>>;
export type Words = Readonly<Record<string, Entry>>;
export type MisakiDialect = 'us' | 'gb';

export interface LexiconData {
  readonly gold: Words;
  readonly silver: Words;
}

/** data/misaki/ of the package (this file runs as dist/src/text/lang/misaki/data.js). */
export const DEFAULT_DATA_DIR = join(__dirname, '..', '..', '..', '..', '..', 'data', 'misaki');

/**
 * misaki's grow_dictionary: every lower-case word also answers capitalised ("hello" -> "Hello") and
 * every capitalised one lower-case, unless the lexicon has that form itself. In place.
 */
export function growDictionary(words: Record<string, Entry>): Record<string, Entry> {
  for (const k of Object.keys(words)) {
    if (k.length < 2) continue;
    const lower = k.toLowerCase();
    const cap = capitalize(k);
    let extra: string | null = null;
    if (k === lower) {
      if (k !== cap) extra = cap;
    } else if (k === capitalize(lower)) extra = lower;
    if (extra !== null && !Object.hasOwn(words, extra)) words[extra] = words[k]!;
  }
  return words;
}

/** Python's str.capitalize: first character upper, the rest lower. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function readWords(dir: string, name: string): Record<string, Entry> {
  const file = join(dir, `${name}.json.gz`);
  try {
    return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Record<string, Entry>;
  } catch (e) {
    throw new KokoroError(
      'phonemizer',
      `cannot load the misaki lexicon ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      'reinstall kokoro-ts (data/misaki/ ships with it), or use --g2p espeak',
      ExitCode.Failure,
      { cause: e },
    );
  }
}

const loaded = new Map<string, LexiconData>();

/**
 * A dialect's gold and silver lexicons, read on first use and then kept (one copy per thread: an
 * engine-host worker that speaks English through misaki loads its own). A missing or corrupt file is a
 * KokoroError naming it.
 */
export function lexiconData(dialect: MisakiDialect, dir: string = DEFAULT_DATA_DIR): LexiconData {
  const key = `${dir}\0${dialect}`;
  let d = loaded.get(key);
  if (!d) {
    d = { gold: growDictionary(readWords(dir, `${dialect}_gold`)), silver: growDictionary(readWords(dir, `${dialect}_silver`)) };
    loaded.set(key, d);
  }
  return d;
}
