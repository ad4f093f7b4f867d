/**
 * Side-by-side sweep of one engine setting on one text, measured in one process with the variants
 * interleaved (iteration i runs every variant before iteration i+1), so drift on a shared machine
 * hits them alike. With --rss, each variant's peak RSS is measured in a fresh `kokoro-ts synth`
 * process (RSS is per process and only grows).
 *   node dist/benchmarks/sweep.js MODEL --vary depth=0,1,2,4,8 [--text FILE] [--iterations 5] [--threads 2]
 *   node dist/benchmarks/sweep.js MODEL --vary chunk=64,128,256,510 --rss
 *   node dist/benchmarks/sweep.js MODEL --vary first=16,32,64,128,510
 *   node dist/benchmarks/sweep.js MODEL --vary pattern=1,0          (ONNX Runtime memory pattern on/off)
 * --runtime DIR runs every variant on an installed onnxruntime (kokoro-ts runtime install) instead of the bundled one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, type Engine, type EngineOptions } from '../src/engine';
import { timeRawModel, timeSynthesis, type Timing } from '../src/bench/measure';
import { summarize } from '../src/bench/stats';
import type { SynthSummary } from '../src/results/synth';
import { hrClock } from '../src/util/clock';
import { flag, hasFlag, ROOT } from './lib';
import { commaList } from '../src/util/list';

const VOICES = join(ROOT, 'test', 'fixtures', 'voices');

function synthPeakRss(model: string, textFile: string, threads: number, extra: string[], env: Record<string, string>): number {
  const runtime = flag('--runtime');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kokoro-ts'), 'synth', '-f', textFile, '-m', model, '--voices-dir', VOICES, '--threads', String(threads), '--runtime', runtime ?? 'bundled', '-o', '/dev/null', '--json', '-', ...extra], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr.slice(-500)}`);
  return Math.round((JSON.parse(r.stdout) as SynthSummary).peakRssMb);
}

async function main(): Promise<void> {
  const model = process.argv[2];
  const vary = flag('--vary');
  if (!model || !vary || !/^(depth|chunk|first|pattern)=/.test(vary)) throw new Error('usage: sweep.js MODEL --vary depth=0,1,2|chunk=64,510|first=32,64 [--text FILE] [--iterations N] [--threads N] [--rss]');
  const [what, list] = vary.split('=') as ['depth' | 'chunk' | 'first' | 'pattern', string];
  const values = commaList(list).map(Number);
  const textFile = flag('--text', join(ROOT, 'benchmarks', 'texts', 'paragraph-1k.txt'));
  const text = readFileSync(textFile, 'utf8');
  const iterations = Number(flag('--iterations', '5'));
  const threads = Number(flag('--threads', '2'));
  const base: EngineOptions = {
    ...PLAIN_ENGINE, modelPath: model, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: threads },
    maxChunkTokens: 510, phonemeCacheSize: 0, runtimeDir: flag('--runtime') ?? null,
  };
  const engines: Engine[] = [];
  for (const v of values) {
    const opts =
      what === 'depth' ? { ...base, pipelineDepth: v }
      : what === 'chunk' ? { ...base, maxChunkTokens: v }
      : what === 'pattern' ? { ...base, session: { ...base.session, enableMemPattern: v === 1 } }
      : base;
    engines.push(await createEngine(opts));
  }
  const reqOf = (v: number) => ({ text, voice: 'af_heart', speed: 1, ...(what === 'first' ? { firstChunkTokens: v } : {}) });
  const timings: Timing[][] = values.map(() => []);
  const firstRaw: number[][] = values.map(() => []);
  for (let k = 0; k < values.length; k++) await timeSynthesis(engines[k]!, reqOf(values[k]!), hrClock); // warm-up
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < values.length; k++) {
      const t = await timeSynthesis(engines[k]!, reqOf(values[k]!), hrClock);
      timings[k]!.push(t);
      firstRaw[k]!.push((await timeRawModel(engines[k]!, 'af_heart', t.chunkIds.slice(0, 1), 1, hrClock)).firstChunkMs);
    }
    process.stderr.write(`  iteration ${i + 1}/${iterations}\n`);
  }
  for (const e of engines) await e.close();
  console.log(`model ${model}${base.runtimeDir ? ` on the runtime in ${base.runtimeDir}` : ''}; text ${textFile} (${text.length} characters); ${threads} threads; ${iterations} interleaved iterations after 1 warm-up; varying ${what}`);
  console.log(`${what.padEnd(6)} chunks  RTF median  spread  TTFA ms  TTFA ratio  front ms  model ms${hasFlag('--rss') ? '  peak RSS MB' : ''}`);
  for (let k = 0; k < values.length; k++) {
    const ts = timings[k]!;
    const rtf = summarize(ts.map((t) => t.wallMs / 1000 / t.audioSeconds));
    const ttfa = summarize(ts.map((t) => t.timeToFirstAudioMs));
    const ratio = summarize(ts.map((t, i) => t.timeToFirstAudioMs / (firstRaw[k]![i]! + t.firstChunkFrontEndMs)));
    const fe = summarize(ts.map((t) => t.frontEndMs));
    const md = summarize(ts.map((t) => t.modelMs));
    let rss = '';
    if (hasFlag('--rss')) {
      const extra = what === 'chunk' ? ['--chunk-tokens', String(values[k])] : what === 'depth' ? ['--pipeline-depth', String(values[k])] : what === 'first' ? ['--stream', '--first-chunk-tokens', String(values[k])] : [];
      rss = `  ${synthPeakRss(model, textFile, threads, extra, what === 'pattern' ? { KOKORO_MEM_PATTERN: values[k] === 1 ? 'true' : 'false' } : {})}`;
    }
    console.log(`${String(values[k]).padEnd(6)} ${String(ts[0]!.chunkIds.length).padStart(6)}  ${rtf.median.toFixed(4).padStart(10)}  ${((rtf.robustStddev / rtf.median) * 100).toFixed(1).padStart(5)}%  ${ttfa.median.toFixed(0).padStart(7)}  ${ratio.median.toFixed(3).padStart(10)}  ${fe.median.toFixed(1).padStart(8)}  ${md.median.toFixed(0).padStart(8)}${rss}`);
  }
}

void main();
