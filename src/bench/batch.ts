import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_RATE } from '../spec';
import type { BatchItem } from '../batch/lines';
import { speakLines } from '../batch/speak-lines';
import { EngineHost } from '../host/pool';
import type { HostSetup } from '../host/protocol';
import { noiseOf } from './compare';
import { summarize } from './stats';
import type { BatchJobsResult, BatchResult } from './types';

/** The batch workload: the cases' texts, cycled to `lines` lines (pure). */
export function batchItems(texts: readonly string[], lines: number): BatchItem[] {
  return Array.from({ length: lines }, (_, i) => ({ line: i + 1, name: String(i + 1).padStart(4, '0'), text: texts[i % texts.length]! }));
}

/** Fewest jobs whose median throughput is within noise of the best (pure). */
export function bestJobsOf(results: readonly BatchJobsResult[]): number {
  const best = results.reduce((a, b) => (b.throughput.median > a.throughput.median ? b : a));
  const close = results.filter((r) => r.throughput.median >= best.throughput.median * (1 - noiseOf(best.throughput, r.throughput)));
  return Math.min(...close.map((r) => r.jobs));
}

/**
 * Batch throughput (audio seconds per wall second, engine loading included) for each jobs value,
 * through the same engine host and line writer `synth --split-lines` uses. Jobs values are interleaved within each
 * iteration so drift on a shared machine hits all of them alike. Files go to a temp folder that is
 * removed afterwards.
 */
export async function benchBatch(
  items: readonly BatchItem[],
  jobsList: readonly number[],
  setupsFor: (jobs: number) => HostSetup[],
  voice: { readonly voice: string; readonly speed: number },
  iterations: number,
  progress: (m: string) => void,
): Promise<BatchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kokoro-bench-batch-'));
  try {
    const runs = new Map<number, { wall: number[]; load: number[]; tp: number[]; failed: number; threads: number }>();
    let audioSeconds = 0;
    for (let i = 0; i < iterations; i++) {
      for (const jobs of jobsList) {
        progress(`batch: ${items.length} lines, jobs ${jobs}, iteration ${i + 1}/${iterations}`);
        const setups = setupsFor(jobs);
        const t0 = performance.now();
        const host = await EngineHost.start(setups);
        const results = await speakLines(items, host, { ...voice, outDir: dir, format: 'wav' }).finally(() => host.close());
        const wallMs = performance.now() - t0;
        const samples = results.reduce((n, r) => n + (r.ok ? r.samples : 0), 0);
        audioSeconds = samples / SAMPLE_RATE;
        const r = runs.get(jobs) ?? { wall: [], load: [], tp: [], failed: 0, threads: setups[0]!.engine.session.intraOpNumThreads };
        r.wall.push(wallMs);
        r.load.push(Math.max(...host.loadMs));
        r.tp.push(audioSeconds / (wallMs / 1000));
        r.failed += results.filter((x) => !x.ok).length;
        runs.set(jobs, r);
      }
    }
    const results: BatchJobsResult[] = jobsList.map((jobs) => {
      const r = runs.get(jobs)!;
      return { jobs, threadsPerJob: r.threads, throughput: summarize(r.tp), wallMs: summarize(r.wall), loadMs: summarize(r.load), failedLines: r.failed };
    });
    return {
      lines: items.length,
      characters: items.reduce((n, it) => n + it.text.length, 0),
      audioSeconds,
      iterations,
      results,
      bestJobs: bestJobsOf(results),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
