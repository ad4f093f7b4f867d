import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { BIN, ROOT, STANDIN, testModelCache, VOICES } from './helpers';

/** A `kokoro-ts serve` process on a free loopback port, ready to answer speech. */
export interface Served {
  readonly child: ChildProcess;
  /** The HTTP port (NaN with --no-http). */
  readonly port: number;
  /** The Wyoming port (NaN without --wyoming). */
  readonly wyomingPort: number;
  readonly base: string;
  stderr(): string;
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
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '-m', opts.model ?? STANDIN, '--voices-dir', VOICES, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  child.stdout!.resume();
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const http = !args.includes('--no-http');
  const wyoming = args.includes('--wyoming');
  const [port, wyomingPort] = await new Promise<[number, number]>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not get ready in 30 s:\n${err}`)), 30_000);
    const check = (): void => {
      const m = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      const w = /Wyoming on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if ((m || !http) && (w || !wyoming) && /^Ready: /m.test(err)) {
        clearTimeout(timer);
        ok([m ? Number(m[1]) : NaN, w ? Number(w[1]) : NaN]);
      }
    };
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code} before it was ready:\n${err}`));
    });
  });
  return {
    child, port, wyomingPort, base: `http://127.0.0.1:${port}`, exited,
    stderr: () => err,
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
