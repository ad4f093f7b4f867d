import type { BenchReport } from '../bench/types';
import type { Comparison } from '../bench/compare';

/** Every output format of bench results is a pure function of the result data. */
export interface Reporter {
  report(r: BenchReport): string;
  comparison?(c: Comparison): string;
}
