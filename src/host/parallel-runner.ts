import type { EngineOptions, ModelRunner } from '../engine';
import { EngineHost } from './pool';

/**
 * Parallel sessions for one text: `sessions` worker threads, each with its own session of the model
 * with `threadsPerSession` intra-op threads, running the model calls of one engine. The engine (front
 * end, joins, pauses) stays in the calling thread and keeps that many chunks in the model at once,
 * in order; where one session leaves cores idle (the int8 file on some onnxruntime releases), two
 * with fewer threads each can keep them busy.
 */
export function parallelRunner(sessions: number, threadsPerSession: number): (opts: EngineOptions) => Promise<ModelRunner> {
  return async (opts) => {
    const t0 = performance.now();
    // The workers only run model calls: no phoneme cache, no warm-up text of their own.
    const engine: EngineOptions = { ...opts, session: { ...opts.session, intraOpNumThreads: threadsPerSession }, phonemeCacheSize: 0, warmup: false };
    const host = await EngineHost.start(Array.from({ length: sessions }, () => ({ engine })));
    return {
      contract: host.contract!,
      path: opts.modelPath,
      createMs: performance.now() - t0,
      parallelism: sessions,
      run: (ids, style, speed) => host.run(ids, style, speed),
      release: () => host.close(),
    };
  };
}
