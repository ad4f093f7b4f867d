import { AUDIO_FORMATS } from '../audio/formats';
import { KokoroError } from '../util/errors';

/** One line of a batch file to speak. */
export interface BatchItem {
  /** 1-based line number in the input. */
  readonly line: number;
  /** File name without extension. */
  readonly name: string;
  readonly text: string;
  /** A voice (name or blend) of its own, from a third column with `withNames`; undefined: the run's. */
  readonly voice?: string;
}

const BAD_NAME = /[/\\\u0000-\u001f]|^\.\.?$/u;
/** A name column may carry an audio extension ("one.wav"): it is dropped from the name. */
const FORMAT_EXTENSION = new RegExp(`\\.(${AUDIO_FORMATS.join('|')})$`, 'i');

/**
 * Lines -> items (pure). Empty and whitespace-only lines are skipped. Names come from the line
 * number, zero-padded to the width of the last line's number (at least 4 digits), or with
 * `withNames` from a second, tab-separated column ("text<TAB>name"). A bad or repeated name is
 * refused up front, naming its line, so no work is done on an input that cannot be written.
 */
export function parseBatchLines(input: string, withNames: boolean): BatchItem[] {
  const lines = input.split(/\r?\n/);
  const width = Math.max(4, String(lines.length).length);
  const items: BatchItem[] = [];
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let text = raw;
    let name = String(line).padStart(width, '0');
    let voice: string | undefined;
    if (withNames) {
      const cols = raw.split('\t');
      if (cols.length < 2) throw new KokoroError('usage', `line ${line} has no name column`, 'with --names each line is: text<TAB>name[<TAB>voice]');
      // Three or more columns: the last is the line's voice, the one before it the name.
      if (cols.length >= 3) {
        voice = cols.pop()!.trim();
        if (voice === '') throw new KokoroError('usage', `line ${line} has an empty voice column`, 'with --names each line is: text<TAB>name[<TAB>voice]');
      }
      name = cols.pop()!.trim().replace(FORMAT_EXTENSION, '');
      text = cols.join('\t');
      if (name === '' || BAD_NAME.test(name)) throw new KokoroError('usage', `line ${line}: "${name}" cannot be a file name`, 'names may not be empty or hold / or \\');
      if (text.trim() === '') throw new KokoroError('usage', `line ${line} has a name but no text`);
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new KokoroError('usage', `lines ${earlier} and ${line} have the same name "${name}"`, 'give each line its own name');
    seen.set(name, line);
    items.push({ line, name, text, ...(voice !== undefined ? { voice } : {}) });
  });
  if (items.length === 0) throw new KokoroError('bad-text', 'the input has no non-empty lines', 'give one text per line');
  return items;
}

/** This process's part of a batch split over `count` processes: the `index`-th (1-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * The items of one shard (pure): those whose position among the non-empty lines, modulo `count`, is
 * `index - 1`. Stable, disjoint, and together the shards hold every item; names do not change.
 */
export function shardItems(items: readonly BatchItem[], shard: Shard): BatchItem[] {
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}

/**
 * Intra-op threads for each of `jobs` sessions so together they use `total` (at least one each).
 * `total` 0 (ONNX Runtime decides) counts as `cores`.
 */
export function threadsPerJob(total: number, jobs: number, cores: number): number {
  const t = total > 0 ? total : cores;
  return Math.max(1, Math.floor(t / jobs));
}
