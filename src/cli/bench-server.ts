import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AudioFormat } from '../audio/sink';
import type { BenchCase } from '../bench/cases';
import { collectEnvironment } from '../bench/env';
import { runServerBench, type ServerBenchOptions, type ServerBenchReport } from '../bench/server-run';
import type { ResolvedConfig } from '../config/resolve';
import { ExportManager, serverRenderers, type ExportPlan } from '../report/export';
import { ExitCode, KokoroError } from '../util/errors';
import { intListFlag } from './parse';
import { PACKAGE_ROOT } from './paths';
import { exportIo, resolveExports } from './exports';
import { hostSetups } from './engine-settings';
import { checkSpeed } from '../engine';
import { resolveServe, type ServeRun } from './serve';
import { untilServing, type ServerExited } from '../serve/log';

/** `bench --server URL` or `bench --serve`, resolved at the edge. */
export interface ServerBenchCommand {
  /** A server to load, or null: start one (--serve) with these settings. */
  readonly url: string | null;
  readonly serve: ServeRun | null;
  readonly options: Omit<ServerBenchOptions, 'base'>;
  readonly exports: ExportPlan;
}

/** "1,2,4,8" -> [1, 2, 4, 8], each 1-1024, in the order given, no repeats. */
export const parseConcurrency = intListFlag('--concurrency', 1, 1024, 'keep');

function checkUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new KokoroError('usage', `--server must be a URL such as http://127.0.0.1:8880, not "${raw}"`);
  }
  if (u.protocol !== 'http:') throw new KokoroError('usage', `--server must be an http:// URL, not "${raw}"`);
  return u.origin;
}

export async function resolveServerBench(
  f: { server?: string; serve?: boolean; concurrency: number[]; requests: number; format: AudioFormat; warmup: number; json?: string },
  cases: readonly BenchCase[],
  config: ResolvedConfig,
  cwd: string,
  cores: number,
): Promise<ServerBenchCommand> {
  const url = f.server !== undefined ? checkUrl(f.server) : null;
  // A server we only load needs no model here: the voice and speed ask it for speech, checked as synth checks them.
  // The server it starts logs JSON: startServer reads its address from the listening event.
  const serve = url === null ? await resolveServe(config, cwd, cores, 'json') : null;
  const voice = serve?.engine.voice ?? config.values.voice;
  const speed = serve?.engine.speed ?? config.values.speed;
  checkSpeed(speed);
  // The JSON only: --markdown and --html have no load-test form.
  const exports = await resolveExports({ json: f.json }, cwd, 'bench-server');
  const apiKey = config.values['server.apiKey'];
  return {
    url,
    serve,
    exports,
    options: {
      headers: apiKey !== null ? { Authorization: `Bearer ${apiKey}` } : {},
      cases, voice, speed, format: f.format, concurrency: f.concurrency, requests: f.requests, warmup: f.warmup,
      // The same engine as one of the started server's workers (its share of the threads), for the overhead.
      inProcess: serve ? { engine: hostSetups(serve.engine, serve.workers, cores)[0]!.engine, firstChunkTokens: serve.server.firstChunkTokens } : null,
    },
  };
}

/** Starts `kokoro-ts serve` on a free loopback port with exactly these settings; resolves once it is ready. */
async function startServer(s: ServeRun, queue: number): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  const args = [
    join(PACKAGE_ROOT, 'bin', 'kokoro-ts'), 'serve', '--host', '127.0.0.1', '--port', '0', '-m', s.engine.modelPath, '--voices-dir', s.engine.voicesDir,
    '--workers', String(s.workers), '--queue', String(queue), '--threads', String(s.engine.session.intraOpNumThreads),
    '--chunk-tokens', String(s.engine.maxChunkTokens), '--first-chunk-tokens', String(s.server.firstChunkTokens), '--max-chars', String(s.server.maxChars),
    '--g2p', s.engine.g2p, '--runtime', s.engine.runtime.dir ?? 'bundled',
  ];
  const child = spawn(process.execPath, [...args, '--log-format', 'json'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const serving = await untilServing(child.stderr!, exited).catch((e: ServerExited) => {
    throw new KokoroError('server-failed', e.message, undefined, ExitCode.Failure);
  });
  const base = serving.http!.url;
  return {
    base, child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function runServerBenchCommand(o: ServerBenchCommand, cwd: string, progress: (m: string) => void): Promise<ServerBenchReport> {
  const out = new ExportManager(o.exports, serverRenderers, exportIo);
  const save = (r: ServerBenchReport): Promise<void> => out.save(r);
  let report: ServerBenchReport;
  if (o.serve) {
    const s = o.serve;
    const environment = await collectEnvironment(s.engine.modelPath, s.engine.session, s.engine.sessionSources, cwd, s.engine.runtime.label);
    progress(`starting kokoro-ts serve: ${s.workers} worker(s), model ${s.engine.modelPath}`);
    // Room for every client of the highest level: refusals would measure the queue, not the server.
    const server = await startServer(s, Math.max(s.server.queue, ...o.options.concurrency));
    try {
      report = await runServerBench({ ...o.options, base: server.base }, environment, progress, save);
    } finally {
      await server.stop();
    }
  } else report = await runServerBench({ ...o.options, base: o.url! }, null, progress, save);
  await out.finish(report);
  return report;
}
