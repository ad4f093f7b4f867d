import { readFile } from 'node:fs/promises';
import { KokoroError } from '../util/errors';
import { parseVoiceSpec } from '../engine/voice-spec';
import { frontEndFor, languageCodes, languageLetter } from '../text/lang/registry';

export interface BenchCase {
  readonly name: string;
  readonly text: string;
  /** The case's own voice (a suite in another language); default: the run's --voice. */
  readonly voice?: string;
  /** The language to read its text as (letter or tag); default: the run's --lang, else the voice's. */
  readonly lang?: string;
}

/** Reads a suite file: { "cases": [{ "name", "text", "voice"?, "lang"? }] }. */
export async function loadSuite(path: string): Promise<BenchCase[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new KokoroError('usage', `cannot read benchmark suite ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const cases = (raw as { cases?: unknown }).cases;
  const optional = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.trim() !== '');
  if (!Array.isArray(cases) || cases.some((c) => typeof c?.name !== 'string' || typeof c?.text !== 'string' || !optional(c?.voice) || !optional(c?.lang))) {
    throw new KokoroError('usage', `benchmark suite ${path} must hold { "cases": [{ "name": string, "text": string, "voice"?: string, "lang"?: string }] }`);
  }
  const badLang = (cases as BenchCase[]).find((c) => c.lang !== undefined && !languageLetter(c.lang));
  if (badLang) throw new KokoroError('usage', `benchmark suite ${path}: case "${badLang.name}" has an unknown lang "${badLang.lang}"`, `use one of ${languageCodes().join(', ')}`);
  return (cases as BenchCase[]).map((c) => ({ name: c.name, text: c.text, ...(c.voice ? { voice: c.voice } : {}), ...(c.lang ? { lang: c.lang } : {}) }));
}

/**
 * Refuses, before any model is loaded, a case whose language kokoro-ts cannot phonemize: its own
 * voice/lang, else the run's. Voice names are checked by the engine when it loads them.
 */
export function checkCaseLanguages(cases: readonly BenchCase[], voice: string, lang: string | undefined): void {
  for (const c of cases) {
    try {
      frontEndFor(parseVoiceSpec(c.voice ?? voice)[0]!.name, c.lang ?? lang);
    } catch (e) {
      if (e instanceof KokoroError) throw new KokoroError(e.code as 'voice-language', `benchmark case "${c.name}": ${e.message}`, e.hint, e.exitCode);
      throw e;
    }
  }
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
