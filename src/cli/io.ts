import { readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import { isDirectory } from '../util/fs';

/** Reads all of stdin as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text to speak: the argument, or -f PATH, or -f - for stdin (exactly one). */
export async function readInputText(arg: string | undefined, file: string | undefined, cwd: string): Promise<string> {
  if (arg !== undefined && file !== undefined) {
    throw new KokoroError('usage', 'give the text either as an argument or with -f/--file, not both');
  }
  let text: string;
  if (file === '-') text = await readStdin();
  else if (file !== undefined) {
    try {
      text = await readFile(resolve(cwd, file), 'utf8');
    } catch (e) {
      throw new KokoroError('input-unreadable', `cannot read input file ${file}: ${messageOf(e)}`, undefined, ExitCode.Io);
    }
  } else if (arg !== undefined) text = arg;
  else throw new KokoroError('usage', 'no text given', 'kokoro-ts synth "Hello there" -o hello.wav, or -f FILE, or -f - for stdin');
  if (text.trim() === '') throw new KokoroError('bad-text', 'the text is empty or only whitespace', 'give some words to speak');
  return text;
}

/** Fails before any work if the output's folder does not exist. */
export async function checkOutputPath(out: string, cwd: string): Promise<string> {
  if (out === '-') return out;
  const abs = resolve(cwd, out);
  if (!(await isDirectory(dirname(abs)))) {
    throw new KokoroError('output-dir', `output folder ${dirname(abs)} does not exist`, 'create it first or choose another -o path', ExitCode.Io);
  }
  if (await isDirectory(abs)) {
    throw new KokoroError('output-dir', `output ${abs} is a folder`, 'give a file name with -o', ExitCode.Io);
  }
  return abs;
}

/** Writes bytes to stdout and resolves when they are handed to the OS. */
export function writeStdout(data: Uint8Array | string): Promise<void> {
  return new Promise((res, rej) => process.stdout.write(data, (e) => (e ? rej(e) : res())));
}

/** Temp files to remove if the process is interrupted. */
const pendingTemps = new Set<string>();
export function trackTemp(path: string): () => void {
  pendingTemps.add(path);
  return () => pendingTemps.delete(path);
}
export async function removePendingTemps(): Promise<void> {
  await Promise.all([...pendingTemps].map((p) => rm(p, { force: true })));
  pendingTemps.clear();
}

/**
 * A command that can stop cleanly on Ctrl-C (tune: print what it measured, leave the override
 * file alone) registers a handler; the first signal calls it instead of exiting, a second one exits.
 */
let interruptHandler: (() => void) | null = null;
export function handleInterruptWith(fn: () => void): () => void {
  interruptHandler = fn;
  return () => {
    if (interruptHandler === fn) interruptHandler = null;
  };
}
export function takeInterruptHandler(): (() => void) | null {
  const h = interruptHandler;
  interruptHandler = null;
  return h;
}
