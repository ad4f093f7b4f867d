/**
 * What the orchestrator (run.ts) and the tool drivers say to each other, one JSON object per line.
 * A warm driver loads its tool once, prints a Ready line, then answers each Request on stdin with
 * one Measurement line on stdout. Everything is in milliseconds, seconds of audio, MiB.
 */
export const TOOLS = ['kokoro-ts', 'kokoro-onnx', 'kokoro-js', 'sherpa-onnx'] as const;
export type Tool = (typeof TOOLS)[number];

export interface Ready {
  readonly ready: true;
  readonly tool: Tool;
  /** Package versions the tool runs on (the tool itself, its runtime). */
  readonly versions: Record<string, string>;
  /** Time from the driver's start to the tool loaded (model session ready). */
  readonly loadMs: number;
}

export interface Request {
  readonly case: string;
  readonly text: string;
  /** kokoro-js only: 'generate' (one call, cut at 512 ids) or 'stream' (its sentence stream). */
  readonly mode?: 'generate' | 'stream';
}

export interface Measurement {
  readonly tool: Tool;
  readonly case: string;
  /** Text in, audio samples in memory out, through the tool's public API. */
  readonly wallMs: number;
  /** The same model calls (same inputs) through the bare session, nothing else; null if not exposed. */
  readonly bareModelMs: number | null;
  readonly audioSeconds: number;
  /** Ids per model call, pads included. */
  readonly calls: number[];
  /** Peak RSS of the driver process so far. */
  readonly peakRssMb: number;
  readonly mode?: string;
}

/** One measurement as stored in the results: which round, thread count, and whether discarded. */
export interface WarmRecord extends Measurement {
  readonly threads: number;
  readonly round: number;
  readonly warmup: boolean;
}

export interface ColdRecord {
  readonly tool: Tool;
  readonly threads: number;
  readonly round: number;
  readonly warmup: boolean;
  /** Whole process: start to exit, "Hello world!" written to a WAV file. */
  readonly wallMs: number;
  readonly peakRssMb: number | null;
}

export interface PeersReport {
  readonly schemaVersion: 1;
  readonly tool: 'kokoro-ts peers';
  readonly environment: Record<string, unknown>;
  readonly settings: { readonly model: string; readonly voice: string; readonly threads: number[]; readonly runs: number; readonly warmup: number; readonly coldRuns: number; readonly cases: string[]; readonly tools: Tool[] };
  readonly versions: Partial<Record<Tool, Record<string, string>>>;
  readonly warm: WarmRecord[];
  readonly cold: ColdRecord[];
}
