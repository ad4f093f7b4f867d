/**
 * Peak memory of `kokoro-ts synth` against text length, and against bare session.run for the same
 * chunk sizes (issue targets: a 10,000-character text peaks within 10% of a 1,000-character one,
 * and synth stays within 1.1x of the bare runs). Every figure is the peak RSS of a fresh process
 * (getrusage maxrss), runs alternated; medians reported. KOKORO_CPU_MEM_ARENA / KOKORO_MEM_PATTERN
 * apply to both sides (synth reads them; the bare runs are given the same session options; the
 * defaults are synth's: arena on, memory pattern off).
 *   node dist/benchmarks/memory.js MODEL [runs] [threads]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../src/bench/stats';
import type { SynthSummary } from '../src/results/synth';
import { tokenize } from '../src/text/vocab';
import { PAD_ID } from '../src/spec';
import { ROOT } from './lib';

const VOICES = join(ROOT, 'test', 'fixtures', 'voices');

function synth(model: string, textFile: string, threads: number, extra: string[]): { rss: number; tokens: number[]; ids: number[][] } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kokoro-ts'), 'synth', '-f', textFile, '-m', model, '--voices-dir', VOICES, '--threads', String(threads), '-o', join(tmpdir(), 'kokoro-memory.wav'), '--json', '-', ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr.slice(-400)}`);
  const s = JSON.parse(r.stdout) as SynthSummary;
  // The exact ids synth gave the model, rebuilt from the phonemes of its chunks.
  const ids = s.perChunk.map((c) => [PAD_ID, ...tokenize(c.phonemes).ids, PAD_ID]);
  return { rss: Math.round(s.peakRssMb), tokens: s.perChunk.map((c) => c.tokens), ids };
}

/** A process that only loads the model and runs it on ids of the given lengths: the floor for those chunk sizes. */
function bare(model: string, chunkIds: number[][], threads: number): number {
  const script = `
const ort = require('onnxruntime-node');
(async () => {
  const s = await ort.InferenceSession.create(${JSON.stringify(model)}, { intraOpNumThreads: ${threads}, graphOptimizationLevel: 'all', enableCpuMemArena: ${process.env.KOKORO_CPU_MEM_ARENA !== 'false'}, enableMemPattern: ${process.env.KOKORO_MEM_PATTERN === 'true'} });
  const ids = s.inputNames.includes('tokens') ? 'tokens' : 'input_ids';
  const voice = new Float32Array(require('fs').readFileSync(${JSON.stringify(join(VOICES, 'af_heart.bin'))}).buffer.slice(0));
  for (const chunk of ${JSON.stringify(chunkIds)}) {
    const t = BigInt64Array.from(chunk, BigInt);
    const row = Math.min(chunk.length - 2, 509);
    await s.run({ [ids]: new ort.Tensor('int64', t, [1, chunk.length]), style: new ort.Tensor('float32', voice.slice(row * 256, row * 256 + 256), [1, 256]), speed: new ort.Tensor('float32', Float32Array.of(1), [1]) });
  }
  console.log(process.resourceUsage().maxRSS / 1024);
})();`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim());
}

function main(): void {
  const model = process.argv[2];
  if (!model) throw new Error('usage: memory.js MODEL [runs] [threads] [extra synth flags...]');
  const runs = Number(process.argv[3] ?? 3);
  const threads = Number(process.argv[4] ?? 2);
  const extra = process.argv.slice(5);
  const dir = mkdtempSync(join(tmpdir(), 'kokoro-memory-'));
  const para = readFileSync(join(ROOT, 'benchmarks', 'texts', 'paragraph-1k.txt'), 'utf8').trim();
  const small = join(dir, '1k.txt');
  const large = join(dir, '10k.txt');
  writeFileSync(small, para);
  // Ten paragraphs: the same chunk sizes ten times over, so only what grows with length can differ.
  writeFileSync(large, Array.from({ length: 10 }, () => para).join('\n\n'));
  const r1: number[] = [];
  const r10: number[] = [];
  const b1: number[] = [];
  const b10: number[] = [];
  let t1: number[] = [];
  let t10: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = synth(model, small, threads, extra);
    const b = synth(model, large, threads, extra);
    r1.push(a.rss);
    r10.push(b.rss);
    t1 = a.tokens;
    t10 = b.tokens;
    b1.push(bare(model, a.ids, threads));
    b10.push(bare(model, b.ids, threads));
    process.stderr.write(`  run ${i + 1}/${runs}: synth ${a.rss}/${b.rss} MB, bare ${b1.at(-1)!.toFixed(0)}/${b10.at(-1)!.toFixed(0)} MB\n`);
  }
  const m = (xs: number[]): number => summarize(xs).median;
  console.log(`model ${model}; ${threads} threads; ${runs} alternated runs; extra flags: ${extra.join(' ') || 'none'}; arena ${process.env.KOKORO_CPU_MEM_ARENA !== 'false'}, memory pattern ${process.env.KOKORO_MEM_PATTERN === 'true'}`);
  console.log(`1k text:  ${para.length} characters, ${t1.length} chunks (max ${Math.max(...t1)} tokens): synth ${m(r1).toFixed(0)} MB, bare session.run ${m(b1).toFixed(0)} MB, ratio ${(m(r1) / m(b1)).toFixed(3)}`);
  console.log(`10k text: ${para.length * 10 + 18} characters, ${t10.length} chunks (max ${Math.max(...t10)} tokens): synth ${m(r10).toFixed(0)} MB, bare session.run ${m(b10).toFixed(0)} MB, ratio ${(m(r10) / m(b10)).toFixed(3)}`);
  console.log(`10k / 1k peak RSS: ${(m(r10) / m(r1)).toFixed(3)}`);
}

main();
