/** synth --json: what one synthesis made, for scripts (the "Wrote ..." line is for people). */
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
}
