import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';

/**
 * wink-pos-tagger's word lists, read as JSON instead of compiled as JavaScript. wink-lexicon writes
 * them as tens of thousands of assignment statements; compiling those took 125 ms and ~17 MB more
 * peak RSS than parsing the same data as JSON (62-70 ms, 76 vs 93 MB peak for load + first tag, and
 * the same tags on the 384 reference sentences). `npm run build` writes the JSON
 * (scripts/build-tagger-data.ts) from the installed wink-lexicon; here it is put into Node's module
 * cache under the modules' own file names before wink-pos-tagger is required, so the tagger gets the
 * same objects it would have built. No file, or one from another wink-lexicon version: nothing is
 * preloaded and wink loads its own modules.
 */

/** The wink-lexicon modules wink-pos-tagger and wink-lemmatizer require that are large data. */
export const TAGGER_DATA_MODULES = [
  'wn-words.js', 'wn-word-senses.js', 'wn-senses.js', 'wn-noun-exceptions.js', 'wn-verb-exceptions.js', 'wn-adjective-exceptions.js', 'lexicon.js',
] as const;

export interface TaggerData {
  /** The wink-lexicon version the data was taken from. */
  readonly version: string;
  readonly modules: Record<string, unknown>;
}

/** dist/data/wink-lexicon.json (this file runs as dist/src/text/lang/misaki/tagger-data.js). */
export const DEFAULT_TAGGER_DATA = join(__dirname, '..', '..', '..', '..', 'data', 'wink-lexicon.json');

export function winkLexiconDir(): string {
  return join(dirname(require.resolve('wink-lexicon/package.json')), 'src');
}

export function winkLexiconVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('wink-lexicon/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Puts the JSON word lists into the module cache (once, before wink-pos-tagger is first required);
 * returns whether it did. Any problem with the file means wink loads its own modules: same tags, slower.
 */
export function preloadTaggerData(file: string = DEFAULT_TAGGER_DATA): boolean {
  if (!existsSync(file)) return false;
  let data: TaggerData;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as TaggerData;
  } catch {
    return false;
  }
  if (data.version !== winkLexiconVersion()) return false;
  const dir = winkLexiconDir();
  const cache = require.cache;
  for (const name of TAGGER_DATA_MODULES) {
    if (!(name in data.modules)) return false;
  }
  for (const name of TAGGER_DATA_MODULES) {
    const path = join(dir, name);
    if (cache[path]) continue;
    const m = new Module(path, module);
    m.filename = path;
    m.loaded = true;
    m.exports = data.modules[name];
    cache[path] = m;
  }
  return true;
}
