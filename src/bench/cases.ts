import { readFile } from 'node:fs/promises';
import { KokoroError } from '../util/errors';

export interface BenchCase {
  readonly name: string;
  readonly text: string;
}

/** Reads a suite file: { "cases": [{ "name", "text" }] }. */
export async function loadSuite(path: string): Promise<BenchCase[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new KokoroError('usage', `cannot read benchmark suite ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const cases = (raw as { cases?: unknown }).cases;
  if (!Array.isArray(cases) || cases.some((c) => typeof c?.name !== 'string' || typeof c?.text !== 'string')) {
    throw new KokoroError('usage', `benchmark suite ${path} must hold { "cases": [{ "name": string, "text": string }] }`);
  }
  return cases as BenchCase[];
}

/** Picks cases by name (in the order asked) and appends a custom text case. */
export function selectCases(all: readonly BenchCase[], names: readonly string[] | null, custom: string | null): BenchCase[] {
  const chosen: BenchCase[] = names
    ? names.map((n) => {
        const c = all.find((x) => x.name === n);
        if (!c) throw new KokoroError('usage', `no benchmark case "${n}"`, `cases: ${all.map((x) => x.name).join(', ')}`);
        return c;
      })
    : [...all];
  if (custom !== null) {
    if (custom.trim() === '') throw new KokoroError('bad-text', '--text is empty');
    chosen.push({ name: 'custom', text: custom });
  }
  if (chosen.length === 0) throw new KokoroError('usage', 'no benchmark cases selected');
  return chosen;
}
