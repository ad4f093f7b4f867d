/** ONNX Runtime session settings: one typed object, resolved at the edge. */
export type ExecutionMode = 'sequential' | 'parallel';
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface SessionSettings {
  /** Threads inside one operator; 0 lets ONNX Runtime choose (one per physical core). */
  readonly intraOpNumThreads: number;
  /** Threads across independent operators; used only in parallel execution mode. */
  readonly interOpNumThreads: number;
  readonly executionMode: ExecutionMode;
  readonly graphOptimizationLevel: GraphOptimizationLevel;
  readonly enableCpuMemArena: boolean;
  readonly enableMemPattern: boolean;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  intraOpNumThreads: 0,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  enableCpuMemArena: true,
  // Off: ONNX Runtime plans and keeps a memory pattern per input shape, and every chunk length is a
  // new shape, so peak RSS grew with the number of chunks (bare session.run: 751 -> 881 MB from 6 to
  // 60 chunks); off, it stays flat (752 / 733 MB) for about 1% of speed. benchmarks/README.md.
  enableMemPattern: false,
};
