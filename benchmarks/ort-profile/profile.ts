/**
 * Where the int8 file's time goes, per operator, in onnxruntime-node (this package's pinned release)
 * and in Python onnxruntime (kokoro-onnx's, from benchmarks/peers/setup.sh), on identical inputs
 * (kokoro-ts's own chunks of the chosen suite cases) with the same session settings. Each runtime
 * profiles RUNS passes after one warm-up pass (dropped from the sums) in its own process, one after
 * the other (not at once: two cores).
 *
 *   bash benchmarks/peers/setup.sh     # once: the Python onnxruntime
 *   npm run build && node dist/benchmarks/ort-profile/profile.js --model models/kokoro-v1.0.int8.onnx \
 *     [--threads 2] [--cases long] [--runs 3] [--python .cache/peers/kokoro-onnx/venv/bin/python]
 *     [--runtime .cache/runtimes/onnxruntime-1.32.0]   (the Node side on an installed runtime)
 * Prints a Markdown table: kernel ms per pass by operator type in each runtime, their ratio and the
 * share of the difference; writes the summary to benchmarks/results/ort-profile-TIMESTAMP.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { flag, listFlag, ROOT } from '../lib';
import { suiteModelInputs } from '../model-inputs';

export interface TraceEvent {
  readonly cat: string;
  readonly name: string;
  readonly ts: number;
  readonly dur: number;
  readonly args?: {
    readonly op_name?: string;
    readonly input_type_shape?: readonly Record<string, readonly number[]>[];
    readonly output_type_shape?: readonly Record<string, readonly number[]>[];
  };
}

interface RunProfile {
  readonly version: string;
  readonly medianPassMs: number;
  /** Kernel time per pass by operator type, ms. */
  readonly byOp: Record<string, number>;
}

/** The kernel events of the measured passes (pure): the warm-up model runs and their kernels dropped. */
export function measuredKernels(events: readonly TraceEvent[], warmupCalls: number): TraceEvent[] {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
  const warmEnd = warmupCalls > 0 && runs.length >= warmupCalls ? runs[warmupCalls - 1]!.ts + runs[warmupCalls - 1]!.dur : -Infinity;
  return events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts > warmEnd);
}

/** Kernel time per operator type, per measured pass (pure). */
export function kernelMsByOp(events: readonly TraceEvent[], warmupCalls: number, passes: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of measuredKernels(events, warmupCalls)) {
    const op = e.args?.op_name ?? 'unknown';
    out[op] = (out[op] ?? 0) + e.dur / 1000 / passes;
  }
  return out;
}

export interface ProfileTrace {
  readonly version: string;
  readonly medianPassMs: number;
  readonly warmupCalls: number;
  /** Waveform samples one pass makes (profile-node.js reports it; the Python side does not). */
  readonly audioSamplesPerPass?: number;
  readonly events: TraceEvent[];
}

/** Runs one profiling child (profile-node.js or profile_py.py) and reads the trace it names. */
export function readProfile(cmd: string, args: string[]): ProfileTrace {
  const line = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').at(-1)!;
  const r = JSON.parse(line) as Omit<ProfileTrace, 'events'> & { trace: string };
  return { ...r, events: JSON.parse(readFileSync(r.trace, 'utf8')) as TraceEvent[] };
}

function profileWith(cmd: string, args: string[], passes: number): RunProfile {
  const r = readProfile(cmd, args);
  return { version: r.version, medianPassMs: r.medianPassMs, byOp: kernelMsByOp(r.events, r.warmupCalls, passes) };
}

async function main(): Promise<void> {
  const model = flag('--model', join(ROOT, 'models', 'kokoro-v1.0.int8.onnx'));
  const threads = flag('--threads', '2');
  const cases = listFlag('--cases', 'long');
  const runs = Number(flag('--runs', '3'));
  const runtime = flag('--runtime', '');
  const python = flag('--python', join(ROOT, '.cache', 'peers', 'kokoro-onnx', 'venv', 'bin', 'python'));
  const work = mkdtempSync(join(tmpdir(), 'ort-profile-'));
  try {
    const inputs = await suiteModelInputs(cases);
    const inputsPath = join(work, 'inputs.json');
    writeFileSync(inputsPath, JSON.stringify(inputs));
    process.stderr.write(`${inputs.length} model calls per pass (${inputs.map((x) => x.ids.length).join(', ')} ids), ${runs} passes, ${threads} threads\n`);
    const node = profileWith(process.execPath, [join(__dirname, 'profile-node.js'), model, threads, String(runs), inputsPath, join(work, 'node'), ...(runtime ? [resolve(runtime)] : [])], runs);
    const py = profileWith(python, [join(ROOT, 'benchmarks', 'ort-profile', 'profile_py.py'), model, threads, String(runs), inputsPath, join(work, 'py')], runs);
    const ops = [...new Set([...Object.keys(node.byOp), ...Object.keys(py.byOp)])];
    const total = (p: RunProfile): number => Object.values(p.byOp).reduce((a, b) => a + b, 0);
    const gap = total(node) - total(py);
    const rows = ops
      .map((op) => ({ op, node: node.byOp[op] ?? 0, py: py.byOp[op] ?? 0 }))
      .sort((a, b) => b.node - b.py - (a.node - a.py));
    const f = (x: number): string => x.toFixed(1);
    const lines = [
      `${basename(model)}, ${cases.join(',')} (${inputs.length} calls), ${threads} threads: wall per pass onnxruntime-node ${node.version} ${f(node.medianPassMs)} ms, Python onnxruntime ${py.version} ${f(py.medianPassMs)} ms (ratio ${(node.medianPassMs / py.medianPassMs).toFixed(2)}); kernel sums ${f(total(node))} / ${f(total(py))} ms`,
      '',
      `| operator | node ms/pass | python ms/pass | node/python | share of the gap |`,
      `|---|---:|---:|---:|---:|`,
      ...rows.filter((r) => r.node + r.py >= 1).map((r) => `| ${r.op} | ${f(r.node)} | ${f(r.py)} | ${r.py > 0 ? (r.node / r.py).toFixed(2) : '-'} | ${gap !== 0 ? `${((100 * (r.node - r.py)) / gap).toFixed(0)}%` : '-'} |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync(join(ROOT, 'benchmarks', 'results'), { recursive: true });
    const file = join(ROOT, 'benchmarks', 'results', `ort-profile-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ model: basename(model), threads: Number(threads), cases, calls: inputs.map((x) => x.ids.length), runs, node, python: py }, null, 2)}\n`);
    process.stderr.write(`Summary: ${file}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
