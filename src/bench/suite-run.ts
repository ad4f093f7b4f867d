import type { EngineOptions } from '../engine';
import type { HostSetup } from '../host/protocol';
import type { BenchCase } from './cases';
import { benchCase } from './run';
import { batchItems, benchBatch } from './batch';
import { SCHEMA_VERSION, type BatchResult, type BenchReport, type CaseResult, type Environment } from './types';

/** A whole `bench` run, resolved and validated (by the CLI) into plain values. */
export interface BenchOptions {
  readonly cases: BenchCase[];
  readonly iterations: number;
  readonly warmup: number;
  readonly voice: string;
  readonly speed: number;
  /** The engine each case gets a fresh copy of (phoneme cache as bench wants it). */
  readonly engine: EngineOptions;
  /** bench --timestamps: also time each case with word timings and captions made. */
  readonly timestamps: boolean;
  /** bench --stream: the first-chunk limit of the streamed form; null = not measured. */
  readonly streamFirstChunkTokens: number | null;
  /** bench --batch: jobs values to measure, lines per batch, and the host workers for a jobs value; null = no batch run. */
  readonly batch: { readonly jobs: number[]; readonly lines: number; readonly setupsFor: (jobs: number) => HostSetup[] } | null;
}

/**
 * Runs the suite (or the batch measurement) and returns the report. `save` is given the report so far
 * after every case (the CLI writes the JSON atomically), so an interrupted run keeps what it measured.
 */
export async function runBench(o: BenchOptions, environment: Environment, progress: (m: string) => void, save: (r: BenchReport) => Promise<void>): Promise<BenchReport> {
  const done: CaseResult[] = [];
  let batch: BatchResult | undefined;
  const reportOf = (): BenchReport => ({ schemaVersion: SCHEMA_VERSION, tool: 'kokoro-ts bench', environment, voice: o.voice, speed: o.speed, cases: done, timestamps: o.timestamps, ...(batch ? { batch } : {}) });
  if (o.batch) {
    const items = batchItems(o.cases.map((c) => c.text), o.batch.lines);
    batch = await benchBatch(items, o.batch.jobs, o.batch.setupsFor, { voice: o.voice, speed: o.speed }, o.iterations, progress);
    await save(reportOf());
    return reportOf();
  }
  for (const c of o.cases) {
    progress(`${c.name}: ${c.text.length} characters`);
    const stream = o.streamFirstChunkTokens ?? undefined;
    done.push(await benchCase(c, { engine: o.engine, voice: o.voice, speed: o.speed, iterations: o.iterations, warmup: o.warmup, streamFirstChunkTokens: stream, timestamps: o.timestamps }, { onProgress: progress }));
    await save(reportOf());
  }
  return reportOf();
}
