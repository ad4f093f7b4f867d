/**
 * A light look (not a benchmark) at front-end time per sentence of both English paths: the reference
 * sentences (test/fixtures/misaki-en/sentences.txt) normalized and phonemized, 3 runs each after a
 * warm-up run (which loads misaki's lexicons and tagger), median of the runs.
 *   npm run build && node dist/scripts/g2p-frontend-time.js
 */
import { performance } from 'node:perf_hooks';
import { englishFrontEnd } from '../src/text/lang/english';
import { englishMisakiFrontEnd } from '../src/text/lang/english-misaki';
import { EspeakPool } from '../src/text/phonemize';
import { TrackedText } from '../src/text/tracked';
import { loadReference } from './misaki-eval';

async function main(): Promise<void> {
  const texts = loadReference().map((s) => s.text);
  const espeak = new EspeakPool();
  const line = await espeak.line('en-us');
  for (const [name, fe] of [['espeak', englishFrontEnd('en-us')], ['misaki', englishMisakiFrontEnd('en-us')]] as const) {
    const t0 = performance.now();
    await fe.phonemize('Hello there.', line);
    const first = performance.now() - t0;
    const runs: number[] = [];
    for (let r = 0; r < 4; r++) {
      const t = performance.now();
      let n = 0;
      for (const text of texts) {
        for (const s of fe.splitSentences(fe.normalize(TrackedText.of(text)))) {
          await fe.phonemize(s.text, line);
          n++;
        }
      }
      if (r > 0) runs.push((performance.now() - t) / n);
    }
    runs.sort((a, b) => a - b);
    console.log(`${name}: first sentence ${first.toFixed(0)} ms; then ${runs[1]!.toFixed(2)} ms per sentence (median of 3 runs over ${texts.length} texts)`);
  }
  await espeak.close();
}
void main();
