/**
 * kokoro-ts as a warm peer-benchmark driver: the engine loaded once with the settings the CLI would
 * resolve (override.json < KOKORO_* < these flags), then one Measurement line per Request line
 * (protocol.ts): the synth pipeline into memory (as `bench` times it) and the bare-model reference
 * on the same ids and style rows.
 *   node dist/benchmarks/peers/kokoro-ts-driver.js --model M --voices-dir D --voice V --threads T
 */
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';
import { createEngine } from '../../src/engine';
import { resolveConfig } from '../../src/config/resolve';
import { engineDepsOf, engineOptionsOf, pausesOf, resolveEngineSettings } from '../../src/cli/engine-settings';
import { timeRawModel, timeSynthesis } from '../../src/bench/measure';
import { hrClock } from '../../src/util/clock';
import { join } from 'node:path';
import { versionIn } from '../../src/util/versions';
import type { Measurement, Ready, Request } from './protocol';
import { requiredFlag, ROOT } from '../lib';


async function main(): Promise<void> {
  const config = await resolveConfig({
    cwd: process.cwd(),
    env: process.env,
    flags: { model: requiredFlag('--model'), voicesDir: requiredFlag('--voices-dir'), voice: requiredFlag('--voice'), 'session.intraOpNumThreads': requiredFlag('--threads') },
  });
  const s = await resolveEngineSettings(config, process.cwd());
  const engine = await createEngine(engineOptionsOf(s), engineDepsOf(s, availableParallelism()));
  await engine.voicePack(s.voice);
  // As synth does: pause targets only where the model reports durations.
  const pauses = engine.contract.durationsOutput !== null ? pausesOf(s) : undefined;
  const ready: Ready = { ready: true, tool: 'kokoro-ts', versions: { 'kokoro-ts': versionIn(() => join(ROOT, 'package.json')), 'onnxruntime-node': s.runtime.label }, loadMs: performance.now() };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const req = JSON.parse(line) as Request;
    const t = await timeSynthesis(engine, { text: req.text, voice: s.voice, speed: s.speed, pauses }, hrClock);
    const raw = await timeRawModel(engine, s.voice, t.chunkIds, s.speed, hrClock);
    const m: Measurement = {
      tool: 'kokoro-ts', case: req.case, wallMs: t.wallMs, bareModelMs: raw.totalMs, audioSeconds: t.audioSeconds,
      calls: t.chunkIds.map((ids) => ids.length), peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  }
  await engine.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`kokoro-ts driver: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
