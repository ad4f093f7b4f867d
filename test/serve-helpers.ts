import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { BIN, ROOT, STANDIN, testModelCache, VOICES } from './helpers';
import { readServeEvents, ServerExited, untilServing, type ServeEvent } from '../src/serve/log';

/** A `kokoro-ts serve` process on a free loopback port, ready to answer speech. */
export interface Served {
  readonly child: ChildProcess;
  /** The HTTP port (NaN with --no-http). */
  readonly port: number;
  /** The Wyoming port (NaN without --wyoming). */
  readonly wyomingPort: number;
  readonly base: string;
  stderr(): string;
  /** The events the server has logged so far (it runs with --log-format json). */
  events(): ServeEvent[];
  /** Resident set size of the server process, in kB, as its /metrics reports it (the launcher runs serve as a child). */
  rssKb(): Promise<number>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export async function serve(args: string[] = [], opts: { env?: Record<string, string>; model?: string } = {}): Promise<Served> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_')) env[k] = v;
  env.KOKORO_RUNTIME = 'bundled';
  env.KOKORO_MODEL_CACHE = testModelCache();
  Object.assign(env, opts.env ?? {});
  // JSON events: the ports come from the listening events, not from the prose.
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '-m', opts.model ?? STANDIN, '--voices-dir', VOICES, '--log-format', 'json', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const events: ServeEvent[] = [];
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  readServeEvents(child.stderr!, (e) => events.push(e));
  child.stdout!.resume();
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  let timer: NodeJS.Timeout | undefined;
  const serving = await Promise.race([
    untilServing(child.stderr!, exited),
    new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`serve did not get ready in 30 s:\n${err}`)), 30_000))),
  ]).catch((e: unknown) => {
    throw e instanceof ServerExited ? new Error(`serve exited with ${e.code} before it was ready:\n${err}`) : e;
  }).finally(() => clearTimeout(timer));
  if (!args.includes('--no-http') && !serving.http) throw new Error(`serve is ready without an HTTP listener:\n${err}`);
  if (args.includes('--wyoming') && !serving.wyoming) throw new Error(`serve is ready without a Wyoming listener:\n${err}`);
  const port = serving.http?.port ?? NaN;
  return {
    child, port, wyomingPort: serving.wyoming?.port ?? NaN, base: `http://127.0.0.1:${port}`, exited,
    stderr: () => err,
    events: () => [...events],
    rssKb: async () => Number(/^process_resident_memory_bytes (\d+)$/m.exec((await raw(`http://127.0.0.1:${port}`, '/metrics')).body.toString())?.[1] ?? NaN) / 1024,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/**
 * One HTTP request on its own connection (no keep-alive), as curl would send it. Resolves with the
 * whole answer; rejects when the connection fails or is cut.
 */
export function raw(base: string, path: string, o: { method?: string; body?: string | Buffer; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const req = request(`${base}${path}`, { method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'), headers: { Connection: 'close', ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...o.headers }, agent: false, signal: o.signal }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => (res.complete ? ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }) : fail(new Error('answer cut short'))));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(o.body);
  });
}

export function speech(base: string, body: Record<string, unknown>, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<RawResponse> {
  return raw(base, '/v1/audio/speech', { body: JSON.stringify(body), headers, signal });
}

/** The samples of a 16-bit mono WAV (exact or streaming header) or of bare PCM. */
export function samplesOf(bytes: Buffer, wav: boolean): Int16Array {
  const data = wav ? bytes.subarray(44) : bytes;
  const out = new Int16Array(data.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = data.readInt16LE(i * 2);
  return out;
}

/** A whole WAV: RIFF and data sizes match the bytes received. */
export function isWholeWav(bytes: Buffer): boolean {
  return bytes.length >= 44 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.readUInt32LE(4) === bytes.length - 8 && bytes.readUInt32LE(40) === bytes.length - 44;
}
