/**
 * Does a load-time warm-up pay for itself? For one request (what `kokoro-ts synth` serves) it pays
 * only if process start -> audio written is shorter with it. Also shows the cold first-request time
 * it removes. Fresh processes, the two settings alternated; medians.
 *   node dist/benchmarks/warmup.js MODEL [runs] [threads] [text]
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../src/bench/stats';
import { ROOT } from './lib';
import type { SynthSummary } from '../src/results/synth';

const TEXT = 'This is a much longer text that will test the performance of the TTS system with more complex synthesis requirements and longer processing times.';

function run(model: string, threads: number, text: string, warm: boolean): { totalMs: number; firstRequestMs: number; warmupMs: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kokoro-ts'), 'synth', text, '-m', model, '--voices-dir', join(ROOT, 'test', 'fixtures', 'voices'), '--threads', String(threads), warm ? '--engine-warmup' : '--no-engine-warmup', '-o', join(tmpdir(), 'kokoro-warmup.wav'), '--json', '-'], { encoding: 'utf8' });
  const totalMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(r.stderr);
  const s = JSON.parse(r.stdout) as SynthSummary;
  return { totalMs, firstRequestMs: s.synthesisSeconds * 1000, warmupMs: s.warmupMs };
}

function main(): void {
  const model = process.argv[2];
  if (!model) throw new Error('usage: warmup.js MODEL [runs] [threads] [text]');
  const runs = Number(process.argv[3] ?? 5);
  const threads = Number(process.argv[4] ?? 2);
  const text = process.argv[5] ?? TEXT;
  run(model, threads, text, false); // page cache
  const off: ReturnType<typeof run>[] = [];
  const on: ReturnType<typeof run>[] = [];
  for (let i = 0; i < runs; i++) {
    off.push(run(model, threads, text, false));
    on.push(run(model, threads, text, true));
  }
  const med = (xs: number[]): string => summarize(xs).median.toFixed(0);
  console.log(`model ${model}; ${threads} threads; ${text.length} characters; ${runs} alternated runs each`);
  console.log(`no warm-up:   first request ${med(off.map((x) => x.firstRequestMs))} ms, process total ${med(off.map((x) => x.totalMs))} ms`);
  console.log(`with warm-up: warm-up ${med(on.map((x) => x.warmupMs))} ms, first request ${med(on.map((x) => x.firstRequestMs))} ms, process total ${med(on.map((x) => x.totalMs))} ms`);
  const saved = summarize(off.map((x) => x.firstRequestMs)).median - summarize(on.map((x) => x.firstRequestMs)).median;
  const cost = summarize(on.map((x) => x.warmupMs)).median;
  console.log(`first request ${saved.toFixed(0)} ms faster for ${cost.toFixed(0)} ms of warm-up: ${saved > cost ? 'pays' : 'does not pay'} for one request`);
}

main();
