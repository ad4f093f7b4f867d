import type { ExecutionMode, SessionSettings } from '../engine/settings';

/** The thread settings one tune trial tries; the rest of the session settings stay as configured. */
export interface TrialSettings {
  readonly intraOpNumThreads: number;
  readonly interOpNumThreads: number;
  readonly executionMode: ExecutionMode;
}

export interface CoreFacts {
  readonly physicalCores: number;
  readonly logicalCores: number;
  /** Performance cores on hybrid CPUs that report them (null or equal to physical otherwise). */
  readonly performanceCores: number | null;
  readonly efficiencyCores: number | null;
}

export interface GridChoice {
  /** Intra-op thread counts; null = from the hardware. */
  readonly threads: readonly number[] | null;
  readonly interOp: readonly number[] | null;
  readonly modes: readonly ExecutionMode[] | null;
}

/**
 * Intra-op candidates from the hardware: 1, the powers of two below the physical core count, the
 * performance-core count on a hybrid CPU (threads on E-cores can slow the P-cores' work down), the
 * physical count, and the logical count when SMT makes it larger. On a 2-core VM: 1, 2.
 */
export function intraCandidates(hw: CoreFacts): number[] {
  const out = new Set<number>([1]);
  for (let n = 2; n < hw.physicalCores; n *= 2) out.add(n);
  if (hw.performanceCores && hw.efficiencyCores && hw.performanceCores < hw.physicalCores) out.add(hw.performanceCores);
  out.add(Math.max(1, hw.physicalCores));
  if (hw.logicalCores > hw.physicalCores) out.add(hw.logicalCores);
  return [...out].sort((a, b) => a - b);
}

/**
 * The sweep grid. Inter-op threads only matter in parallel mode, so sequential trials use 1 and
 * parallel trials try each inter-op count (default 1 and 2): no two trials run the same session.
 */
export function buildGrid(hw: CoreFacts, choice: GridChoice): TrialSettings[] {
  const intra = choice.threads ?? intraCandidates(hw);
  const inter = choice.interOp ?? [1, 2];
  const modes = choice.modes ?? (['sequential', 'parallel'] as const);
  const grid: TrialSettings[] = [];
  for (const intraOpNumThreads of intra) {
    for (const executionMode of modes) {
      const inters = executionMode === 'sequential' ? [1] : inter;
      for (const interOpNumThreads of inters) grid.push({ intraOpNumThreads, interOpNumThreads, executionMode });
    }
  }
  return dedupe(grid);
}

export function sameTrial(a: TrialSettings, b: TrialSettings): boolean {
  return a.intraOpNumThreads === b.intraOpNumThreads && a.executionMode === b.executionMode
    && (a.executionMode === 'sequential' || a.interOpNumThreads === b.interOpNumThreads);
}

function dedupe(list: TrialSettings[]): TrialSettings[] {
  return list.filter((t, i) => list.findIndex((u) => sameTrial(t, u)) === i);
}

export function trialOf(s: SessionSettings): TrialSettings {
  return { intraOpNumThreads: s.intraOpNumThreads, interOpNumThreads: s.interOpNumThreads, executionMode: s.executionMode };
}

/** Threads a trial keeps busy, for the "fewer threads wins a tie" rule (0 = ONNX Runtime's default counts as all cores). */
export function threadCost(t: TrialSettings, physicalCores: number): number {
  const intra = t.intraOpNumThreads === 0 ? physicalCores : t.intraOpNumThreads;
  return intra + (t.executionMode === 'parallel' ? Math.max(t.interOpNumThreads, 1) - 1 : 0);
}
