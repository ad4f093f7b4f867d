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
  enableMemPattern: true,
};
