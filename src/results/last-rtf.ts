import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchReport, Environment } from '../bench/types';

/** The most recent bench figure for one model file on this machine. */
export interface LastMeasured {
  /** The longest case of that run (the figure least moved by fixed costs). */
  readonly caseName: string;
  readonly rtf: number;
  readonly threads: number;
  readonly onnxruntime: string;
  readonly timestamp: string;
}

/** The machine a result must come from to say anything about this one. */
export interface MachineKey {
  readonly brand: string;
  readonly id: string;
  readonly logicalCores: number;
}

function reportsIn(raw: unknown): BenchReport[] {
  const r = raw as { tool?: string; reports?: unknown; environment?: unknown; cases?: unknown } | null;
  if (!r || typeof r !== 'object') return [];
  if (r.tool === 'kokoro-ts bench --models' && Array.isArray(r.reports)) return r.reports.flatMap(reportsIn);
  if (r.tool === 'kokoro-ts bench' && r.environment && Array.isArray(r.cases) && r.cases.length > 0) return [r as BenchReport];
  return [];
}

const sameMachine = (e: Environment, m: MachineKey): boolean => e.cpu.brand === m.brand && (!e.cpu.id || e.cpu.id === m.id) && e.cpu.logicalCores === m.logicalCores;

/**
 * Per model sha256: the newest bench result (bench or bench --models JSON in `dirs`) measured on
 * this machine. Unreadable or foreign files are skipped: this is a hint in a listing, not a check.
 */
export async function lastMeasured(dirs: readonly string[], machine: MachineKey): Promise<Map<string, LastMeasured>> {
  const out = new Map<string, LastMeasured>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
    } catch {
      continue;
    }
    for (const n of names) {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(join(dir, n), 'utf8'));
      } catch {
        continue;
      }
      for (const r of reportsIn(raw)) {
        const e = r.environment;
        if (!sameMachine(e, machine)) continue;
        const longest = [...r.cases].sort((a, b) => b.audioSeconds - a.audioSeconds)[0]!;
        const prev = out.get(e.model.sha256);
        if (prev && prev.timestamp >= e.timestamp) continue;
        out.set(e.model.sha256, { caseName: longest.name, rtf: longest.rtf.median, threads: e.session.intraOpNumThreads, onnxruntime: e.onnxruntime, timestamp: e.timestamp });
      }
    }
  }
  return out;
}
