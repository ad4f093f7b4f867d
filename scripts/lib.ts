/** What the scripts share (benchmarks/lib.ts builds on it; scripts do not import benchmarks/). */
import { join } from 'node:path';

/** The repository root, from dist/scripts/ or dist/benchmarks/ (where the compiled files run). */
export const ROOT = join(__dirname, '..', '..');
