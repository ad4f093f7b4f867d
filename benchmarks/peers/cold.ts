/**
 * One cold start: a whole fresh process speaking a short text to a WAV file, timed from spawn to
 * exit, with its peak RSS from GNU time (/usr/bin/time -f %M) when that is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface ColdResult {
  readonly wallMs: number;
  readonly peakRssMb: number | null;
}

/** Runs `command args` (which must write `wav`), checks the WAV was written, and removes it. */
export function coldRun(command: string, args: readonly string[], cwd: string, wav: string): ColdResult {
  if (existsSync(wav)) unlinkSync(wav);
  const timed = existsSync(GNU_TIME);
  // GNU time writes the peak RSS (kB) alone into a file of its own, apart from the tool's output.
  const peakDir = timed ? mkdtempSync(join(tmpdir(), 'peers-cold-')) : null;
  const peakFile = peakDir === null ? null : join(peakDir, 'peak-kb');
  const [cmd, argv] = peakFile !== null ? [GNU_TIME, ['-o', peakFile, '-f', '%M', command, ...args]] : [command, [...args]];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cold run failed (${command} ${args.join(' ')}): exit ${r.status}\n${(r.stderr ?? '').slice(-2000)}`);
  if (!existsSync(wav) || statSync(wav).size <= 44) throw new Error(`cold run wrote no audio to ${wav} (${command} ${args.join(' ')})`);
  unlinkSync(wav);
  const kb = peakFile !== null && existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8').trim()) : NaN;
  if (peakDir !== null) rmSync(peakDir, { recursive: true, force: true });
  return { wallMs, peakRssMb: Number.isFinite(kb) && kb > 0 ? kb / 1024 : null };
}
