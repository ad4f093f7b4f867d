import { Command, CommanderError } from 'commander';
import { ExitCode, isKokoroError } from '../util/errors';
import { removePendingTemps, takeInterruptHandler } from './io';
import { registerSynth } from './synth';
import { registerVoices } from './voices';
import { registerBench } from './bench';
import { registerConfig } from './config';
import { registerTune } from './tune';
import { registerDownload } from './download';
import { registerModels } from './models';

export interface GlobalFlags {
  readonly verbose: boolean;
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('kokoro-ts')
    .description('Kokoro-82M text-to-speech on ONNX Runtime (CPU): synthesize, benchmark and tune')
    .option('--verbose', 'more detail on stderr, and stack traces on errors')
    .option('--override-file <path>', 'settings file to read (and for tune, to write) instead of ./override.json (or $KOKORO_OVERRIDE)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerSynth(program);
  registerVoices(program);
  registerBench(program);
  registerTune(program);
  registerDownload(program);
  registerModels(program);
  registerConfig(program);
  return program;
}

/** The single place errors are printed: one line, a hint, the exit code; stack only with --verbose. */
function report(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : ExitCode.Usage;
  if (isKokoroError(e)) {
    process.stderr.write(`Error: ${e.message}\n`);
    if (e.hint) process.stderr.write(`  hint: ${e.hint}\n`);
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
    process.stderr.write('\nInterrupting: finishing up (press Ctrl-C again to quit at once)\n');
    process.on('SIGINT', hardExit);
    process.on('SIGTERM', hardExit);
    handler();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let code = 0;
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (e) {
    await removePendingTemps();
    code = report(e, verbose);
  }
  process.exitCode = code;
  // Workers (espeak) and ONNX threads must not keep a finished command alive.
  setImmediate(() => process.exit(code));
}
