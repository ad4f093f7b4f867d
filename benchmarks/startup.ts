/**
 * Model load: time from process start to "session ready" for `kokoro-ts synth` against a bare
 * script that only does InferenceSession.create on the same file (issue target: at most 1.15x).
 * Both are fresh Node processes, alternated, and timed from their own process start
 * (performance.now() counts from it).
 *   npm run build && node dist/benchmarks/startup.js MODEL [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { summarize } from '../src/bench/stats';
import { ROOT } from './lib';
import type { SynthSummary } from '../src/results/synth';


function bare(model: string): number {
  const script = `const ort=require('onnxruntime-node');ort.InferenceSession.create(${JSON.stringify(model)},{graphOptimizationLevel:'all'}).then(()=>console.log(performance.now()))`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim());
}

function cliReadyMs(model: string): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kokoro-ts'), 'synth', 'Hi.', '-o', '/dev/null', '--json', '-', '-m', model, '--voices-dir', join(ROOT, 'test', 'fixtures', 'voices')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kokoro-ts synth failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as SynthSummary).readyMs;
}

function main(): void {
  const model = process.argv[2];
  if (!model) throw new Error('usage: startup.js MODEL [runs]');
  const runs = Number(process.argv[3] ?? 7);
  bare(model); // warm the page cache for both
  const b: number[] = [];
  const k: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(bare(model));
    k.push(cliReadyMs(model));
  }
  const sb = summarize(b);
  const sk = summarize(k);
  console.log(`bare InferenceSession.create: median ${sb.median.toFixed(0)} ms from process start (min ${sb.min.toFixed(0)}, max ${sb.max.toFixed(0)})`);
  console.log(`kokoro-ts session ready:      median ${sk.median.toFixed(0)} ms from process start (min ${sk.min.toFixed(0)}, max ${sk.max.toFixed(0)})`);
  console.log(`ratio of medians: ${(sk.median / sb.median).toFixed(3)} over ${runs} alternated runs`);
}
main();
