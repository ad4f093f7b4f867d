import type { BenchReport } from '../bench/types';
import type { Comparison } from '../bench/compare';
import type { TuneReport } from '../tune/types';

/** Every output format of bench and tune results is a pure function of the result data; each format renders all of them. */
export interface Reporter {
  report(r: BenchReport): string;
  comparison(c: Comparison): string;
  tune(r: TuneReport): string;
}
