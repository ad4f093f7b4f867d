/**
 * Graph rewrites per CPU: `kokoro-ts bench` with each `--rewrites` setting side by side, on the same
 * model, runtime and threads. Each measurement is a fresh process; the settings are interleaved round
 * by round (the order rotates), each with its own optimized-model cache folder, so a setting's copy
 * (and auto's calibration) is made in its first round and loaded from then on. Medians of the cases'
 * warm wall times over the rounds, and each setting's ratio to `none` (the file as onnxruntime
 * optimizes it). The CPU's family and model are recorded with the figures.
 *   npm run build && node dist/benchmarks/rewrites.js --model models/kokoro-v1.0.int8.onnx \
 *     [--rewrites none,auto,conv2d+tiles:1024] [--threads 2] [--rounds 3] [--iterations 3]
 *     [--cases short,medium,long,pangram] [--runtime DIR] [--out benchmarks/results/rewrites-X.json]
 * Prints a Markdown table; writes the raw figures as JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../src/util/quantile';
import type { BenchReport } from '../src/bench/types';
import { flag, listFlag, ROOT } from './lib';



interface Round {
  readonly setting: string;
  readonly round: number;
  /** Case name -> median warm wall ms of that process. */
  readonly wallMs: Record<string, number>;
  /** The rewrites the copy held, per case (auto's calibrated choice). */
  readonly held: string | null;
}

function main(): void {
  const model = flag('--model', '');
  if (!model) throw new Error('--model PATH is required');
  const settings = listFlag('--rewrites', 'none,auto,conv2d+tiles:1024');
  const threads = flag('--threads', '2');
  const rounds = Number(flag('--rounds', '3'));
  const iterations = flag('--iterations', '3');
  const cases = flag('--cases', 'short,medium,long,pangram');
  const runtime = flag('--runtime', 'auto');
  const out = flag('--out', join(ROOT, 'benchmarks', 'results', `rewrites-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
  const work = mkdtempSync(join(tmpdir(), 'kokoro-rewrites-'));
  const results: Round[] = [];
  let environment: BenchReport['environment'] | null = null;
  try {
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < settings.length; k++) {
        const setting = settings[(k + r) % settings.length]!;
        const json = join(work, `${r}-${k}.json`);
        const cache = join(work, `cache-${setting.replace(/[^a-z0-9]/gi, '_')}`);
        mkdirSync(cache, { recursive: true });
        execFileSync(process.execPath, [
          join(ROOT, 'bin', 'kokoro-ts'), 'bench', '-m', model, '--voices-dir', flag('--voices-dir', join(ROOT, 'test', 'fixtures', 'voices')),
          '--cases', cases, '--threads', threads, '--iterations', iterations, '--warmup', '1', '--runtime', runtime,
          '--model-cache', cache, '--rewrites', setting, '--json', json,
        ], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
        const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
        environment ??= report.environment;
        const wallMs = Object.fromEntries(report.cases.map((c) => [c.name, c.wallMs.median]));
        results.push({ setting, round: r, wallMs, held: report.cases[0]?.pipeline?.rewrites ?? null });
        process.stderr.write(`round ${r + 1}/${rounds} ${setting}: ${Object.entries(wallMs).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ')} (copy holds ${results.at(-1)!.held})\n`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const names = Object.keys(results[0]!.wallMs);
  const med = (setting: string, name: string): number => median(results.filter((x) => x.setting === setting).map((x) => x.wallMs[name]!));
  const base = settings.includes('none') ? 'none' : settings[0]!;
  const lines = [
    `CPU: ${environment!.cpu.brand} (${environment!.cpu.id}); onnxruntime ${environment!.onnxruntime}; ${threads} threads; ${rounds} rounds x ${iterations} runs; median warm wall time per case (ms), ratio to ${base}`,
    '',
    `| case | ${settings.map((s) => `${s} (holds ${results.find((x) => x.setting === s)!.held})`).join(' | ')} | ${settings.filter((s) => s !== base).map((s) => `${s} / ${base}`).join(' | ')} |`,
    `|---|${settings.map(() => '---:').join('|')}|${settings.filter((s) => s !== base).map(() => '---:').join('|')}|`,
    ...names.map((n) => `| ${n} | ${settings.map((s) => med(s, n).toFixed(0)).join(' | ')} | ${settings.filter((s) => s !== base).map((s) => (med(s, n) / med(base, n)).toFixed(3)).join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ tool: 'benchmarks/rewrites', model, threads: Number(threads), rounds, environment, results }, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
}

main();
