/** Exit codes, one per kind of failure, so scripts can tell them apart. */
export const ExitCode = {
  Failure: 1,
  Usage: 2,
  Model: 3,
  /** A source to fetch from (the npm registry) cannot be reached: like a missing model, what is needed is not there (scripts skip on 3). */
  Unreachable: 3,
  Io: 4,
  Interrupted: 130,
  /** The reader of standard output went away (`| head`): what a process killed by SIGPIPE reports. */
  BrokenPipe: 141,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'usage'
  | 'bad-text'
  | 'bad-lang'
  | 'bad-speed'
  | 'model-missing'
  | 'model-unreadable'
  | 'model-contract'
  | 'voice-unknown'
  | 'voice-blend'
  | 'voice-size'
  | 'voice-language'
  | 'input-unreadable'
  | 'output-dir'
  | 'output-write'
  | 'config'
  | 'phonemizer'
  | 'interrupted'
  | 'regression'
  | 'download'
  | 'batch'
  | 'engine-host'
  | 'trial'
  | 'bad-result'
  | 'server-unreachable'
  | 'server-failed'
  | 'runtime'
  | 'bad-lexicon'
  | 'data-dir';

/**
 * The one error type the program reports to users: a one-line message, an optional hint
 * (what to do about it), and the exit code. Anything else that escapes is a bug. A usage error
 * (code 'usage') always exits with ExitCode.Usage (2): the compiler refuses another code for it.
 */
export class KokoroError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(code: 'usage', message: string, hint?: string, exitCode?: typeof ExitCode.Usage, options?: { cause?: unknown });
  constructor(code: Exclude<ErrorCode, 'usage'>, message: string, hint?: string, exitCode?: ExitCodeValue, options?: { cause?: unknown });
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    exitCode: ExitCodeValue = ExitCode.Usage,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KokoroError';
    this.exitCode = code === 'usage' ? ExitCode.Usage : exitCode;
  }
}

export function isKokoroError(e: unknown): e is KokoroError {
  return e instanceof KokoroError;
}

/** The message of any thrown value, for wrapping causes into one-line errors. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] ?? e.message;
  return String(e);
}

/**
 * A value a parser refused, with what it must be ("must be a whole number from 1 to 64"). The caller
 * that knows where the value came from (a flag, a variable, override.json) makes the KokoroError.
 */
export class InvalidValue extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidValue';
  }
}
