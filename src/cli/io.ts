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

/** Where the text comes from: the argument, a file, standard input, or nowhere (a usage error). */
export type TextSource = { readonly kind: 'arg'; readonly text: string } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin'; readonly implicit: boolean } | { readonly kind: 'none' };

/**
 * The text argument, `-f PATH`, `-f -` or `-` as the text (stdin); with neither, stdin when it is not a
 * terminal (`echo Hello | kokoro-ts synth`), else nothing. `implicit`: stdin was not asked for by name.
 */
export function textSource(arg: string | undefined, file: string | undefined, stdinIsTTY: boolean): TextSource {
  if (arg !== undefined && file !== undefined) {
    throw new KokoroError('usage', 'give the text either as an argument or with -f/--file, not both');
  }
  if (arg === '-' || file === '-') return { kind: 'stdin', implicit: false };
  if (file !== undefined) return { kind: 'file', path: file };
  if (arg !== undefined) return { kind: 'arg', text: arg };
  return stdinIsTTY ? { kind: 'none' } : { kind: 'stdin', implicit: true };
}

const NO_TEXT_HINT = 'kokoro-ts synth "Hello there" -o hello.wav, or -f FILE, or pipe it in: echo Hello | kokoro-ts synth -o hello.wav';

/** The text to speak, from `textSource`; `stdinIsTTY` is whether standard input is a terminal. */
export async function readInputText(arg: string | undefined, file: string | undefined, cwd: string, stdinIsTTY = process.stdin.isTTY === true): Promise<string> {
  const source = textSource(arg, file, stdinIsTTY);
  let text: string;
  if (source.kind === 'none') throw new KokoroError('usage', 'no text given', NO_TEXT_HINT);
  if (source.kind === 'arg') text = source.text;
  else if (source.kind === 'stdin') {
    text = await readStdin();
    // Nothing on a stdin nobody named (a closed or empty one, as under cron): there was no text.
    if (source.implicit && text.trim() === '') throw new KokoroError('usage', 'no text given (standard input was empty)', NO_TEXT_HINT);
  } else {
    try {
      text = await readFile(resolve(cwd, source.path), 'utf8');
    } catch (e) {
      throw new KokoroError('input-unreadable', `cannot read input file ${source.path}: ${messageOf(e)}`, undefined, ExitCode.Io);
    }
  }
  if (text.trim() === '') throw new KokoroError('bad-text', 'the text is empty or only whitespace', 'give some words to speak');
  return text;
}

/**
 * Whether to colour what goes to `stream`: only a terminal, and not when NO_COLOR is set to anything
 * but the empty string (no-color.org).
 */
export function colourFor(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
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
  return writeTo(process.stdout, data);
}

/** Writes to a stream (stdout, stderr) and resolves when the bytes are handed to the OS. */
export function writeTo(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> {
  return new Promise((res, rej) => stream.write(data, (e) => (e ? rej(e) : res())));
}

/**
 * Where a command's human output (tables, summaries) goes: stdout, or stderr when stdout carries
 * machine output (`--json -`), so that can be piped on its own. Colour follows that stream.
 */
export function humanOutput(stdoutTaken: boolean): { readonly write: (s: string) => Promise<void>; readonly colour: boolean } {
  const stream = stdoutTaken ? process.stderr : process.stdout;
  return { write: (s) => writeTo(stream, s), colour: colourFor(stream) };
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
let interruptHandler: { readonly run: () => void; readonly quiet: boolean } | null = null;
/** `quiet`: the command tells of the signal itself (serve's JSON log), so no notice is printed. */
export function handleInterruptWith(fn: () => void, o: { quiet?: boolean } = {}): () => void {
  const handler = { run: fn, quiet: o.quiet === true };
  interruptHandler = handler;
  return () => {
    if (interruptHandler === handler) interruptHandler = null;
  };
}
export function takeInterruptHandler(): { readonly run: () => void; readonly quiet: boolean } | null {
  const h = interruptHandler;
  interruptHandler = null;
  return h;
}
