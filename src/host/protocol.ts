import type { AudioChunk, EngineOptions, ModelContract, SynthesisRequest } from '../engine';
import type { TrackedWire } from '../text/tracked';

/** What an engine-host worker is started with: its own engine (session, with its share of the threads). */
export interface HostSetup {
  readonly engine: EngineOptions;
}

/** Main -> worker. */
export type ToHost =
  | { readonly type: 'job'; readonly id: number; readonly request: SynthesisRequest }
  /** One bare model call (parallel sessions for one text: the caller's engine does the rest). */
  | { readonly type: 'run'; readonly id: number; readonly ids: readonly number[]; readonly style: Float32Array; readonly speed: number }
  | { readonly type: 'cancel'; readonly id: number }
  /** The answer to a worker's 'phonemize' (ids are the worker's own request numbers). */
  | { readonly type: 'phonemes'; readonly id: number; readonly phonemes: TrackedWire }
  | { readonly type: 'phonemes-failed'; readonly id: number; readonly error: WireError }
  | { readonly type: 'stop' };

/** A failure as it crosses the thread boundary (KokoroError fields, or an internal error's message). */
export interface WireError {
  readonly code: string | null;
  readonly message: string;
  readonly hint?: string;
  readonly exitCode: number;
}

/** Worker -> main. */
export type FromHost =
  | { readonly type: 'ready'; readonly loadMs: number; readonly durations: boolean; readonly contract: ModelContract }
  | { readonly type: 'ran'; readonly id: number; readonly samples: Float32Array; readonly durations: Int32Array | null }
  | { readonly type: 'chunk'; readonly id: number; readonly chunk: AudioChunk }
  | { readonly type: 'done'; readonly id: number }
  /** A sentence's phonemes, asked of the host's shared store (front end by id, see frontEndOfId). */
  | { readonly type: 'phonemize'; readonly id: number; readonly frontEnd: string; readonly sentence: string }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly type: 'fatal'; readonly error: WireError };
