/**
 * One measurement for benchmarks/ort-releases: loads the onnxruntime-node installed under ORT_DIR,
 * opens MODEL with THREADS intra-op threads (graph optimization all, sequential), and times bare
 * session.run on the given ids and style rows: one warm-up call per input, then RUNS passes.
 * Prints {"version", "passMs": [...]} (ms per pass over all inputs) as one JSON line.
 *   node run-child.js ORT_DIR MODEL THREADS RUNS INPUTS.json
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Input {
  readonly ids: number[];
  readonly style: number[];
}

async function main(): Promise<void> {
  const [ortDir, model, threads, runs, inputsPath] = process.argv.slice(2);
  if (!ortDir || !model || !threads || !runs || !inputsPath) throw new Error('usage: run-child.js ORT_DIR MODEL THREADS RUNS INPUTS.json');
  const pkg = join(ortDir, 'node_modules', 'onnxruntime-node');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require(pkg) as typeof import('onnxruntime-node');
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: Number(threads), interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8')) as Input[];
  // The published exports name the ids input `input_ids` (onnx-community) or `tokens` (kokoro-onnx).
  const idsName = session.inputNames.find((n) => n === 'input_ids' || n === 'tokens') ?? session.inputNames[0]!;
  const speedType = session.inputNames.includes('speed') ? 'speed' : null;
  const feeds = inputs.map((x) => {
    const f: Record<string, import('onnxruntime-node').Tensor> = {
      [idsName]: new ort.Tensor('int64', BigInt64Array.from(x.ids.map(BigInt)), [1, x.ids.length]),
      style: new ort.Tensor('float32', Float32Array.from(x.style), [1, 256]),
    };
    if (speedType) f.speed = new ort.Tensor('float32', Float32Array.from([1]), [1]);
    return f;
  });
  for (const f of feeds) await session.run(f);
  const passMs: number[] = [];
  for (let r = 0; r < Number(runs); r++) {
    const t0 = performance.now();
    for (const f of feeds) await session.run(f);
    passMs.push(performance.now() - t0);
  }
  await session.release();
  process.stdout.write(`${JSON.stringify({ version, passMs })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
