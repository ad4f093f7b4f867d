import type { BatchResult, BenchReport } from '../bench/types';
import type { TuneReport } from '../tune/types';

/** Where a result came from, and when it was measured. */
export interface ResultSource {
  /** The file as given (or "this run" for bench/tune --html). */
  readonly path: string;
  /** Short name for labels: the file's base name. */
  readonly name: string;
  /** ISO time: environment.timestamp, else the file's mtime (older results). */
  readonly time: string;
  readonly timeFrom: 'environment' | 'mtime';
}

/**
 * One result file, by what it holds. A new kind of result (the coming `bench --server` load test:
 * latency percentiles and throughput per concurrency) is one more member here, one more entry in
 * KINDS (src/results/load.ts) that recognises it, and one more section renderer in report/html.ts.
 */
export type ResultFile =
  | { readonly kind: 'bench'; readonly source: ResultSource; readonly report: BenchReport }
  | { readonly kind: 'batch'; readonly source: ResultSource; readonly report: BenchReport; readonly batch: BatchResult }
  | { readonly kind: 'tune'; readonly source: ResultSource; readonly report: TuneReport };

export type ResultKind = ResultFile['kind'];

/** Everything one report shows: the results in the order given, and the CI baseline if there is one. */
export interface ResultSet {
  readonly files: readonly ResultFile[];
  readonly baseline: { readonly source: ResultSource; readonly report: BenchReport } | null;
}
