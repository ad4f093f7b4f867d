/**
 * synth --json: what one synthesis made, for scripts and for the benchmarks that start synth (the
 * "Wrote ..." and --verbose lines are for people; nothing reads them).
 */
export interface SynthSummary {
  readonly schemaVersion: 1;
  readonly tool: 'kokoro-ts synth';
  readonly voice: string;
  readonly model: string;
  readonly audioSeconds: number;
  /** Wall time from opening the output to finishing it, as the "Wrote" line gives it. */
  readonly synthesisSeconds: number;
  /** synthesisSeconds / audioSeconds. */
  readonly rtf: number;
  readonly chunks: number;
  /** Absolute paths of the files written: the audio (unless on stdout), then timings and captions. */
  readonly files: string[];
  /** When the engine was ready (session created, warm-up done), in ms after process start. */
  readonly readyMs: number;
  readonly sessionCreateMs: number;
  /** 0 without the engine warm-up. */
  readonly warmupMs: number;
  /** The process's peak resident set size at the end, in MB. */
  readonly peakRssMb: number;
  /** Each chunk in order: what the model was given (its phoneme tokens), what it made, and the time each stage took. */
  readonly perChunk: readonly SynthChunkSummary[];
}

export interface SynthChunkSummary {
  readonly tokens: number;
  readonly phonemes: string;
  readonly audioSeconds: number;
  readonly frontEndMs: number;
  readonly modelMs: number;
}
