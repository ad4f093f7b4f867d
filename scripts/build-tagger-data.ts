/**
 * Build step (part of `npm run build`): wink-pos-tagger's lexicon, as plain JSON, into
 * dist/data/wink-lexicon.json. wink-lexicon ships its word lists as JavaScript (77,000 statements
 * like `words.zymurgy = 77260;`), and compiling them took 125 ms and raised peak RSS by ~17 MB more
 * than reading the same data as JSON (misaki/tagger-data.ts loads it). Generated from the installed
 * wink-lexicon, so it never drifts from it; the file records that version, and a mismatch (or no
 * file) falls back to wink's own modules.
 *   node dist/scripts/build-tagger-data.js [out]
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { atomicWriteFile } from '../src/util/fs';
import { DEFAULT_TAGGER_DATA, TAGGER_DATA_MODULES, winkLexiconDir, winkLexiconVersion, type TaggerData } from '../src/text/lang/misaki/tagger-data';

async function main(): Promise<void> {
  const out = process.argv[2] ?? DEFAULT_TAGGER_DATA;
  const dir = winkLexiconDir();
  const data: TaggerData = { version: winkLexiconVersion(), modules: {} };
  for (const name of TAGGER_DATA_MODULES) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    data.modules[name] = require(`${dir}/${name}`) as unknown;
  }
  mkdirSync(dirname(out), { recursive: true });
  await atomicWriteFile(out, JSON.stringify(data));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
