import { Agent, request } from 'node:http';
import type { AudioFormat } from '../audio/sink';
import { WAV_HEADER_BYTES } from '../audio/wav';
import type { Clock } from '../util/clock';

/** One speech request as a load client sees it: status, time to the first audio byte and to the end. */
export interface RequestSample {
  /** HTTP status, or the connection error's code (ECONNRESET...). */
  readonly status: number | string;
  readonly latencyMs: number;
  /** First byte of audio (after a WAV header); NaN when none came. */
  readonly firstAudioMs: number;
  readonly bytes: number;
}

export interface SpeechBody {
  readonly input: string;
  readonly voice: string;
  readonly speed: number;
  readonly response_format: AudioFormat;
  readonly stream: boolean;
  readonly lang?: string;
}

/** Bytes before the audio proper in a streamed answer: the WAV header, nothing for the others. */
export function leadingBytes(format: AudioFormat): number {
  return format === 'wav' ? WAV_HEADER_BYTES : 0;
}

/**
 * POSTs one speech request on `agent` and times it: latency to the last byte, first audio to the
 * first byte past the header. Never rejects: a failed connection is a sample with its error code.
 */
export function timeRequest(base: string, body: SpeechBody, agent: Agent, clock: Clock, headers: Record<string, string> = {}): Promise<RequestSample> {
  const lead = leadingBytes(body.response_format);
  return new Promise((done) => {
    const t0 = clock();
    let bytes = 0;
    let first = NaN;
    const fail = (e: NodeJS.ErrnoException): void => done({ status: e.code ?? 'error', latencyMs: clock() - t0, firstAudioMs: first, bytes });
    const req = request(`${base}/v1/audio/speech`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.on('data', (d: Buffer) => {
        bytes += d.length;
        if (Number.isNaN(first) && bytes > lead && res.statusCode === 200) first = clock() - t0;
      });
      res.on('end', () => done({ status: res.complete ? (res.statusCode ?? 0) : 'cut', latencyMs: clock() - t0, firstAudioMs: first, bytes }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(JSON.stringify({ model: 'kokoro', ...body }));
  });
}

/**
 * A closed loop at one concurrency: `concurrency` clients, each sending its next request when the
 * last is answered, until `requests` have been sent. bodies are taken in turn.
 */
export async function closedLoop(base: string, bodies: readonly SpeechBody[], concurrency: number, requests: number, clock: Clock, headers: Record<string, string> = {}): Promise<{ samples: RequestSample[]; wallMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const samples: RequestSample[] = [];
  let next = 0;
  const t0 = clock();
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, requests) }, async () => {
        for (let i = next++; i < requests; i = next++) samples.push(await timeRequest(base, bodies[i % bodies.length]!, agent, clock, headers));
      }),
    );
  } finally {
    agent.destroy();
  }
  return { samples, wallMs: clock() - t0 };
}

/** A Prometheus exposition's unlabelled (or first matching) sample of `name`, or NaN. */
export function metricValue(exposition: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$`, 'm').exec(exposition);
  return m ? Number(m[1]) : NaN;
}

/** Answers counted by status: {"200": 38, "503": 2, "ECONNRESET": 1}. */
export function countByStatus(samples: readonly RequestSample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[String(s.status)] = (out[String(s.status)] ?? 0) + 1;
  return out;
}
