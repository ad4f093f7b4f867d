import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { KokoroError, type ExitCodeValue } from '../util/errors';
import type { BatchItem } from './lines';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol';

export type LineResult =
  | { readonly line: number; readonly ok: true; readonly path: string; readonly samples: number; readonly wallMs: number }
  | { readonly line: number; readonly ok: false; readonly message: string };

export interface PoolHooks {
  readonly onResult?: (r: LineResult) => void;
  /** A temp file a worker is writing (to remove if the process is interrupted) and when it is gone. */
  readonly onTemp?: (path: string) => () => void;
}

export interface PoolResult {
  readonly results: LineResult[];
  /** From the start of the pool to the last line, workers' loading included, in ms. */
  readonly wallMs: number;
  readonly loadMs: number[];
}

/**
 * Speaks `items` with `jobs` worker threads, each with its own engine made from `setups[k]`.
 * Lines are handed out one at a time to whichever worker is free, so a long line does not hold up
 * a whole share. A failed line is reported and the rest go on; a worker that cannot start its
 * engine fails the batch.
 */
export function runPool(items: readonly BatchItem[], setups: readonly WorkerSetup[], hooks: PoolHooks = {}): Promise<PoolResult> {
  const t0 = performance.now();
  const queue = [...items];
  const results: LineResult[] = [];
  const loadMs: number[] = [];
  const workers: Worker[] = [];
  return new Promise((resolve, reject) => {
    let live = setups.length;
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    for (const setup of setups) {
      const w = new Worker(join(__dirname, 'worker.js'), { workerData: setup });
      workers.push(w);
      const untrack = new Map<string, () => void>();
      const send = (m: ToWorker): void => w.postMessage(m);
      const feed = (): void => {
        const item = queue.shift();
        send(item ? { type: 'item', item } : { type: 'stop' });
      };
      const record = (r: LineResult): void => {
        results.push(r);
        hooks.onResult?.(r);
      };
      w.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            loadMs.push(m.loadMs);
            return feed();
          case 'temp':
            if (hooks.onTemp) untrack.set(m.path, hooks.onTemp(m.path));
            return;
          case 'done':
          case 'failed':
            for (const u of untrack.values()) u();
            untrack.clear();
            record(m.type === 'done' ? { line: m.line, ok: true, path: m.path, samples: m.samples, wallMs: m.wallMs } : { line: m.line, ok: false, message: m.message });
            return feed();
          case 'fatal':
            return fail(new KokoroError('batch', m.message, m.hint, m.exitCode as ExitCodeValue));
        }
      });
      w.on('error', fail);
      w.on('exit', () => {
        if (--live === 0 && !failed) {
          results.sort((a, b) => a.line - b.line);
          resolve({ results, wallMs: performance.now() - t0, loadMs });
        }
      });
    }
  });
}
