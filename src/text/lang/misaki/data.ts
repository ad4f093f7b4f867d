import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ExitCode, KokoroError } from '../../../util/errors';

/** A lexicon entry: phonemes, or phonemes by part-of-speech tag (DEFAULT always present; null = none). */
export type Entry = string | Readonly<Record<string, string | null>>;
export type MisakiDialect = 'us' | 'gb';

/** Word -> entry. */
export interface Words {
  get(word: string): Entry | undefined;
}

export interface LexiconData {
  readonly gold: Words;
  readonly silver: Words;
}

/** data/misaki/ of the package (this file runs as dist/src/text/lang/misaki/data.js). */
export const DEFAULT_DATA_DIR = join(__dirname, '..', '..', '..', '..', '..', 'data', 'misaki');

/** Python's str.capitalize: first character upper, the rest lower. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

const TAB = 9;
const NL = 10;

/**
 * One lexicon file kept as its bytes: lines "word<TAB>value" sorted by the word's UTF-8 bytes
 * (scripts/build-misaki-lexicon.ts), found by binary search. About 4 MB per lexicon instead of the
 * tens of MB a JavaScript object of the same words takes.
 */
export class SortedWords implements Words {
  private readonly starts: Uint32Array;
  private readonly tabs: Uint32Array;
  private readonly parsed = new Map<number, Entry>();

  constructor(private readonly buf: Buffer) {
    let n = 0;
    for (let i = 0; i < buf.length; i++) if (buf[i] === NL) n++;
    this.starts = new Uint32Array(n + 1);
    this.tabs = new Uint32Array(n);
    let line = 0;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] === TAB && this.tabs[line] === 0 && i > start) this.tabs[line] = i;
      else if (buf[i] === NL) {
        if (this.tabs[line] === 0) throw new Error(`line ${line + 1} has no tab`);
        line++;
        start = i + 1;
        this.starts[line] = start;
      }
    }
  }

  get size(): number {
    return this.tabs.length;
  }

  /** The entry of exactly this word, or undefined. */
  raw(word: string): Entry | undefined {
    const key = Buffer.from(word);
    let lo = 0;
    let hi = this.tabs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.buf.compare(key, 0, key.length, this.starts[mid]!, this.tabs[mid]!);
      if (c === 0) return this.value(mid);
      // buf.compare(target...) compares the line's word with the key.
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private value(i: number): Entry {
    const s = this.buf.toString('utf8', this.tabs[i]! + 1, this.starts[i + 1]! - 1);
    if (s[0] !== '{') return s;
    let e = this.parsed.get(i);
    if (!e) {
      e = JSON.parse(s) as Entry;
      this.parsed.set(i, e);
    }
    return e;
  }

  /**
   * misaki's grow_dictionary, at lookup: a word the lexicon lacks answers with its lower-case twin
   * when it is capitalised ("Hello" -> "hello"), or with its capitalised twin when it is lower-case
   * ("paris" -> "Paris"); words of one character have no twin.
   */
  get(word: string): Entry | undefined {
    const own = this.raw(word);
    if (own !== undefined || word.length < 2) return own;
    const lower = word.toLowerCase();
    if (word === lower) {
      const cap = capitalize(word);
      return cap === word ? undefined : this.raw(cap);
    }
    return word === capitalize(word) ? this.raw(lower) : undefined;
  }
}

function readWords(dir: string, name: string): SortedWords {
  const file = join(dir, `${name}.tsv.gz`);
  try {
    return new SortedWords(gunzipSync(readFileSync(file)));
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
    d = { gold: readWords(dir, `${dialect}_gold`), silver: readWords(dir, `${dialect}_silver`) };
    loaded.set(key, d);
  }
  return d;
}
