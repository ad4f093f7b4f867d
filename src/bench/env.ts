import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { isStandIn } from '../engine/model-file';
import { arch, platform, release } from 'node:os';
import type { SessionSettings } from '../engine';
import { sha256File } from '../util/fs';
import { packageVersion } from '../util/versions';
import type { Environment, SettingSource } from './types';

export { isStandIn, STANDIN_PRODUCER } from '../engine/model-file';

export interface HardwareFacts {
  readonly brand: string;
  readonly id: string;
  readonly physicalCores: number;
  readonly logicalCores: number;
  readonly performanceCores: number | null;
  readonly efficiencyCores: number | null;
  readonly flags: readonly string[];
}

/** systeminformation is loaded on demand: it costs ~30 ms at startup that `synth` does not need. */
export async function loadSi(): Promise<typeof import('systeminformation')> {
  return import('systeminformation');
}

export async function hardwareFacts(): Promise<HardwareFacts> {
  const si = await loadSi();
  const cpu = await si.cpu();
  const flags = (cpu.flags || (await si.cpuFlags())).split(/\s+/).filter(Boolean);
  return {
    brand: `${cpu.manufacturer} ${cpu.brand}`.trim(),
    id: `${cpu.vendor || cpu.manufacturer} family ${cpu.family} model ${cpu.model} stepping ${cpu.stepping}`,
    physicalCores: cpu.physicalCores,
    logicalCores: cpu.cores,
    performanceCores: cpu.performanceCores ?? null,
    efficiencyCores: cpu.efficiencyCores ?? null,
    flags,
  };
}

export function simdOf(flags: readonly string[]): Environment['simd'] {
  const has = (f: string): boolean => flags.includes(f);
  return { avx2: has('avx2'), avx512: has('avx512f'), vnni: has('avx512_vnni') || has('avx_vnni') };
}


function gitCommit(cwd: string): Promise<string | null> {
  return new Promise((res) => execFile('git', ['rev-parse', 'HEAD'], { cwd }, (e, out) => res(e ? null : out.trim() || null)));
}

export async function collectEnvironment(
  modelPath: string,
  session: SessionSettings,
  sources: Environment['sessionSources'],
  cwd: string,
  /** The onnxruntime in use, as the CLI resolved it (an installed library names its release); default the bundled package's. */
  onnxruntime: string = packageVersion('onnxruntime-node'),
): Promise<Environment> {
  const [hw, bytes, sha256, standIn, commit] = await Promise.all([
    hardwareFacts(), stat(modelPath).then((s) => s.size), sha256File(modelPath), isStandIn(modelPath), gitCommit(cwd),
  ]);
  return {
    cpu: { brand: hw.brand, id: hw.id, physicalCores: hw.physicalCores, logicalCores: hw.logicalCores, performanceCores: hw.performanceCores, efficiencyCores: hw.efficiencyCores },
    simd: simdOf(hw.flags),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.versions.node,
    onnxruntime,
    model: { path: modelPath, bytes, sha256, standIn, label: standIn ? 'stand-in' : 'model' },
    session,
    sessionSources: sources,
    gitCommit: commit,
    timestamp: new Date().toISOString(),
  };
}

export function allFrom(source: SettingSource): Record<keyof SessionSettings, SettingSource> {
  return {
    intraOpNumThreads: source, interOpNumThreads: source, executionMode: source, graphOptimizationLevel: source,
    enableCpuMemArena: source, enableMemPattern: source,
  };
}
