import type { ExecutionMode, SessionSettings } from '../engine/settings';

/**
 * What one tune trial tries: thread settings, and (when the sweep covers them) a model file and a
 * chunk limit; absent ones, and the rest of the session settings, stay as configured.
 */
export interface TrialSettings {
  readonly intraOpNumThreads: number;
  readonly interOpNumThreads: number;
  readonly executionMode: ExecutionMode;
  /** tune --models: the model file of this trial. */
  readonly modelPath?: string;
  /** tune --chunk-tokens: the most tokens per model call. */
  readonly maxChunkTokens?: number;
  /**
   * tune --sessions: sessions one text's chunks run on at once; the intra-op threads are then the
   * total, shared out among them (as --sessions does).
   */
  readonly sessions?: number;
  /** tune --rewrites: the graph rewrites of the trial's optimized copy, in setting form (auto, none, tiles:1024...). */
  readonly rewrites?: string;
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
  /** Model files to try; null = the configured one only (not part of the trials). */
  readonly models?: readonly string[] | null;
  /** Chunk limits to try; null = the configured one only. */
  readonly chunkTokens?: readonly number[] | null;
  /** Sessions per text to try; null = the configured count only. */
  readonly sessions?: readonly number[] | null;
  /** Rewrite settings to try; null = the configured one only. */
  readonly rewrites?: readonly string[] | null;
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
 * N sessions share the intra-op threads out, so they are tried only with at least N threads (a
 * thread each); with several sessions every session is sequential (its own thread pool per call).
 */
export function buildGrid(hw: CoreFacts, choice: GridChoice): TrialSettings[] {
  const intra = choice.threads ?? intraCandidates(hw);
  const inter = choice.interOp ?? [1, 2];
  const modes = choice.modes ?? (['sequential', 'parallel'] as const);
  const grid: TrialSettings[] = [];
  for (const modelPath of choice.models ?? [undefined]) {
    for (const maxChunkTokens of choice.chunkTokens ?? [undefined]) {
      for (const sessions of choice.sessions ?? [undefined]) for (const rewrites of choice.rewrites ?? [undefined]) {
        const extra = {
          ...(modelPath !== undefined ? { modelPath } : {}), ...(maxChunkTokens !== undefined ? { maxChunkTokens } : {}), ...(sessions !== undefined ? { sessions } : {}),
          ...(rewrites !== undefined ? { rewrites } : {}),
        };
        const several = sessions !== undefined && sessions > 1;
        for (const intraOpNumThreads of intra) {
          if (several && intraOpNumThreads !== 0 && intraOpNumThreads < sessions) continue;
          for (const executionMode of several ? (['sequential'] as const) : modes) {
            const inters = executionMode === 'sequential' ? [1] : inter;
            for (const interOpNumThreads of inters) grid.push({ intraOpNumThreads, interOpNumThreads, executionMode, ...extra });
          }
        }
      }
    }
  }
  return dedupe(grid);
}

export function sameTrial(a: TrialSettings, b: TrialSettings): boolean {
  return a.intraOpNumThreads === b.intraOpNumThreads && a.executionMode === b.executionMode
    && (a.executionMode === 'sequential' || a.interOpNumThreads === b.interOpNumThreads)
    && a.modelPath === b.modelPath && a.maxChunkTokens === b.maxChunkTokens && (a.sessions ?? 1) === (b.sessions ?? 1) && a.rewrites === b.rewrites;
}

/** Settings of a trial that differ from the current trial's beyond threads (model file, chunk limit, sessions, rewrites): fewer wins a tie. */
export function changesFrom(t: TrialSettings, current: TrialSettings | undefined): number {
  if (!current) return 0;
  return (t.modelPath !== current.modelPath ? 1 : 0) + (t.maxChunkTokens !== current.maxChunkTokens ? 1 : 0) + ((t.sessions ?? 1) !== (current.sessions ?? 1) ? 1 : 0)
    + (t.rewrites !== current.rewrites ? 1 : 0);
}

function dedupe(list: TrialSettings[]): TrialSettings[] {
  return list.filter((t, i) => list.findIndex((u) => sameTrial(t, u)) === i);
}

/** The current settings as a trial; the model, chunk limit, sessions and rewrites are named when the sweep covers them. */
export function trialOf(s: SessionSettings, swept: { modelPath?: string; maxChunkTokens?: number; sessions?: number; rewrites?: string } = {}): TrialSettings {
  return { intraOpNumThreads: s.intraOpNumThreads, interOpNumThreads: s.interOpNumThreads, executionMode: s.executionMode, ...swept };
}

/** Threads a trial keeps busy, for the "fewer threads wins a tie" rule (0 = ONNX Runtime's default counts as all cores). */
export function threadCost(t: TrialSettings, physicalCores: number): number {
  const intra = t.intraOpNumThreads === 0 ? physicalCores : t.intraOpNumThreads;
  return intra + (t.executionMode === 'parallel' ? Math.max(t.interOpNumThreads, 1) - 1 : 0);
}
