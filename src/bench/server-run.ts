import { Writable } from 'node:stream';
import { Agent } from 'node:http';
import { createEngine, speak, type Engine, type EngineOptions } from '../engine';
import { streamSink } from '../audio/sink';
import { hrClock, type Clock } from '../util/clock';
import { KokoroError, ExitCode } from '../util/errors';
import type { BenchCase } from './cases';
import { summarize, type Summary } from './stats';
import { closedLoop, countByStatus, metricValue, timeRequest, type SpeechBody } from './load';
import { SCHEMA_VERSION, type Environment } from './types';
import type { AudioFormat } from '../audio/sink';

/** `bench --server/--serve`, resolved by the CLI into plain values. */
export interface ServerBenchOptions {
  /** http://host:port of the server under load. */
  readonly base: string;
  readonly headers: Record<string, string>;
  readonly cases: readonly BenchCase[];
  readonly voice: string;
  readonly speed: number;
  readonly format: AudioFormat;
  readonly concurrency: readonly number[];
  /** Requests per concurrency level. */
  readonly requests: number;
  /** Requests per case sent (and dropped) before the first level. */
  readonly warmup: number;
  /**
   * The same engine in this process, for the server path's overhead at concurrency 1 (interleaved
   * pairs: one request, one in-process synthesis of the same text); null when the server's settings
   * are not known (a server we did not start).
   */
  readonly inProcess: { readonly engine: EngineOptions; readonly firstChunkTokens: number } | null;
}

export interface ServerLevelResult {
  readonly concurrency: number;
  readonly requests: number;
  /** Answers by HTTP status or connection error code. */
  readonly statuses: Record<string, number>;
  /** Answers other than 200. */
  readonly errors: number;
  /** Of the 200 answers: to the last byte. */
  readonly latencyMs: Summary;
  /** Of the 200 answers: to the first audio byte. */
  readonly firstAudioMs: Summary;
  readonly wallSeconds: number;
  /** Audio the server sent during the level (its kokoro_audio_seconds_total), per wall second. */
  readonly audioSeconds: number;
  readonly audioPerWallSecond: number;
  /** The server's resident memory (process_resident_memory_bytes) after the level, MB; NaN when not exposed. */
  readonly rssAfterMb: number;
}

export interface ServerOverhead {
  readonly pairs: number;
  readonly serverMs: Summary;
  readonly inProcessMs: Summary;
  /** Median over pairs of (request latency / in-process synthesis of the same text, adjacent in time). */
  readonly ratio: number;
  readonly ratios: Summary;
}

export interface ServerBenchReport {
  readonly schemaVersion: number;
  readonly tool: 'kokoro-ts bench --server';
  readonly url: string;
  /** The machine and model when the bench started the server itself (--serve); else null. */
  readonly environment: Environment | null;
  readonly voice: string;
  readonly speed: number;
  readonly format: AudioFormat;
  readonly cases: readonly string[];
  readonly levels: readonly ServerLevelResult[];
  readonly overhead: ServerOverhead | null;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
}

async function scrape(base: string, headers: Record<string, string>): Promise<string> {
  try {
    const r = await fetch(`${base}/metrics`, { headers });
    return r.ok ? await r.text() : '';
  } catch {
    return '';
  }
}

const mb = (bytes: number): number => bytes / (1024 * 1024);

/** An in-process synthesis exactly as the server's streamed answer makes it: same chunking, same encoding, bytes dropped. */
async function inProcessMs(engine: Engine, body: SpeechBody, firstChunkTokens: number, clock: Clock): Promise<number> {
  const drop = new Writable({ write: (_c, _e, cb) => cb() });
  const t0 = clock();
  await speak(engine.synthesize({ text: body.input, voice: body.voice, speed: body.speed, lang: body.lang, firstChunkTokens }), streamSink(drop, body.response_format));
  return clock() - t0;
}

/**
 * Puts a speech server under closed-loop load at each concurrency level and reports latency, time to
 * first audio, audio throughput, errors by status and the server's memory; with an in-process
 * reference, the server path's overhead at concurrency 1 from interleaved pairs.
 */
export async function runServerBench(o: ServerBenchOptions, environment: Environment | null, progress: (m: string) => void, save: (r: ServerBenchReport) => Promise<void>, clock: Clock = hrClock): Promise<ServerBenchReport> {
  const bodies: SpeechBody[] = o.cases.map((c) => ({ input: c.text, voice: o.voice, speed: o.speed, response_format: o.format, stream: true }));
  const health = await fetch(`${o.base}/health`).catch(() => null);
  if (!health?.ok) throw new KokoroError('server-unreachable', `no ready speech server at ${o.base} (GET /health ${health ? `answered ${health.status}` : 'failed'})`, 'start one with kokoro-ts serve, or use bench --serve', ExitCode.Failure);
  const rssBeforeMb = mb(metricValue(await scrape(o.base, o.headers), 'process_resident_memory_bytes'));
  const levels: ServerLevelResult[] = [];
  let overhead: ServerOverhead | null = null;
  const reportOf = (rssAfterMb: number): ServerBenchReport => ({
    schemaVersion: SCHEMA_VERSION, tool: 'kokoro-ts bench --server', url: o.base, environment, voice: o.voice, speed: o.speed, format: o.format,
    cases: o.cases.map((c) => c.name), levels, overhead, rssBeforeMb, rssAfterMb,
  });

  if (o.warmup > 0) {
    progress(`warm-up: ${o.warmup * bodies.length} request(s)`);
    const w = await closedLoop(o.base, bodies, 1, o.warmup * bodies.length, clock, o.headers);
    const bad = w.samples.find((s) => s.status !== 200);
    if (bad) throw new KokoroError('server-failed', `the server answered ${bad.status} during warm-up`, 'check the voice, format and the server log', ExitCode.Failure);
  }

  const ref = o.inProcess;
  if (ref) {
    progress(`overhead: ${o.requests} interleaved pairs (server request, in-process synthesis) at concurrency 1`);
    const engine = await createEngine(ref.engine);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const b of bodies) await inProcessMs(engine, b, ref.firstChunkTokens, clock); // warm the in-process engine too
      const server: number[] = [];
      const local: number[] = [];
      for (let i = 0; i < o.requests; i++) {
        const b = bodies[i % bodies.length]!;
        // Alternate which goes first, so neither always runs on the other's warm caches.
        const runServer = async (): Promise<void> => {
          const s = await timeRequest(o.base, b, agent, clock, o.headers);
          if (s.status !== 200) throw new KokoroError('server-failed', `the server answered ${s.status} during the overhead pairs`, undefined, ExitCode.Failure);
          server.push(s.latencyMs);
        };
        const runLocal = async (): Promise<void> => void local.push(await inProcessMs(engine, b, ref.firstChunkTokens, clock));
        if (i % 2 === 0) {
          await runServer();
          await runLocal();
        } else {
          await runLocal();
          await runServer();
        }
      }
      const ratios = server.map((s, i) => s / local[i]!);
      const r = summarize(ratios);
      overhead = { pairs: ratios.length, serverMs: summarize(server), inProcessMs: summarize(local), ratio: r.median, ratios: r };
    } finally {
      agent.destroy();
      await engine.close();
    }
  }

  for (const c of o.concurrency) {
    progress(`concurrency ${c}: ${o.requests} request(s)`);
    const before = metricValue(await scrape(o.base, o.headers), 'kokoro_audio_seconds_total');
    const { samples, wallMs } = await closedLoop(o.base, bodies, c, o.requests, clock, o.headers);
    const after = await scrape(o.base, o.headers);
    const ok = samples.filter((s) => s.status === 200);
    const audioSeconds = metricValue(after, 'kokoro_audio_seconds_total') - before;
    levels.push({
      concurrency: c, requests: samples.length, statuses: countByStatus(samples), errors: samples.length - ok.length,
      latencyMs: summarize(ok.map((s) => s.latencyMs)), firstAudioMs: summarize(ok.map((s) => s.firstAudioMs).filter((x) => !Number.isNaN(x))),
      wallSeconds: wallMs / 1000, audioSeconds, audioPerWallSecond: audioSeconds / (wallMs / 1000),
      rssAfterMb: mb(metricValue(after, 'process_resident_memory_bytes')),
    });
    await save(reportOf(levels[levels.length - 1]!.rssAfterMb));
  }
  return reportOf(levels.length ? levels[levels.length - 1]!.rssAfterMb : rssBeforeMb);
}
