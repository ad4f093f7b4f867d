/**
 * Reads lines on stdin, prints a JSON array of each line through the English normalizer (kokoro-ts's
 * readings of numbers, money, dates, abbreviations). Used by scripts/misaki-reference.py so misaki's
 * reference phonemes can be made for the same words kokoro-ts phonemizes.
 *   npm run build && node dist/scripts/normalize-lines.js < lines.txt
 */
import { readFileSync } from 'node:fs';
import { normalize } from '../src/text/normalize';

const lines = readFileSync(0, 'utf8').split('\n').filter((l) => l !== '');
process.stdout.write(`${JSON.stringify(lines.map((l) => normalize(l)))}\n`);
