import type { EngineOptions } from '../engine';
import type { AudioFormat } from '../audio/sink';
import type { BatchItem } from './lines';

/** What a batch worker is started with. */
export interface WorkerSetup {
  readonly engine: EngineOptions;
  readonly voice: string;
  readonly speed: number;
  readonly outDir: string;
  readonly format: AudioFormat;
}

/** Main -> worker. */
export type ToWorker = { readonly type: 'item'; readonly item: BatchItem } | { readonly type: 'stop' };

/** Worker -> main. */
export type FromWorker =
  | { readonly type: 'ready'; readonly loadMs: number }
  | { readonly type: 'temp'; readonly path: string }
  | { readonly type: 'done'; readonly line: number; readonly path: string; readonly samples: number; readonly wallMs: number }
  | { readonly type: 'failed'; readonly line: number; readonly message: string }
  | { readonly type: 'fatal'; readonly message: string; readonly hint?: string; readonly exitCode: number };
