/**
 * Phonemizer cost in a long-lived process (issue target: a 62-character sentence at most 5 ms warm),
 * against the naive way (a fresh espeak-ng WASM instance per call).
 *   npm run build && node dist/benchmarks/phonemize.js [runs]
 */
import { EspeakPool } from '../src/text/phonemize';
import { frontEndById } from '../src/text/lang/registry';

const EN = frontEndById('en-us')!;
const phonemize = async (pool: EspeakPool, s: string): Promise<string> => (await EN.phonemize(s, await pool.line(EN.espeakVoice))).text;
import { summarize } from '../src/bench/stats';

const SENTENCE = 'This is a medium length sentence, for testing TTS performance.'; // 62 characters

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 200);
  const t0 = performance.now();
  const warm = new EspeakPool();
  await warm.line('en-us');
  const startMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await phonemize(warm, SENTENCE);
    times.push(performance.now() - t);
  }
  await warm.close();
  const fresh: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const p = new EspeakPool();
    await phonemize(p, SENTENCE);
    fresh.push(performance.now() - t);
    await p.close();
  }
  const w = summarize(times);
  const f = summarize(fresh);
  console.log(`sentence: ${SENTENCE.length} characters`);
  console.log(`worker start (WASM compile + espeak init), once per process: ${startMs.toFixed(0)} ms`);
  console.log(`warm, one long-lived instance: median ${w.median.toFixed(2)} ms, p95 ${w.p95.toFixed(2)} ms, min ${w.min.toFixed(2)} ms over ${runs} calls`);
  console.log(`fresh instance per call:       median ${f.median.toFixed(0)} ms over ${fresh.length} calls (${(f.median / w.median).toFixed(0)}x slower)`);
}
void main();
