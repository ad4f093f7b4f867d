/** The benchmarks' shared harness: the repository root and command-line flags. */
import { join } from 'node:path';

/** The repository root, from dist/benchmarks/ (where the compiled scripts run). */
export const ROOT = join(__dirname, '..', '..');

/** The value after `--name` on the command line, or the fallback. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Whether a bare switch such as `--no-asr` is on the command line. */
export function hasFlag(name: string): boolean {
  return process.argv.includes(name);
}
