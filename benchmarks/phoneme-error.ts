/**
 * Phoneme error rate of kokoro-ts against misaki (Kokoro's own phonemizer) per language, on the
 * committed reference corpus (test/fixtures/misaki). Not a timing benchmark: deterministic.
 *   npm run build && node dist/benchmarks/phoneme-error.js [--worst N] [lang...]
 */
import { EspeakPool } from '../src/text/phonemize';
import { measureLanguage } from './misaki-corpus';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const w = args.indexOf('--worst');
  const worst = w >= 0 ? Number(args.splice(w, 2)[1]) : 0;
  const langs = args.length > 0 ? args : ['es', 'fr', 'hi', 'it', 'pt-br', 'ja', 'zh', 'en-us', 'en-gb'];
  const espeak = new EspeakPool();
  try {
    console.log('lang   scored  ref tokens  edits  PER      excluded  PER with them');
    for (const lang of langs) {
      const r = await measureLanguage(lang, espeak);
      const edits = r.sentences.reduce((n, s) => n + s.edits, 0);
      const len = r.sentences.reduce((n, s) => n + s.length, 0);
      const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
      console.log(`${lang.padEnd(6)} ${String(r.sentences.length).padStart(6)}  ${String(len).padStart(10)}  ${String(edits).padStart(5)}  ${pct(r.per).padEnd(7)}  ${String(r.excluded.length).padStart(8)}  ${pct(r.perAll)}`);
      for (const s of [...r.sentences, ...r.excluded].sort((a, b) => b.edits - a.edits).slice(0, worst).filter((s) => s.edits > 0)) {
        console.log(`   ${s.edits}  ${s.text}${'case' in s ? `  [excluded: ${s.case}]` : ''}\n      ours   ${s.ours}\n      misaki ${s.misaki}`);
      }
    }
  } finally {
    await espeak.close();
  }
}

void main();
