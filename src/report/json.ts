import type { BenchReport } from '../bench/types';
import type { Reporter } from './reporter';

export const jsonReporter: Reporter = {
  report: (r: BenchReport) => `${JSON.stringify(r, null, 2)}\n`,
};
