/**
 * The hardware limit, stated: how many multiply-accumulates Kokoro does per second of audio, how fast
 * onnxruntime runs each operator class on this CPU, and how far that is from the CPU's peak, both
 * the measured one (onnxruntime's best kernel on compute-bound shapes, same runtime and threads) and
 * the theoretical one (from the ISA flags and clock, cpu-peak.ts).
 *
 *   npm run build && node dist/benchmarks/hardware-limit.js [--model models/kokoro-v1.0.int8.onnx]
 *     [--runtime .cache/runtimes/onnxruntime-1.32.0|bundled] [--threads 2] [--cases long] [--runs 3]
 *     [--micro-runs 15]
 *
 * The model is profiled as profile.ts does (kokoro-ts's own chunks of the suite cases, bare
 * session.run, one warm-up pass dropped); MACs come from each kernel's shapes (macs.ts). Pass an
 * optimized-model copy (`.cache/optimized-models/*.onnx`) to measure what the engine runs. A
 * benchmark: run it alone on a quiet machine. Prints a Markdown table and writes JSON to
 * benchmarks/results/hardware-limit-TIMESTAMP.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { flag, listFlag, ROOT } from './lib';
import type { KernelPeak } from './hardware/microbenchmark';
import { parseCpuinfo, theoreticalPeak } from './hardware/cpu-peak';
import { workByClass } from './hardware/profile-work';
import { kernelMsByOp, measuredKernels, readProfile } from './ort-profile/profile';
import { opWork } from './hardware/macs';
import { suiteModelInputs } from './model-inputs';
import { SAMPLE_RATE } from '../src/spec';

async function main(): Promise<void> {
  const model = resolve(flag('--model', join(ROOT, 'models', 'kokoro-v1.0.int8.onnx')));
  const installed = join(ROOT, '.cache', 'runtimes', 'onnxruntime-1.32.0');
  const runtimeFlag = flag('--runtime', existsSync(installed) ? installed : 'bundled');
  const runtime = runtimeFlag === 'bundled' ? null : resolve(runtimeFlag);
  const threads = Number(flag('--threads', '2'));
  const cases = listFlag('--cases', 'long');
  const runs = Number(flag('--runs', '3'));
  const microRuns = Number(flag('--micro-runs', '15'));
  const cpu = parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  const cores = Math.min(threads, cpu.logicalCpus);
  const theory = theoreticalPeak(cpu);

  const work = mkdtempSync(join(tmpdir(), 'hardware-limit-'));
  try {
    const inputs = await suiteModelInputs(cases);
    const inputsPath = join(work, 'inputs.json');
    writeFileSync(inputsPath, JSON.stringify(inputs));
    process.stderr.write(`profiling ${basename(model)}: ${inputs.length} calls per pass, ${runs} passes, ${threads} threads\n`);
    const profile = readProfile(process.execPath, [join(__dirname, 'ort-profile', 'profile-node.js'), model, String(threads), String(runs), inputsPath, join(work, 'node'), ...(runtime ? [runtime] : [])]);
    const audioSeconds = (profile.audioSamplesPerPass ?? 0) / SAMPLE_RATE;
    if (!(audioSeconds > 0)) throw new Error('the profile reported no audio');
    const classes = workByClass(measuredKernels(profile.events, profile.warmupCalls), runs);
    process.stderr.write(`kernel peaks: ${microRuns} calls each\n`);
    const peaks = JSON.parse(
      execFileSync(process.execPath, [join(__dirname, 'hardware', 'microbenchmark.js'), String(threads), String(microRuns), ...(runtime ? [runtime] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 }),
    ) as KernelPeak[];
    const best = (dtype: 'fp32' | 'int8'): KernelPeak => peaks.filter((p) => p.dtype === dtype).sort((a, b) => b.rate - a.rate)[0]!;
    const theoryRate = (dtype: 'fp32' | 'int8'): number | null => (theory ? (dtype === 'fp32' ? theory.fp32PerCore : theory.int8PerCore) * cores : null);

    const g = (x: number): string => (x / 1e9).toFixed(x >= 1e10 ? 0 : 1);
    const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`);
    const kernelSum = classes.reduce((n, c) => n + c.kernelMs, 0);
    const totalMacs = classes.reduce((n, c) => n + c.macs, 0);
    const floorMs = classes.reduce((n, c) => n + (c.macs > 0 ? (1000 * c.macs) / best(c.arithmetic).rate : 0), 0);
    const rows = classes.map((c) => {
      const achieved = c.kernelMs > 0 ? c.macs / (c.kernelMs / 1000) : 0;
      const measured = best(c.arithmetic).rate;
      const ceiling = theoryRate(c.arithmetic);
      const counted = c.macs > 0;
      return {
        ...c,
        achieved: counted ? achieved : null,
        ofMeasured: counted ? achieved / measured : null,
        ofTheoretical: counted && ceiling ? achieved / ceiling : null,
      };
    });
    const byOp = kernelMsByOp(profile.events, profile.warmupCalls, runs);
    const otherOps = Object.entries(byOp)
      .filter(([op]) => opWork(op, [], []).opClass === 'other')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6);
    const lines = [
      `${basename(model)} on onnxruntime ${profile.version}, ${threads} threads; CPU ${cpu.model} (${cpu.vendor} family ${cpu.family} model ${cpu.modelNumber}, ${cpu.logicalCpus} CPUs); cases ${cases.join(',')}: ${inputs.length} calls, ${audioSeconds.toFixed(2)} s of audio per pass`,
      `wall ${profile.medianPassMs.toFixed(0)} ms per pass (RTF ${(profile.medianPassMs / 1000 / audioSeconds).toFixed(3)}), kernels ${kernelSum.toFixed(0)} ms; ${g(totalMacs / audioSeconds)} GMAC per audio second`,
      '',
      '| operator class | GMAC per audio s | kernel ms per audio s | achieved GMAC/s | of measured peak | of theoretical peak | uncounted ops |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...rows.map((r) => `| ${r.opClass} ${r.arithmetic} | ${r.macs > 0 ? g(r.macs / audioSeconds) : '—'} | ${(r.kernelMs / audioSeconds).toFixed(0)} | ${r.achieved === null ? '—' : g(r.achieved)} | ${pct(r.ofMeasured)} | ${pct(r.ofTheoretical)} | ${r.uncounted.join(', ') || ''} |`),
      '',
      `Largest memory-bound (other) ops, kernel ms per audio s: ${otherOps.map(([op, ms]) => `${op} ${(ms / audioSeconds).toFixed(0)}`).join(', ')}`,
      '',
      `Measured peak (onnxruntime kernels, ${threads} threads, fastest of ${microRuns} calls):`,
      ...peaks.map((p) => `- ${p.name}: ${g(p.rate)} GMAC/s (best ${p.bestMs.toFixed(1)} ms, median ${p.medianMs.toFixed(1)} ms)`),
      theory ? `Theoretical peak (${theory.assumptions}), ${cores} cores: fp32 ${g(theory.fp32PerCore * cores)}, int8 ${g(theory.int8PerCore * cores)} GMAC/s` : 'Theoretical peak: the CPU clock is not reported',
      '',
      `The MACs alone at the measured peak would take ${(floorMs / audioSeconds).toFixed(0)} ms per audio second (RTF ${(floorMs / 1000 / audioSeconds).toFixed(3)}): the wall time is ${(profile.medianPassMs / floorMs).toFixed(1)}x that floor.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync(join(ROOT, 'benchmarks', 'results'), { recursive: true });
    const file = join(ROOT, 'benchmarks', 'results', `hardware-limit-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ model: basename(model), runtime: profile.version, threads, cases, cpu: { ...cpu, flags: undefined }, audioSecondsPerPass: audioSeconds, wallMsPerPass: profile.medianPassMs, classes: rows, otherOps: Object.fromEntries(otherOps.map(([op, ms]) => [op, ms / audioSeconds])), peaks, theoretical: theory, floorMsPerPass: floorMs }, null, 2)}\n`);
    process.stderr.write(`Summary: ${file}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
