import { Command, CommanderError } from 'commander';
import { ExitCode, isKokoroError } from '../util/errors';
import { join } from 'node:path';
import { packageVersion, versionIn } from '../util/versions';
import { PACKAGE_ROOT } from './paths';
import { removePendingTemps, takeInterruptHandler } from './io';
import { registerSynth } from './synth';
import { registerBook } from './book';
import { registerVoices } from './voices';
import { registerBench } from './bench';
import { registerConfig } from './config';
import { registerTune } from './tune';
import { registerDownload } from './download';
import { registerModels } from './models';
import { registerReport } from './report';
import { registerServe } from './serve';
import { registerRuntime } from './runtime';

export interface GlobalFlags {
  readonly verbose: boolean;
}

/** What `--version` prints: ours, and with --verbose the runtime's and ONNX Runtime's. */
export function versionText(verbose: boolean): string {
  const lines = [`kokoro-ts ${versionIn(() => join(PACKAGE_ROOT, 'package.json'))}`];
  if (verbose) lines.push(`onnxruntime-node ${packageVersion('onnxruntime-node')}`, `espeak-ng (npm) ${packageVersion('espeak-ng')}`, `Node ${process.version} (${process.platform}/${process.arch})`);
  return `${lines.join('\n')}\n`;
}

function buildProgram(argv: readonly string[], onCommand: (name: string) => void): Command {
  const program = new Command();
  program
    .name('kokoro-ts')
    .description('Kokoro-82M text-to-speech on ONNX Runtime (CPU): synthesize, benchmark and tune')
    .option('--verbose', 'more detail on stderr, and stack traces on errors')
    .option('--override-file <path>', 'settings file to read (and for tune, to write) instead of ./override.json (or $KOKORO_OVERRIDE)')
    .option('-V, --version', 'print the version (with --verbose: also onnxruntime-node\'s and Node\'s)')
    // Commander's own errors are printed by report(), in the house style; set before the commands so they inherit it.
    .configureOutput({ outputError: () => undefined })
    .exitOverride()
    .hook('preSubcommand', (_program, sub) => onCommand(sub.name()));
  program.on('option:version', () => {
    // Anywhere on the line, like commander's own --version; --verbose may come after it.
    process.stdout.write(versionText(argv.includes('--verbose')));
    throw new CommanderError(0, 'commander.version', 'version printed');
  });
  registerSynth(program);
  registerBook(program);
  registerVoices(program);
  registerBench(program);
  registerTune(program);
  registerDownload(program);
  registerModels(program);
  registerReport(program);
  registerServe(program);
  registerRuntime(program);
  registerConfig(program);
  return program;
}

/** The hint for a usage error that brings none: where the options are listed. */
function usageHint(command: string | null): string {
  return command ? `kokoro-ts ${command} --help lists its options` : 'kokoro-ts --help lists the commands';
}

/** Commander's "error: unknown option '--x'\n(Did you mean --y?)" as one line without its prefix. */
function commanderMessage(e: CommanderError): string {
  return e.message.replace(/^error: /, '').replace(/\n\((Did you mean [^)]*)\)$/, (_m, s: string) => ` (${s.charAt(0).toLowerCase()}${s.slice(1)})`);
}

/** A write to stdout failed because its reader went away (`| head`, a player that quit). */
function isBrokenPipe(e: unknown): boolean {
  for (let x = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    if ((x as NodeJS.ErrnoException).code === 'EPIPE') return true;
  }
  return false;
}

/**
 * The single place errors are printed: "Error: ..." and a hint on stderr, the exit code returned;
 * stack only with --verbose. A usage error always exits 2.
 */
function report(e: unknown, verbose: boolean, command: string | null): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return 0;
    // Help shown because no command was given: the help is the message.
    if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return ExitCode.Usage;
    process.stderr.write(`Error: ${commanderMessage(e)}\n  hint: ${usageHint(e.code === 'commander.unknownCommand' ? null : command)}\n`);
    return ExitCode.Usage;
  }
  if (isKokoroError(e)) {
    process.stderr.write(`Error: ${e.message}\n`);
    const hint = e.hint ?? (e.exitCode === ExitCode.Usage ? usageHint(command) : undefined);
    if (hint) process.stderr.write(`  hint: ${hint}\n`);
    if (verbose && e.cause instanceof Error && e.cause.stack) process.stderr.write(`${e.cause.stack}\n`);
    else if (verbose && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  process.stderr.write(`Error: internal error: ${msg}\n`);
  if (verbose && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write('  hint: run again with --verbose for the stack trace\n');
  return ExitCode.Failure;
}

export async function main(argv: readonly string[]): Promise<void> {
  const verbose = argv.includes('--verbose');
  const hardExit = (): void => {
    void removePendingTemps().finally(() => {
      process.stderr.write('Interrupted: no output written.\n');
      process.exit(ExitCode.Interrupted);
    });
  };
  const onSignal = (): void => {
    const handler = takeInterruptHandler();
    if (!handler) return hardExit();
    if (!handler.quiet) process.stderr.write('\nInterrupting: finishing up (press Ctrl-C again to quit at once)\n');
    process.on('SIGINT', hardExit);
    process.on('SIGTERM', hardExit);
    handler.run();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The reader of stdout went away: the failed write ends the command through its own error path
  // (which removes temp files); should that path stall, quit after a moment all the same.
  let stdoutGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' || stdoutGone) return;
    stdoutGone = true;
    setTimeout(() => void removePendingTemps().finally(() => process.exit(ExitCode.BrokenPipe)), 10_000);
  });
  let command: string | null = null;
  let code = 0;
  try {
    await buildProgram(argv, (name) => (command = name)).parseAsync([...argv]);
  } catch (e) {
    await removePendingTemps();
    if (stdoutGone || isBrokenPipe(e)) {
      // Quietly, as a program killed by SIGPIPE: the reader chose to stop.
      if (verbose) process.stderr.write('kokoro-ts: standard output was closed by its reader; stopped.\n');
      code = ExitCode.BrokenPipe;
    } else code = report(e, verbose, command);
  }
  process.exitCode = code;
  // Workers (espeak) and ONNX threads must not keep a finished command alive.
  setImmediate(() => process.exit(code));
}
