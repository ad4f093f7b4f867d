import type { AudioChunk, EngineOptions, SynthesisRequest } from '../engine';

/** What an engine-host worker is started with: its own engine (session, with its share of the threads). */
export interface HostSetup {
  readonly engine: EngineOptions;
}

/** Main -> worker. */
export type ToHost =
  | { readonly type: 'job'; readonly id: number; readonly request: SynthesisRequest }
  | { readonly type: 'cancel'; readonly id: number }
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
  | { readonly type: 'ready'; readonly loadMs: number; readonly durations: boolean }
  | { readonly type: 'chunk'; readonly id: number; readonly chunk: AudioChunk }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly type: 'fatal'; readonly error: WireError };
