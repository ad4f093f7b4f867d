import { isKokoroError, messageOf, KokoroError, type ErrorCode, type ExitCodeValue } from '../util/errors';
import type { WireError } from './protocol';

/** A failure as it can cross a thread boundary: a KokoroError's fields, or an internal error's message. */
export function toWireError(e: unknown): WireError {
  return isKokoroError(e) ? { code: e.code, message: e.message, hint: e.hint, exitCode: e.exitCode } : { code: null, message: messageOf(e), exitCode: 1 };
}

/** The KokoroError a wired failure stands for (an internal error becomes code 'engine-host'). */
export function fromWireError(e: WireError): KokoroError {
  const code = (e.code ?? 'engine-host') as ErrorCode;
  if (code === 'usage') return new KokoroError(code, e.message, e.hint);
  return new KokoroError(code, e.message, e.hint, e.exitCode as ExitCodeValue);
}
