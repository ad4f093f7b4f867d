/**
 * Regenerates data/misaki/ from the pinned misaki wheel (PyPI misaki 0.9.4, Apache-2.0): its us/gb
 * gold and silver pronunciation lexicons, with misaki's LICENSE and a NOTICE. Each lexicon becomes
 * gzip'd lines "word<TAB>phonemes" (a homograph's value: its JSON object), sorted by the word's UTF-8
 * bytes, so kokoro-ts can keep the file as one buffer and binary-search it (src/text/lang/misaki/data.ts)
 * instead of building a JavaScript object of 180,000 keys.
 * Needs `unzip`. Get the wheel with `pip download misaki==0.9.4 --no-deps`, then:
 *   npm run build && node dist/scripts/build-misaki-lexicon.js misaki-0.9.4-py3-none-any.whl
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib';
import { gzipSync } from 'node:zlib';

const WHEEL_SHA256 = '90e2eeb169786c014c429e5058d2ea6bcd02d651f2a24450ba6c9ffc0f8da15a';
const FILES = ['us_gold', 'us_silver', 'gb_gold', 'gb_silver'];
const out = join(ROOT, 'data', 'misaki');

function member(wheel: string, name: string): Buffer {
  return execFileSync('unzip', ['-p', wheel, name], { maxBuffer: 64 * 1024 * 1024 });
}

function main(): void {
  const wheel = process.argv[2];
  if (!wheel) throw new Error('usage: build-misaki-lexicon.js misaki-0.9.4-py3-none-any.whl');
  const digest = createHash('sha256').update(readFileSync(wheel)).digest('hex');
  if (digest !== WHEEL_SHA256) throw new Error(`wheel sha256 ${digest} is not the pinned ${WHEEL_SHA256}`);
  mkdirSync(out, { recursive: true });
  for (const f of FILES) {
    const words = JSON.parse(member(wheel, `misaki/data/${f}.json`).toString('utf8')) as Record<string, unknown>;
    const lines = Object.entries(words).map(([k, v]) => {
      if (/[\t\n]/.test(k)) throw new Error(`${f}: word ${JSON.stringify(k)} has a tab or newline`);
      return { key: Buffer.from(k), line: `${k}\t${typeof v === 'string' ? v : JSON.stringify(v)}\n` };
    });
    lines.sort((a, b) => Buffer.compare(a.key, b.key));
    // mtime 0 in the gzip header: the same wheel gives byte-identical files.
    writeFileSync(join(out, `${f}.tsv.gz`), gzipSync(Buffer.from(lines.map((l) => l.line).join('')), { level: 9 }));
  }
  writeFileSync(join(out, 'LICENSE'), member(wheel, 'misaki-0.9.4.dist-info/licenses/LICENSE'));
  writeFileSync(
    join(out, 'NOTICE'),
    [
      'The pronunciation lexicons in this folder (us_gold, us_silver, gb_gold, gb_silver) are the data',
      'files of misaki 0.9.4 (https://pypi.org/project/misaki/0.9.4/, by hexgrad), Apache License 2.0',
      '(LICENSE beside this file). Each is stored as sorted lines "word<TAB>phonemes" (a homograph\'s',
      'phonemes by part of speech as its JSON object), gzip-compressed; the words and phonemes are unchanged.',
      `Source wheel: misaki-0.9.4-py3-none-any.whl, sha256 ${WHEEL_SHA256}.`,
      'Regenerate with scripts/build-misaki-lexicon.ts.',
      '',
    ].join('\n'),
  );
  console.log(`wrote ${FILES.length} lexicons to ${out}`);
}
main();
