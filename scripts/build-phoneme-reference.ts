/**
 * Builds test/fixtures/phonemes/reference.json from corpus.json with the system espeak-ng
 * (Debian package `espeak-ng`), run once per word stretch exactly as the WASM worker is fed, then
 * the same Kokoro post-processing. Regenerate (needs `apt-get install espeak-ng`):
 *   npm run build && node dist/scripts/build-phoneme-reference.js
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib';
import { normalize } from '../src/text/normalize';
import { phonemizeWith, type LinePhonemizer } from '../src/text/phonemize';
import { espeakToKokoro, type Dialect } from '../src/text/kokoro-phonemes';

const dir = join(ROOT, 'test', 'fixtures', 'phonemes');
const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as { dialect: Dialect; text: string }[];
const version = execFileSync('espeak-ng', ['--version'], { encoding: 'utf8' }).trim();

function nativeLine(dialect: Dialect): LinePhonemizer {
  return {
    phonemizeLine: async (text) =>
      execFileSync('espeak-ng', ['-q', '--ipa', '--tie=^', '-v', dialect], { input: `${text}\n`, encoding: 'utf8' }).split('\n'),
  };
}

async function main(): Promise<void> {
  const entries = [];
  for (const { dialect, text } of corpus) {
    const normalized = normalize(text);
    entries.push({ dialect, text, normalized, phonemes: await phonemizeWith(nativeLine(dialect), normalized, (ipa) => espeakToKokoro(ipa, dialect)) });
  }
  writeFileSync(join(dir, 'reference.json'), `${JSON.stringify({ espeak: version, entries }, null, 1)}\n`);
  console.log(`${entries.length} entries from ${version}`);
}
void main();
