/** The benchmarks' shared harness: the repository root and command-line flags. */
import { commaList } from '../src/util/list';

export { ROOT } from '../scripts/lib';

/** The value after `--name` on the command line, or the fallback (also for an empty value). */
export function flag(name: string): string | undefined;
export function flag(name: string, fallback: string): string;
export function flag(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** The value after `--name`; missing, a thrown error naming it. */
export function requiredFlag(name: string): string {
  const v = flag(name);
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
}

/** `--name N` as a number, or the fallback. */
export const numberFlag = (name: string, fallback: number): number => Number(flag(name, String(fallback)));

/** `--name a,b,c` as its items (trimmed, empty ones dropped: `commaList`), or the fallback's. */
export const listFlag = (name: string, fallback: string): string[] => commaList(flag(name, fallback));

/** Whether a bare switch such as `--no-asr` is on the command line. */
export function hasFlag(name: string): boolean {
  return process.argv.includes(name);
}
