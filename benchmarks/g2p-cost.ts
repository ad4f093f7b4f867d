/**
 * What the misaki English front end costs next to the espeak one (issue 17: time per sentence no
 * more than espeak's, peak RSS added at most 60 MB), on the 384 sentences of the misaki reference
 * corpus (test/fixtures/misaki-en/reference.json), both dialects.
 *
 *   npm run build && node dist/benchmarks/g2p-cost.js [--rounds 3] [--rss-runs 3]
 *
 * Time: one process; both front ends loaded first (their load times reported apart), then every
 * sentence through each front end, the order alternating per sentence, `rounds` times; the median
 * per-sentence time of each and their ratio. No phoneme cache: each call does the whole work.
 * Memory: fresh processes, one per front end (and one that only starts Node and loads the code),
 * alternated `rss-runs` times; each phonemizes every sentence in both dialects and reports its peak
 * RSS. "Added" = the misaki process's median minus the espeak process's.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../src/bench/stats';
import type { FrontEnd } from '../src/text/frontend';
import { withG2p, type G2p } from '../src/text/lang/g2p';
import { frontEndById } from '../src/text/lang/registry';
import { EspeakPool } from '../src/text/phonemize';
import { numberFlag, ROOT } from './lib';

const CORPUS = join(ROOT, 'test', 'fixtures', 'misaki-en', 'reference.json');
const DIALECTS = ['en-us', 'en-gb'] as const;

function sentences(): string[] {
  const r = JSON.parse(readFileSync(CORPUS, 'utf8')) as { sentences: { normalized: string }[] };
  return r.sentences.map((s) => s.normalized);
}

function frontEnd(dialect: string, g2p: G2p): FrontEnd {
  return withG2p(frontEndById(dialect)!, g2p);
}

async function phonemize(pool: EspeakPool, fe: FrontEnd, s: string): Promise<string> {
  return (await fe.phonemize(s, { phonemizeLine: async (t) => (await pool.line(fe.espeakVoice)).phonemizeLine(t) })).text;
}

async function timing(rounds: number): Promise<void> {
  const texts = sentences();
  const pool = new EspeakPool();
  const load: Record<string, number> = {};
  for (const g2p of ['espeak', 'misaki'] as const) {
    const t = performance.now();
    for (const d of DIALECTS) await phonemize(pool, frontEnd(d, g2p), 'Hello world.');
    load[g2p] = performance.now() - t;
  }
  const per: Record<G2p, number[]> = { espeak: [], misaki: [] };
  for (let r = 0; r < rounds; r++) {
    for (const d of DIALECTS) {
      for (const [i, s] of texts.entries()) {
        const order: G2p[] = (i + r) % 2 === 0 ? ['espeak', 'misaki'] : ['misaki', 'espeak'];
        for (const g2p of order) {
          const t = performance.now();
          await phonemize(pool, frontEnd(d, g2p), s);
          per[g2p].push(performance.now() - t);
        }
      }
    }
  }
  await pool.close();
  const e = summarize(per.espeak);
  const m = summarize(per.misaki);
  const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / rounds;
  console.log(`${texts.length} sentences x 2 dialects x ${rounds} rounds, interleaved`);
  console.log(`first sentence (load): espeak ${load.espeak!.toFixed(0)} ms (espeak-ng WASM start), misaki ${load.misaki!.toFixed(0)} ms (lexicons + tagger, espeak already up)`);
  console.log(`per sentence: espeak median ${e.median.toFixed(3)} ms (p95 ${e.p95.toFixed(3)}), misaki median ${m.median.toFixed(3)} ms (p95 ${m.p95.toFixed(3)}); misaki/espeak ${(m.median / e.median).toFixed(2)}`);
  console.log(`whole corpus per round: espeak ${total(per.espeak).toFixed(0)} ms, misaki ${total(per.misaki).toFixed(0)} ms; misaki/espeak ${(total(per.misaki) / total(per.espeak)).toFixed(2)}`);
}

/** Child: phonemize the corpus with one front end (or none) and print the peak RSS in kB. */
async function rssChild(g2p: G2p | 'none'): Promise<void> {
  if (g2p !== 'none') {
    const pool = new EspeakPool();
    for (const d of DIALECTS) for (const s of sentences()) await phonemize(pool, frontEnd(d, g2p), s);
    await pool.close();
  }
  console.log(process.resourceUsage().maxRSS);
}

function rss(runs: number): void {
  const kinds = ['none', 'espeak', 'misaki'] as const;
  const peaks: Record<string, number[]> = { none: [], espeak: [], misaki: [] };
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? kinds : [...kinds].reverse();
    for (const k of order) peaks[k]!.push(Number(execFileSync(process.execPath, [__filename, '--rss-child', k], { encoding: 'utf8' }).trim()) / 1024);
  }
  const med = (k: string): number => summarize(peaks[k]!).median;
  for (const k of kinds) console.log(`peak RSS ${k}: median ${med(k).toFixed(0)} MB (${peaks[k]!.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`added by the front end over a bare process: espeak ${(med('espeak') - med('none')).toFixed(0)} MB, misaki ${(med('misaki') - med('none')).toFixed(0)} MB; misaki over espeak ${(med('misaki') - med('espeak')).toFixed(0)} MB`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--rss-child') return rssChild(args[1] as G2p | 'none');
  await timing(numberFlag('--rounds', 3));
  rss(numberFlag('--rss-runs', 3));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
