import type { Readable } from 'node:stream';

/**
 * What the server says about its life, as typed events. Each becomes one line on stderr: prose for a
 * person (`text`, the default) or one JSON object for a program (`json`), so a program that starts
 * the server learns its address from data, never by reading the prose.
 */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type Protocol = 'http' | 'wyoming';

export type ServeEvent =
  /** A listener is open; `loopback`: reachable from this machine only. */
  | { readonly event: 'listening'; readonly protocol: Protocol; readonly host: string; readonly port: number; readonly url: string; readonly loopback: boolean }
  | { readonly event: 'web'; readonly url: string }
  | { readonly event: 'warning'; readonly message: string }
  | { readonly event: 'ready'; readonly workers: number; readonly queue: number; readonly model: string; readonly timestamps: boolean; readonly apiKeyRequired: boolean }
  | { readonly event: 'shutting-down'; readonly drainSeconds: number }
  | { readonly event: 'stopped'; readonly cut: number }
  | { readonly event: 'drain-timeout'; readonly protocol: Protocol; readonly cut: number }
  | { readonly event: 'error'; readonly protocol: Protocol; readonly message: string };

export type ServeLog = (e: ServeEvent) => void;

export const isLoopback = (host: string): boolean => /^(127\.|::1$|localhost$)/.test(host);

/** The listening event for an address a listener got (an IPv6 host in brackets in the URL). */
export function listening(protocol: Protocol, at: { host: string; port: number }): ServeEvent & { event: 'listening' } {
  const shown = at.host.includes(':') ? `[${at.host}]` : at.host;
  return { event: 'listening', protocol, host: at.host, port: at.port, url: `${protocol === 'http' ? 'http' : 'tcp'}://${shown}:${at.port}`, loopback: isLoopback(at.host) };
}

/** The line a person reads; the wording is the server's from before the events existed. */
export function textLine(e: ServeEvent): string {
  switch (e.event) {
    case 'listening':
      // Wyoming has no authentication (Home Assistant sends none): beyond loopback, anyone who reaches the port may speak.
      return e.protocol === 'http' ? `Listening on ${e.url}` : `Wyoming on ${e.url}${e.loopback ? '' : ' (no authentication: the protocol has none)'}`;
    case 'web':
      return `Web page: ${e.url}`;
    case 'warning':
      return `Warning: ${e.message}`;
    case 'ready':
      return `Ready: ${e.workers} engine worker(s), queue ${e.queue}, model ${e.model}${e.timestamps ? ' (word timings available)' : ''}${e.apiKeyRequired ? ', API key required' : ''}`;
    case 'shutting-down':
      return `Shutting down: finishing requests in flight (up to ${e.drainSeconds.toFixed(0)} s)`;
    case 'stopped':
      return e.cut > 0 ? `Stopped; ${e.cut} response(s) were cut at the drain timeout` : 'Stopped';
    case 'drain-timeout':
      return `kokoro-ts serve: drain timeout: cutting ${e.cut} unfinished ${e.protocol === 'http' ? 'response(s)' : 'Wyoming answer(s)'}`;
    case 'error':
      return `kokoro-ts serve: error: ${e.message}`;
  }
}

/** One JSON object: the event's name, the time (ISO 8601), then its fields. */
export function jsonLine(e: ServeEvent, now: Date): string {
  const { event, ...fields } = e;
  return JSON.stringify({ event, time: now.toISOString(), ...fields });
}

export function formatLine(format: LogFormat, e: ServeEvent, now: Date): string {
  return format === 'json' ? jsonLine(e, now) : textLine(e);
}

/**
 * Calls `on` with every event a `--log-format json` server writes to `stream`, line by line. Lines
 * that are not events (the CLI's own "Error: ..." when the server fails to start) are passed to
 * `other`, so a caller can show them.
 */
export function readServeEvents(stream: Readable, on: (e: ServeEvent) => void, other: (line: string) => void = () => undefined): void {
  let rest = '';
  stream.on('data', (d: Buffer) => {
    const lines = (rest + d.toString('utf8')).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const e = eventOf(line);
      if (e) on(e);
      else if (line !== '') other(line);
    }
  });
}

function eventOf(line: string): ServeEvent | null {
  if (!line.startsWith('{')) return null;
  try {
    const v = JSON.parse(line) as { event?: unknown };
    return typeof v.event === 'string' ? (v as ServeEvent) : null;
  } catch {
    return null;
  }
}

/** Where a started server listens, once it has said it is ready. */
export interface Serving {
  readonly http: (ServeEvent & { event: 'listening' }) | null;
  readonly wyoming: (ServeEvent & { event: 'listening' }) | null;
}

/**
 * Resolves once a `--log-format json` server writing to `stream` is ready, with the listeners it
 * opened (it opens them all before it is ready); rejects with a ServerExited if `exited` comes first.
 */
export function untilServing(stream: Readable, exited: Promise<number | null>): Promise<Serving> {
  return new Promise((ok, fail) => {
    const seen: { http: Serving['http']; wyoming: Serving['wyoming'] } = { http: null, wyoming: null };
    const said: string[] = [];
    readServeEvents(stream, (e) => {
      if (e.event === 'listening') seen[e.protocol] = e;
      else if (e.event === 'error') said.push(e.message);
      else if (e.event === 'ready') ok(seen);
    }, (line) => said.push(line));
    void exited.then((code) => fail(new ServerExited(code, said)));
  });
}

/** The server ended before it was ready; `said`: its error events' messages and the lines that were not events. */
export class ServerExited extends Error {
  constructor(readonly code: number | null, readonly said: readonly string[]) {
    super(`kokoro-ts serve exited (${code}) before it was ready${said.length ? `: ${said.at(-1)}` : ''}`);
  }
}
