/**
 * onnxruntime-node's profile of bare session.run for benchmarks/ort-profile (see profile.ts).
 *   node profile-node.js MODEL THREADS RUNS INPUTS.json OUT_PREFIX [RUNTIME_DIR]
 * (RUNTIME_DIR: an installed runtime, `kokoro-ts runtime install`; default the bundled onnxruntime-node)
 * The same session settings and passes as profile_py.py; prints {"version", "trace", "medianPassMs",
 * "warmupCalls", "audioSamplesPerPass"} as one JSON line. The warm-up pass is in the trace too; the summary drops it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { ortRuntime } from '../../src/engine/ort-runtime';
import { summarize } from '../../src/bench/stats';

interface Input {
  readonly ids: number[];
  readonly style: number[];
}

async function main(): Promise<void> {
  const [model, threads, runs, inputsPath, prefix, runtimeDir] = process.argv.slice(2);
  const ort = ortRuntime(runtimeDir ?? null);
  if (!model || !threads || !runs || !inputsPath || !prefix) throw new Error('usage: profile-node.js MODEL THREADS RUNS INPUTS.json OUT_PREFIX');
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads), interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    enableProfiling: true, profileFilePrefix: prefix,
  });
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8')) as Input[];
  const idsName = session.inputNames.find((n) => n === 'input_ids' || n === 'tokens') ?? session.inputNames[0]!;
  const feeds = inputs.map((x) => {
    const f: Record<string, Ort.Tensor> = {
      [idsName]: new ort.Tensor('int64', BigInt64Array.from(x.ids.map(BigInt)), [1, x.ids.length]),
      style: new ort.Tensor('float32', Float32Array.from(x.style), [1, 256]),
    };
    if (session.inputNames.includes('speed')) f.speed = new ort.Tensor('float32', Float32Array.from([1]), [1]);
    return f;
  });
  const waveform = session.outputNames.find((n) => n === 'waveform') ?? session.outputNames[0]!;
  let audioSamplesPerPass = 0;
  for (const f of feeds) audioSamplesPerPass += (await session.run(f))[waveform]!.size;
  const passMs: number[] = [];
  for (let r = 0; r < Number(runs); r++) {
    const t0 = performance.now();
    for (const f of feeds) await session.run(f);
    passMs.push(performance.now() - t0);
  }
  session.endProfiling();
  await session.release();
  // onnxruntime-node does not hand back the file name: the newest PREFIX_*.json is it.
  const dir = dirname(prefix);
  const trace = readdirSync(dir).filter((f) => f.startsWith(`${basename(prefix)}_`) && f.endsWith('.json')).sort().at(-1);
  if (!trace) throw new Error(`no profile file ${prefix}_*.json`);
  const version = runtimeDir
    ? `${(JSON.parse(readFileSync(join(runtimeDir, 'runtime.json'), 'utf8')) as { onnxruntime: string }).onnxruntime} (installed runtime)`
    : (JSON.parse(readFileSync(join(require.resolve('onnxruntime-node'), '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  process.stdout.write(`${JSON.stringify({ version, trace: join(dir, trace), medianPassMs: summarize(passMs).median, warmupCalls: feeds.length, audioSamplesPerPass })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
