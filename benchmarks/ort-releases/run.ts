/**
 * onnxruntime-node releases side by side on the same model files: bare session.run on identical ids
 * (kokoro-ts's own chunks of the chosen suite cases), each measurement a fresh process, versions
 * interleaved round by round (the order rotates each round), medians per version.
 *
 * Install the releases first (npm registry only, no install scripts):
 *   bash benchmarks/ort-releases/install.sh 1.20.1 1.21.0 ... 1.30.0     # into .cache/ort/VERSION
 *   npm run build && node dist/benchmarks/ort-releases/run.js --models models/a.onnx,models/b.onnx \
 *     [--threads 2,1] [--cases medium] [--rounds 3] [--runs 2] [--versions 1.21.0,1.23.2]
 *     [--runtimes .cache/runtimes/onnxruntime-1.32.0]   (installed runtimes, `kokoro-ts runtime install`, side by side)
 * Prints a Markdown table per model and thread count (median ms per pass, ratio to the pinned
 * release) and writes the raw figures to benchmarks/results/ort-releases-TIMESTAMP.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { summarize } from '../../src/bench/stats';
import { suiteModelInputs } from '../model-inputs';
import { flag, listFlag, ROOT } from '../lib';

const ORT_CACHE = join(ROOT, '.cache', 'ort');


const byVersion = (a: string, b: string): number => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

async function main(): Promise<void> {
  const models = listFlag('--models', '');
  if (models.length === 0) throw new Error('--models A[,B] is required');
  const threads = listFlag('--threads', '2,1').map(Number);
  const cases = listFlag('--cases', 'medium');
  const rounds = Number(flag('--rounds', '3'));
  const runs = Number(flag('--runs', '2'));
  const installed = existsSync(ORT_CACHE) ? readdirSync(ORT_CACHE).filter((v) => existsSync(join(ORT_CACHE, v, 'node_modules', 'onnxruntime-node'))) : [];
  const versions = (flag('--versions', '') ? listFlag('--versions', '') : installed).sort(byVersion);
  const runtimes = listFlag('--runtimes', '').map((d) => resolve(d));
  const runtimeLabel = (d: string): string => {
    const m = JSON.parse(readFileSync(join(d, 'runtime.json'), 'utf8')) as { onnxruntime: string; onnxruntimeNode: string };
    return `${m.onnxruntimeNode}+lib${m.onnxruntime}`;
  };
  const dirOf = new Map<string, string>([...versions.map((v) => [v, join(ORT_CACHE, v)] as const), ...runtimes.map((d) => [runtimeLabel(d), d] as const)]);
  const labels = [...dirOf.keys()];
  const pinned = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
  if (versions.length === 0) throw new Error('no onnxruntime-node releases under .cache/ort: run benchmarks/ort-releases/install.sh first');
  const inputs = await suiteModelInputs(cases);
  const inputsPath = join(tmpdir(), `ort-inputs-${process.pid}.json`);
  writeFileSync(inputsPath, JSON.stringify(inputs));
  const child = join(__dirname, 'run-child.js');
  const results: Record<string, number[]> = {};
  const key = (m: string, t: number, v: string): string => `${basename(m)}|${t}|${v}`;
  process.stderr.write(`${inputs.length} model calls per pass (${inputs.map((x) => x.ids.length).join(', ')} ids); ${labels.length} releases x ${models.length} files x ${threads.length} thread counts x ${rounds} rounds x ${runs} passes\n`);
  for (let r = 0; r < rounds; r++) {
    const order = labels.map((_, i) => labels[(i + r) % labels.length]!);
    for (const m of models) {
      for (const t of threads) {
        for (const v of order) {
          const out = execFileSync(process.execPath, [child, dirOf.get(v)!, m, String(t), String(runs), inputsPath], { encoding: 'utf8' });
          const { version, passMs } = JSON.parse(out.trim()) as { version: string; passMs: number[] };
          if (version !== v.split('+')[0]) throw new Error(`asked for ${v}, loaded ${version}`);
          (results[key(m, t, v)] ??= []).push(...passMs);
          process.stderr.write(`  round ${r + 1}: ${basename(m)}, ${t} thread(s), ${v}: ${passMs.map((x) => x.toFixed(0)).join(', ')} ms\n`);
        }
      }
    }
  }
  const lines: string[] = [`bare session.run per pass over ${inputs.length} calls (${cases.join(', ')}), median ms of ${rounds * runs}; ratio to ${pinned} (pinned); interleaved, one run`];
  for (const m of models) {
    for (const t of threads) {
      const base = summarize(results[key(m, t, pinned)] ?? []).median;
      lines.push('', `${basename(m)}, ${t} thread(s)`, '', '| onnxruntime-node | median ms | min | max | ratio |', '|---|---|---|---|---|');
      for (const v of labels) {
        const s = summarize(results[key(m, t, v)]!);
        lines.push(`| ${v}${v === pinned ? ' (pinned)' : ''} | ${s.median.toFixed(0)} | ${s.min.toFixed(0)} | ${s.max.toFixed(0)} | ${Number.isFinite(base) ? (s.median / base).toFixed(3) : '-'} |`);
      }
    }
  }
  const dir = join(ROOT, 'benchmarks', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `ort-releases-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ cases, inputs: inputs.map((x) => x.ids.length), rounds, runs, pinned, results }, null, 2)}\n`);
  console.log(lines.join('\n'));
  process.stderr.write(`Raw figures: ${file}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
