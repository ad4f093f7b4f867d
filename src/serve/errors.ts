import { isKokoroError } from '../util/errors';

/** OpenAI's error types, by HTTP status. */
export type ApiErrorType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'server_error';

/**
 * A failure answered to a client as OpenAI does: `{"error": {"message", "type", "param", "code"}}`
 * with an HTTP status. The message is meant for the client; it never carries a stack trace.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    /** Extra response headers (Retry-After, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get type(): ApiErrorType {
    if (this.status === 401) return 'authentication_error';
    if (this.status === 429 || this.status === 503) return 'rate_limit_error';
    if (this.status >= 500) return 'server_error';
    return 'invalid_request_error';
  }

  /** The JSON body. */
  body(): { error: { message: string; type: ApiErrorType; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function badRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(400, message, param, code);
}

/** What any other failure becomes: a 500 saying nothing of the internals. */
export function internalError(): ApiError {
  return new ApiError(500, 'the server failed to handle the request; it has been logged', null, 'internal_error');
}

/** Errors from the engine that are the request's fault. */
const CLIENT_CODES = new Set(['bad-text', 'bad-lang', 'bad-speed', 'voice-unknown', 'voice-blend', 'voice-language']);

/** An engine error that is the request's fault, as its client is told it (the hint in brackets); null for any other failure. */
export function clientFault(e: unknown): { message: string; code: string } | null {
  if (!isKokoroError(e) || !CLIENT_CODES.has(e.code)) return null;
  return { message: `${e.message}${e.hint ? ` (${e.hint})` : ''}`, code: e.code };
}
