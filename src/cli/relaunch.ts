/**
 * `serve` runs for days, and under glibc's default malloc its resident memory creeps up: freed
 * buffers of a few MB (answers, model outputs) raise the dynamic mmap threshold, later ones come from
 * the heaps of the worker threads' arenas, and those heaps are not given back. Measured on the
 * stand-in (200-400 requests at concurrency 8, 2 workers): RSS +5-9% from request 20 to 200 and still
 * rising, 288-302 MB at request 400; with MALLOC_TRIM_THRESHOLD_ set (which also fixes the mmap
 * threshold) flat (-4%..+1%) at 234-244 MB. glibc reads that setting only when a process starts, so
 * the launcher runs `serve` as a child process with it set, forwards signals to it and exits with its
 * code (with SERVE_V8_FLAGS too). Everything else runs in-process: a second process costs ~40 ms and ~40 MB, which only pays for
 * a long-lived server. Setting MALLOC_TRIM_THRESHOLD_ yourself (any value) keeps serve in-process.
 *
 * Imports only node: modules, so the parent stays small (it never loads the CLI).
 */
import { spawn } from 'node:child_process';

/** glibc's trim threshold for serve: 128 KiB (its default before the dynamic threshold moves it). */
export const SERVE_TRIM_THRESHOLD = '131072';

/**
 * V8 grows a busy isolate's young generation up to 3 x 16 MB, and the server's isolates (the HTTP
 * thread and each engine worker, whose misaki front end allocates fast) all get busy: with misaki the
 * default, RSS rose 10-18% from request 20 to 200 on the stand-in even with the trim threshold;
 * with semi-spaces of 2 MB it stayed within 10% in every run. Scavenging a smaller young generation
 * costs nothing next to a model call.
 */
export const SERVE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** Global options that take a value (they may stand before the command). */
const VALUED_GLOBALS = new Set(['--override-file']);

/** The command word of an argv (node, script, ...args), skipping global options; null if none. */
export function commandOf(argv: readonly string[]): string | null {
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1] ?? null;
    if (VALUED_GLOBALS.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return null;
}

/** Whether this invocation should run as a child process with the serve malloc settings (pure). */
export function shouldRelaunch(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, platform: string): boolean {
  return platform === 'linux' && commandOf(argv) === 'serve' && env.MALLOC_TRIM_THRESHOLD_ === undefined;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the same command line in a child process with `extraEnv` added and makes this process its
 * shadow: every SIGINT/SIGTERM/SIGHUP it gets goes to the child once (the child runs in its own
 * process group, so a terminal's Ctrl-C reaches it only this way, exactly once), and this process
 * exits with the child's code. An IPC channel lets the child notice when this process is gone.
 */
export function runAsChild(argv: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv, extraEnv: Record<string, string>, v8Flags: readonly string[] = []): void {
  const child = spawn(argv[0]!, [...v8Flags, ...execArgv, ...argv.slice(1)], {
    env: { ...env, ...extraEnv },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forward = (s: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
  };
  for (const s of FORWARDED) process.on(s, forward);
  child.on('error', (e) => {
    process.stderr.write(`Error: could not start the server process: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
  });
}
