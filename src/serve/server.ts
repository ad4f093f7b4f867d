import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import { describeVoice, LANGUAGES, listVoiceNames, speak, TimingTrack, type AudioChunk, type PauseTargets, type SynthesisRequest } from '../engine';
import type { EngineHost } from '../host/pool';
import { estimateSamples } from '../audio/pcm-buffer';
import { SAMPLE_RATE } from '../spec';
import { KokoroError, messageOf } from '../util/errors';
import { Admission } from './admission';
import { ApiError, badRequest, clientFault, internalError } from './errors';
import { lateAfter } from '../util/deadline';
import { PROMETHEUS_CONTENT_TYPE, serverMetrics, type ServerMetrics } from './metrics';
import { MODELS, parseSpeechRequest, type SpeechRequest } from './request';
import { audioBytes, audioResponse, sendError, sendJson } from './respond';
import { sseAnswer } from './sse';
import { answerWeb, isWebPath, WEB_PATHS } from './web';
import { WyomingListener } from './wyoming';
import { listenOn } from '../util/listen';
import type { ServeLog } from './log';

/** Where the Wyoming listener opens (Home Assistant's local speech protocol), and how it cuts streamed text. */
export interface WyomingListen {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  /** Longest a clause of streamed text waits for its sentence to end, in ms; null = until it ends. */
  readonly flushAfterMs: number | null;
  /** The program version its `info` names. */
  readonly version: string;
}

export interface ServeOptions {
  /** The HTTP server; false: Wyoming alone. */
  readonly http: boolean;
  /** The Wyoming listener beside it, or null. */
  readonly wyoming: WyomingListen | null;
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  /** Requests that may wait for a worker beyond those synthesizing. */
  readonly queue: number;
  readonly maxChars: number;
  /** Clients must send "Authorization: Bearer KEY" to /v1/*; null = open. */
  readonly apiKey: string | null;
  readonly voicesDir: string;
  readonly defaultVoice: string;
  readonly defaultSpeed: number;
  /** The first chunk's token limit for a streamed answer (a whole answer uses none). */
  readonly firstChunkTokens: number;
  /** Pause targets for a model with durations. */
  readonly pauses?: PauseTargets;
  /** What /health and /v1/models name as the model file. */
  readonly modelPath: string;
  /** The web page at /web (and / redirecting to it). Its HTML holds no data; what it shows comes from /v1/*, behind the key. */
  readonly web: boolean;
  /** Where the server's life is told (errors, drain). */
  readonly log: ServeLog;
}

type State = 'loading' | 'ready' | 'draining' | 'closed';

/** A bad request body as sent: JSON that does not parse, or more bytes than allowed. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return fail(new ApiError(413, `the request body is ${declared} bytes; at most ${limit} are taken`, null, 'body_too_large'));
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        fail(new ApiError(413, `the request body is over ${limit} bytes`, null, 'body_too_large'));
      } else parts.push(d);
    });
    req.on('end', () => ok(Buffer.concat(parts)));
    req.on('error', fail);
  });
}

function sameSecret(given: string, want: string): boolean {
  const h = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(given), h(want));
}

function routeOf(path: string): string {
  return ['/health', '/metrics', '/v1/models', '/v1/audio/voices', '/v1/audio/speech', ...WEB_PATHS].includes(path) ? path : 'other';
}

/**
 * The OpenAI-compatible speech server: HTTP on this thread, synthesis on the engine host's workers.
 * `listen` opens the port (speech answers 503 until `ready`); `ready` attaches the loaded host;
 * `close` stops taking requests, lets those in flight finish (up to the drain timeout), then closes
 * the host.
 */
export class SpeechServer {
  private readonly server: Server;
  private state: State = 'loading';
  private host: EngineHost | null = null;
  private admission: Admission | null = null;
  private readonly open = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private idle: (() => void) | null = null;
  private readonly wyoming: WyomingListener | null;
  readonly metrics: ServerMetrics;

  constructor(private readonly o: ServeOptions) {
    this.metrics = serverMetrics({
      queued: () => this.host?.queued ?? 0,
      inFlight: () => this.admission?.inFlight ?? 0,
      workers: () => this.host?.size ?? 0,
      phonemeCache: () => this.host?.phonemeStats() ?? { hits: 0, misses: 0, size: 0 },
    });
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('clientError', (_e, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    const w = o.wyoming;
    this.wyoming = w === null ? null : new WyomingListener({
      host: w.host, port: w.port, flushAfterMs: w.flushAfterMs, version: w.version,
      maxChars: o.maxChars, voicesDir: o.voicesDir, defaultVoice: o.defaultVoice, defaultSpeed: o.defaultSpeed,
      firstChunkTokens: o.firstChunkTokens, pauses: o.pauses, log: o.log,
    }, {
      metrics: this.metrics,
      engine: () => {
        if (this.state === 'draining' || this.state === 'closed') return 'draining';
        if (this.state !== 'ready' || !this.host || !this.admission) return 'loading';
        return { host: this.host, admission: this.admission };
      },
    });
  }

  /** Opens the ports (HTTP unless off, Wyoming when asked); resolves with the addresses actually bound. */
  async listen(): Promise<{ http: { host: string; port: number } | null; wyoming: { host: string; port: number } | null }> {
    const http = this.o.http ? await this.listenHttp() : null;
    const wyoming = this.wyoming ? await this.wyoming.listen() : null;
    return { http, wyoming };
  }

  private listenHttp(): Promise<{ host: string; port: number }> {
    return listenOn(this.server, this.o.port, this.o.host);
  }

  /**
   * Attaches the loaded engine host: one short synthesis with the default voice (or the first
   * installed one) proves model and voice load, then speech is served.
   */
  async ready(host: EngineHost): Promise<void> {
    this.host = host;
    this.admission = new Admission(host.size, this.o.queue);
    const voices = await listVoiceNames(this.o.voicesDir);
    const voice = voices.includes(this.o.defaultVoice) ? this.o.defaultVoice : voices[0];
    if (voice === undefined) throw new KokoroError('voice-unknown', `no voices in ${this.o.voicesDir}`, 'put voice packs (NAME.bin) there or pass --voices-dir');
    // Every worker at once (a busy worker takes no second job), with chunks of the full length: the
    // sessions reach their working size now, not under the first requests.
    const text = 'The quick brown fox jumps over the lazy dog, and then it rests in the shade for a while. '.repeat(8);
    await Promise.all(Array.from({ length: host.size }, async () => {
      for await (const c of host.synthesize({ text, voice, speed: 1 })) void c;
    }));
    if (this.state === 'loading') this.state = 'ready';
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to `drainMs`, then cuts what is left,
   * closes the engine host and resolves. Responses finished in time are whole.
   */
  async close(drainMs: number): Promise<{ cut: number }> {
    if (this.state === 'closed') return { cut: 0 };
    this.state = 'draining';
    const wyoming = this.wyoming?.close(drainMs) ?? Promise.resolve({ cut: 0 });
    const closed = this.server.listening ? new Promise<void>((ok) => this.server.close(() => ok())) : Promise.resolve();
    this.server.closeIdleConnections();
    const drained = new Promise<void>((ok) => {
      this.idle = ok;
      if (this.open.size === 0) ok();
    });
    const late = await lateAfter(drained, drainMs);
    const cut = late ? this.open.size : 0;
    if (late) {
      this.o.log({ event: 'drain-timeout', protocol: 'http', cut });
      for (const s of this.sockets) s.destroy();
    }
    this.server.closeIdleConnections(); // keep-alive connections whose last answer is done
    await closed;
    const wyomingCut = (await wyoming).cut;
    this.state = 'closed';
    await this.host?.close();
    return { cut: cut + wyomingCut };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.open.add(res);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routeOf(path);
    res.on('close', () => {
      this.open.delete(res);
      // 499: the client closed the connection before the answer was complete (nginx's convention).
      this.metrics.requests.inc({ route, status: res.writableFinished ? String(res.statusCode) : '499' });
      if (this.state === 'draining' && this.open.size === 0) this.idle?.();
    });
    if (this.state === 'draining') res.setHeader('Connection', 'close');
    this.route(req, res, path).catch((e: unknown) => this.fail(res, e));
  }

  /** Answers a failure: an ApiError as it is, anything else as a logged 500 without details. */
  private fail(res: ServerResponse, e: unknown): void {
    let api: ApiError;
    const fault = clientFault(e);
    if (e instanceof ApiError) api = e;
    else if (fault) api = badRequest(fault.message, null, fault.code);
    else {
      this.o.log({ event: 'error', protocol: 'http', message: messageOf(e) });
      api = internalError();
    }
    if (res.headersSent) {
      res.destroy(); // mid-stream: the client sees a cut transfer, never a wrong file
      return;
    }
    if (!res.destroyed) sendError(res, api);
  }

  private async route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const allow = (m: string): void => {
      if (method !== m) throw new ApiError(405, `${path} takes ${m}, not ${method}`, null, 'method_not_allowed', { Allow: m });
    };
    if (path === '/health') {
      allow('GET');
      const body = {
        status: this.state === 'ready' ? 'ok' : this.state, workers: this.host?.size ?? 0, model: this.o.modelPath, timestamps: this.host?.hasDurations ?? false,
        api_key_required: this.o.apiKey !== null,
      };
      return sendJson(res, this.state === 'ready' ? 200 : 503, body);
    }
    if (path === '/metrics') {
      allow('GET');
      const text = this.metrics.registry.render();
      res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': String(Buffer.byteLength(text)) });
      res.end(text);
      return;
    }
    if (this.o.web && isWebPath(path)) {
      allow('GET');
      return answerWeb(res, path);
    }
    if (!path.startsWith('/v1/')) throw new ApiError(404, `no route ${path}`, null, 'not_found');
    this.authorize(req);
    if (path === '/v1/models') {
      allow('GET');
      return sendJson(res, 200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'kokoro-ts' })) });
    }
    if (path === '/v1/audio/voices') {
      allow('GET');
      const names = await listVoiceNames(this.o.voicesDir);
      const data = names.map((name) => ({ id: name, name, ...describeVoice(name), lang: LANGUAGES[name[0] ?? '']?.tag ?? null }));
      return sendJson(res, 200, { voices: names, data, default_voice: this.o.defaultVoice });
    }
    if (path === '/v1/audio/speech') {
      allow('POST');
      return this.speech(req, res);
    }
    throw new ApiError(404, `no route ${path}`, null, 'not_found');
  }

  private authorize(req: IncomingMessage): void {
    if (this.o.apiKey === null) return;
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !sameSecret(m[1]!.trim(), this.o.apiKey)) {
      throw new ApiError(401, m ? 'incorrect API key' : 'missing API key: send "Authorization: Bearer KEY"', null, 'invalid_api_key', { 'WWW-Authenticate': 'Bearer' });
    }
  }

  private async speech(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.state === 'draining') throw new ApiError(503, 'the server is shutting down', null, 'shutting_down', { 'Retry-After': '1' });
    const host = this.host;
    const admission = this.admission;
    if (this.state !== 'ready' || !host || !admission) throw new ApiError(503, 'the model is still loading', null, 'loading', { 'Retry-After': '1' });
    // Input is capped in characters; a UTF-8 character is at most 4 bytes, plus room for the other fields.
    const raw = await readBody(req, this.o.maxChars * 4 + 16 * 1024);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw badRequest(`the request body is not valid JSON: ${messageOf(e)}`, null, 'invalid_json');
    }
    const r = parseSpeechRequest(json, {
      voices: await listVoiceNames(this.o.voicesDir), defaultVoice: this.o.defaultVoice, defaultSpeed: this.o.defaultSpeed,
      maxChars: this.o.maxChars, hasDurations: host.hasDurations,
    });
    const release = admission.tryAdmit();
    if (!release) {
      this.metrics.rejected.inc({ reason: 'queue_full' });
      const after = String(admission.retryAfterSeconds());
      throw new ApiError(503, `all ${admission.workers} engine workers are busy and ${admission.queue} requests wait; retry after ${after} s`, null, 'queue_full', { 'Retry-After': after });
    }
    const t0 = performance.now();
    const cancel = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) cancel.abort();
    };
    res.on('close', onClose);
    // A client gone before this listener existed (during the voice lookup, say): its 'close' has
    // passed, so cancel now rather than synthesize the whole text for nobody on a worker.
    if (res.destroyed) cancel.abort();
    try {
      await this.synthesize(r, host, res, cancel.signal, t0);
      admission.record((performance.now() - t0) / 1000);
      this.metrics.synthesisSeconds.observe((performance.now() - t0) / 1000);
    } catch (e) {
      // The client went away: its 'close' aborted us, or a write failed on its socket (EPIPE,
      // ECONNRESET) before that 'close' came. Nobody to answer either way; not a server error.
      if (cancel.signal.aborted || res.destroyed || !res.socket || res.socket.destroyed) {
        this.metrics.cancelled.inc();
        return;
      }
      throw e;
    } finally {
      release();
      res.off('close', onClose);
    }
  }

  private async synthesize(r: SpeechRequest, host: EngineHost, res: ServerResponse, signal: AbortSignal, t0: number): Promise<void> {
    const request: SynthesisRequest = {
      text: r.text, voice: r.voice, speed: r.speed, lang: r.lang, input: r.inputKind,
      // A whole answer is cut like `synth` (no short first chunk); a stream like `synth --stream`.
      firstChunkTokens: r.stream ? this.o.firstChunkTokens : undefined,
      pauses: host.hasDurations ? this.o.pauses : undefined,
    };
    const estimate = estimateSamples(r.text.length, r.speed);
    const track = r.timestamps ? new TimingTrack(r.text) : null;
    const headers: Record<string, string> = this.state === 'draining' ? { Connection: 'close' } : {};
    const sse = r.streamFormat === 'sse' ? sseAnswer(res, r.format, headers) : null;
    const bytes = r.timestamps && !sse ? audioBytes(r.format, estimate) : null;
    const sink = sse?.sink ?? bytes?.sink ?? audioResponse(res, r.format, r.stream, estimate, headers);
    let first = true;
    let tokens = 0;
    const onChunk = (c: AudioChunk): void => {
      if (first) this.metrics.firstAudio.observe((performance.now() - t0) / 1000);
      first = false;
      tokens += c.tokens;
      const timed = track?.add(c);
      if (timed) sse?.words(timed.words);
    };
    const done = await speak(host.synthesize(request, signal), sink, { onChunk });
    // OpenAI's usage counts tokens; here the phoneme tokens the model read.
    if (sse) await sse.done({ sample_rate: SAMPLE_RATE, audio_seconds: done.samples / SAMPLE_RATE, usage: { input_tokens: tokens, output_tokens: 0, total_tokens: tokens } });
    if (bytes && track) {
      sendJson(res, 200, {
        format: r.format, sample_rate: SAMPLE_RATE, audio_seconds: track.seconds, audio: bytes.bytes().toString('base64'),
        words: track.words,
      }, headers);
    } else await new Promise<void>((ok) => res.end(ok));
    this.metrics.audioSeconds.inc({}, done.samples / SAMPLE_RATE);
  }
}
