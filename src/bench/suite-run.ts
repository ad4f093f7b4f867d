import type { EngineDeps, EngineOptions } from '../engine';
import type { HostSetup } from '../host/protocol';
import type { BenchCase } from './cases';
import { benchCase, openCase, type CaseRun } from './run';
import { batchItems, benchBatch } from './batch';
import { SCHEMA_VERSION, type BatchResult, type BenchReport, type CaseResult, type Environment } from './types';

/** A whole `bench` run, resolved and validated (by the CLI) into plain values. */
export interface BenchOptions {
  readonly cases: BenchCase[];
  readonly iterations: number;
  readonly warmup: number;
  readonly voice: string;
  /** bench --lang: the language the cases' texts are read as (a case's own lang wins); undefined = each voice's. */
  readonly lang?: string;
  readonly speed: number;
  /** The engine each case gets a fresh copy of (phoneme cache as bench wants it). */
  readonly engine: EngineOptions;
  /** bench --timestamps: also time each case with word timings and captions made. */
  readonly timestamps: boolean;
  /** bench --stream: the first-chunk limit of the streamed form; null = not measured. */
  readonly streamFirstChunkTokens: number | null;
  /** bench --batch: jobs values to measure, lines per batch, and the host workers for a jobs value; null = no batch run. */
  readonly batch: { readonly jobs: number[]; readonly lines: number; readonly setupsFor: (jobs: number) => HostSetup[] } | null;
  /** How each engine runs its model calls (bench --sessions N: worker sessions); default one in this thread. */
  readonly deps?: EngineDeps;
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
    done.push(await benchCase(c, { engine: o.engine, voice: o.voice, lang: o.lang, speed: o.speed, iterations: o.iterations, warmup: o.warmup, rawReference: true, streamFirstChunkTokens: stream, timestamps: o.timestamps }, { onProgress: progress, deps: o.deps }));
    await save(reportOf());
  }
  return reportOf();
}

/** bench --models: the same cases on several model files, their iterations interleaved. */
export interface ModelsReport {
  readonly schemaVersion: number;
  readonly tool: 'kokoro-ts bench --models';
  /** One report per model file, in the order given; the first is the reference for ratios. */
  readonly reports: BenchReport[];
}

/**
 * Each case is opened on every model (a fresh engine each), then iteration i runs on every model
 * before iteration i + 1 on any, the order rotating, so drift on a shared machine hits each file
 * alike and their ratio is fair. `save` gets the report so far after each case.
 */
export async function runBenchModels(o: BenchOptions, models: readonly { readonly path: string; readonly environment: Environment }[], progress: (m: string) => void, save: (r: ModelsReport) => Promise<void>): Promise<ModelsReport> {
  const done: CaseResult[][] = models.map(() => []);
  const reportOf = (): ModelsReport => ({
    schemaVersion: SCHEMA_VERSION,
    tool: 'kokoro-ts bench --models',
    reports: models.map((m, k) => ({ schemaVersion: SCHEMA_VERSION, tool: 'kokoro-ts bench', environment: m.environment, voice: o.voice, speed: o.speed, cases: done[k]!, timestamps: o.timestamps })),
  });
  for (const c of o.cases) {
    progress(`${c.name}: ${c.text.length} characters on ${models.length} models`);
    const runs: CaseRun[] = [];
    try {
      for (const m of models) {
        runs.push(await openCase(c, { engine: { ...o.engine, modelPath: m.path }, voice: o.voice, lang: o.lang, speed: o.speed, iterations: o.iterations, warmup: o.warmup, rawReference: true, streamFirstChunkTokens: o.streamFirstChunkTokens ?? undefined, timestamps: o.timestamps }, { onProgress: progress, deps: o.deps }));
      }
      for (let i = 0; i < o.iterations; i++) {
        for (let j = 0; j < runs.length; j++) await runs[(i + j) % runs.length]!.iterate(i);
      }
      runs.forEach((r, k) => done[k]!.push(r.result()));
    } finally {
      for (const r of runs) await r.close();
    }
    await save(reportOf());
  }
  return reportOf();
}
