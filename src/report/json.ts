import type { BenchReport } from '../bench/types';
import type { Reporter } from './reporter';
import type { TuneReport } from '../tune/types';

export const jsonReporter: Reporter = {
  report: (r: BenchReport) => `${JSON.stringify(r, null, 2)}\n`,
  tune: (r: TuneReport) => `${JSON.stringify(r, null, 2)}\n`,
};
