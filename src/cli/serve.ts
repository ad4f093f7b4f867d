import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { EngineHost } from '../host/pool';
import { SpeechServer, type ServeOptions } from '../serve/server';
import { autoWorkers } from '../serve/admission';
import type { ResolvedConfig } from '../config/resolve';
import { addEngineFlags, configFor } from './settings';
import { hostSetups, pausesOf, resolveEngineSettings, type EngineSettings } from './engine-settings';
import { downloadMissing } from './first-run';
import { handleInterruptWith } from './io';
import { WYOMING_PORT, wyomingAddress } from '../config/keys';
import { KokoroError } from '../util/errors';
import { versionIn } from '../util/versions';
import { PACKAGE_ROOT } from './paths';
import { join } from 'node:path';
import { formatLine, listening, LOG_FORMATS, type LogFormat, type ServeEvent } from '../serve/log';

/** Everything `serve` needs, resolved at the edge. */
export interface ServeRun {
  readonly engine: EngineSettings;
  readonly server: Omit<ServeOptions, 'log'>;
  readonly workers: number;
  readonly drainMs: number;
  readonly logFormat: LogFormat;
}

export async function resolveServe(config: ResolvedConfig, cwd: string, cores: number, logFormat: LogFormat): Promise<ServeRun> {
  const engine = await resolveEngineSettings(config, cwd);
  const v = config.values;
  const workers = v['server.workers'] > 0 ? v['server.workers'] : autoWorkers(engine.session.intraOpNumThreads, cores);
  const uri = v['server.wyoming'];
  const at = uri === null ? null : wyomingAddress(uri)!;
  if (!v['server.http'] && at === null) throw new KokoroError('usage', '--no-http leaves nothing to serve without --wyoming', 'kokoro-ts serve --wyoming tcp://127.0.0.1:10200 --no-http');
  return {
    engine,
    workers,
    logFormat,
    drainMs: v['server.drainTimeout'] * 1000,
    server: {
      host: v['server.host'], port: v['server.port'], queue: v['server.queue'], maxChars: v['server.maxChars'], apiKey: v['server.apiKey'],
      voicesDir: engine.voicesDir, defaultVoice: engine.voice, defaultSpeed: engine.speed,
      firstChunkTokens: Math.min(v.firstChunkTokens, v.maxChunkTokens), pauses: pausesOf(engine), modelPath: engine.modelPath,
      web: v['server.web'], http: v['server.http'],
      wyoming: at === null ? null : { ...at, flushAfterMs: v.flushAfter > 0 ? v.flushAfter * 1000 : null, version: versionIn(() => join(PACKAGE_ROOT, 'package.json')) },
    },
  };
}

/** `--log-format`: how the server's events are written on stderr. */
export function parseLogFormat(raw: string): LogFormat {
  const f = LOG_FORMATS.find((x) => x === raw);
  if (!f) throw new KokoroError('usage', `--log-format must be one of ${LOG_FORMATS.join(', ')}, not "${raw}"`, 'kokoro-ts serve --log-format json');
  return f;
}

/**
 * Runs the server until SIGTERM/SIGINT: listens first (speech answers 503 while loading), starts the
 * engine workers, then serves; on a signal stops accepting, finishes in-flight requests (bounded by
 * the drain timeout) and returns, so the command exits 0.
 */
export async function runServe(o: ServeRun): Promise<void> {
  const log = (e: ServeEvent): void => void process.stderr.write(`${formatLine(o.logFormat, e, new Date())}\n`);
  const server = new SpeechServer({ ...o.server, log });
  let stop = (): void => undefined;
  const stopped = new Promise<'stop'>((ok) => (stop = () => ok('stop')));
  // With JSON logs every stderr line is an event: the shutting-down event tells of the signal, not the CLI's prose notice.
  const untrack = handleInterruptWith(() => stop(), { quiet: o.logFormat === 'json' });
  // Run as the launcher's child (src/cli/relaunch.ts): if the launcher goes away, shut down as on a signal.
  const orphaned = (): void => stop();
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', orphaned);
  }
  try {
    const bound = await server.listen();
    if (bound.http) {
      const http = listening('http', bound.http);
      log(http);
      if (o.server.web) log({ event: 'web', url: `${http.url}/web` });
      if (!http.loopback && o.server.apiKey === null) log({ event: 'warning', message: 'listening beyond loopback without an API key (--api-key or KOKORO_API_KEY)' });
    }
    if (bound.wyoming) log(listening('wyoming', bound.wyoming));
    const started = EngineHost.start(hostSetups(o.engine, o.workers, availableParallelism()));
    const host = await Promise.race([started, stopped]);
    if (host === 'stop') {
      void started.then((h) => h.close(), () => undefined);
      await server.close(0);
      return;
    }
    const ready = server.ready(host);
    if ((await Promise.race([ready.then(() => 'ready' as const), stopped])) === 'ready') {
      log({ event: 'ready', workers: host.size, queue: o.server.queue, model: o.engine.modelPath, timestamps: host.hasDurations, apiKeyRequired: o.server.apiKey !== null });
      await stopped;
    } else ready.catch(() => undefined);
    log({ event: 'shutting-down', drainSeconds: o.drainMs / 1000 });
    const { cut } = await server.close(o.drainMs);
    log({ event: 'stopped', cut });
  } catch (e) {
    await server.close(0).catch(() => undefined);
    throw e;
  } finally {
    untrack();
    process.off('disconnect', orphaned);
  }
}

export function registerServe(program: Command): void {
  const cmd = program
    .command('serve')
    .description('an OpenAI-compatible speech server: POST /v1/audio/speech, GET /v1/audio/voices, /v1/models, /health, /metrics, and a web page at /web; with --wyoming also the Wyoming protocol (Home Assistant)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1: loopback only)')
    .option('--port <n>', 'TCP port, 0 = any free one (default 8880)')
    .option('--workers <n>', 'engine worker threads, each with its own session and share of the threads (default: from the core count and --threads)')
    .option('--queue <n>', 'requests that may wait for a worker; beyond that 503 with Retry-After (default 16)')
    .option('--api-key <key>', 'require "Authorization: Bearer KEY" on /v1/* (or KOKORO_API_KEY)')
    .option('--max-chars <n>', 'most characters of input per request, 413 beyond (default 4096)')
    .option('--drain-timeout <s>', 'seconds in-flight requests may take to finish on SIGTERM/SIGINT (default 30)')
    .option('--first-chunk-tokens <n>', 'most tokens in the first chunk of a streamed answer (default 64)')
    .option('--web', 'serve the web page at /web, / redirecting to it (the default)')
    .option('--no-web', 'no web page: /web and / answer 404')
    .option('--wyoming [uri]', 'also a Wyoming listener for Home Assistant at tcp://HOST[:PORT] (default tcp://127.0.0.1:10200)')
    .option('--http', 'the HTTP server (the default)')
    .option('--no-http', 'no HTTP server: Wyoming alone (needs --wyoming)')
    .option('--flush-after <s>', 'Wyoming streaming: seconds a clause waits for its sentence to end before it is spoken (default 0: until it ends)')
    .option('--log-format <format>', `how the server's events are written on stderr: ${LOG_FORMATS.join(' or ')} (one JSON object per line: event, time, fields)`, parseLogFormat, 'text' as LogFormat);
  addEngineFlags(cmd);
  cmd.action(async (flags: { logFormat: LogFormat }, c: Command) => {
    // A bare --wyoming: the default address.
    if (c.opts<{ wyoming?: string | boolean }>().wyoming === true) c.setOptionValue('wyoming', `tcp://127.0.0.1:${WYOMING_PORT}`);
    const config = await configFor(c);
    if ((c.opts() as { download?: boolean }).download) await downloadMissing(config, process.env, process.cwd());
    await runServe(await resolveServe(config, process.cwd(), availableParallelism(), flags.logFormat));
  });
}
