/**
 * What one `synth` run did, for programs (`synth --json FILE|-`): the figures its human lines give,
 * so a benchmark that starts synth reads numbers, never the prose of --verbose.
 */
export interface SynthSummary {
  readonly voice: string;
  readonly model: string;
  readonly audioSeconds: number;
  /** From the first chunk asked for to the last written. */
  readonly synthesisSeconds: number;
  /** synthesisSeconds / audioSeconds. */
  readonly rtf: number;
  readonly chunks: number;
  /** The files written (none when the audio went to stdout). */
  readonly files: readonly string[];
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
