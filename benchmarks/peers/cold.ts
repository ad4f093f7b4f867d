/**
 * One cold start: a whole fresh process speaking a short text to a WAV file, timed from spawn to
 * exit, with its peak RSS from GNU time (/usr/bin/time -f %M) when that is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, unlinkSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';
const MARK = 'PEERS_PEAK_RSS_KB=';

export interface ColdResult {
  readonly wallMs: number;
  readonly peakRssMb: number | null;
}

/** Runs `command args` (which must write `wav`), checks the WAV was written, and removes it. */
export function coldRun(command: string, args: readonly string[], cwd: string, wav: string): ColdResult {
  if (existsSync(wav)) unlinkSync(wav);
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ['-f', `${MARK}%M`, command, ...args]] : [command, [...args]];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cold run failed (${command} ${args.join(' ')}): exit ${r.status}\n${(r.stderr ?? '').slice(-2000)}`);
  if (!existsSync(wav) || statSync(wav).size <= 44) throw new Error(`cold run wrote no audio to ${wav} (${command} ${args.join(' ')})`);
  unlinkSync(wav);
  const m = new RegExp(`${MARK}(\\d+)`).exec(r.stderr ?? '');
  return { wallMs, peakRssMb: m ? Number(m[1]) / 1024 : null };
}
