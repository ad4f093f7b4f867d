import { createServer, type Server, type Socket } from 'node:net';
import { frontEndFor, languageLetter, listVoiceNames, parseVoiceSpec, speakTextStream, type AudioChunk, type PauseTargets, type SynthesisRequest } from '../engine';
import type { EngineHost } from '../host/pool';
import { floatToInt16 } from '../audio/pcm';
import { SAMPLE_RATE } from '../spec';
import { messageOf } from '../util/errors';
import type { Admission } from './admission';
import { ApiError, clientFault } from './errors';
import { lateAfter } from '../util/deadline';
import type { ServerMetrics } from './metrics';
import { checkVoice } from './request';
import { encodeEvent, EventReader, isFrameError, type WyomingEvent } from './wyoming-events';
import { wyomingInfo } from './wyoming-info';
import { listenOn } from '../util/listen';
import type { ServeLog } from './log';

export interface WyomingOptions {
  readonly host: string;
  readonly port: number;
  readonly maxChars: number;
  readonly voicesDir: string;
  readonly defaultVoice: string;
  readonly defaultSpeed: number;
  /** The first chunk's token limit: every Wyoming answer is streamed. */
  readonly firstChunkTokens: number;
  readonly pauses?: PauseTargets;
  /** Longest a clause of streamed text waits for its sentence to end, in ms; null = until it ends. */
  readonly flushAfterMs: number | null;
  /** The program version `info` names. */
  readonly version: string;
  readonly log: ServeLog;
}

/** What the listener uses of the speech server: the loaded host and its admission, or why there is none. */
export interface WyomingBackend {
  engine(): { host: EngineHost; admission: Admission } | 'loading' | 'draining';
  readonly metrics: ServerMetrics;
}

/** A failure answered as an `error` event; the connection stays open. */
class Fault extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

const WIDTH = 2;
const FORMAT = { rate: SAMPLE_RATE, width: WIDTH, channels: 1 };

/** Text pushed as it arrives, read once as an async iterable; `end` finishes it. */
class TextQueue implements AsyncIterable<string> {
  private readonly parts: string[] = [];
  private done = false;
  private wake: (() => void) | null = null;
  push(t: string): void {
    this.parts.push(t);
    this.wake?.();
  }
  end(): void {
    this.done = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const t = this.parts.shift();
      if (t !== undefined) yield t;
      else if (this.done) return;
      else await new Promise<void>((ok) => (this.wake = ok));
      this.wake = null;
    }
  }
}

/** A streamed request in progress: text still coming (`text`), audio going out (`done`). */
interface Session {
  readonly text: TextQueue;
  /** Refused (busy, loading) or cut (over the character limit): its further chunks are dropped, its stop answered with nothing more than its audio so far. */
  refused: boolean;
  done: Promise<void>;
  chars: number;
}

interface Voicing {
  readonly voice: string;
  readonly lang?: string;
}

function describeFault(e: unknown): Fault | null {
  if (e instanceof Fault) return e;
  if (e instanceof ApiError) return new Fault(e.message, e.code ?? 'bad-request');
  const client = clientFault(e);
  return client && new Fault(client.message, client.code);
}

/**
 * The Wyoming protocol listener (Home Assistant's local speech protocol) beside the HTTP server, on
 * the same engine host and admission: `describe` -> `info`; `synthesize` -> `audio-start`,
 * `audio-chunk`s of 16-bit mono PCM as each model chunk is made, `audio-stop`; `synthesize-start`,
 * `synthesize-chunk`s, `synthesize-stop` -> each sentence spoken as soon as it is complete, then
 * `synthesize-stopped`. A bad event gets an `error` event and the connection stays usable.
 */
export class WyomingListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Requests being answered (admitted or not yet): what a drain waits for. */
  private active = 0;
  private idle: (() => void) | null = null;
  private draining = false;

  constructor(private readonly o: WyomingOptions, private readonly backend: WyomingBackend) {
    this.server = createServer((s) => this.connection(s));
  }

  listen(): Promise<{ host: string; port: number }> {
    return listenOn(this.server, this.o.port, this.o.host);
  }

  /** Stops accepting, lets answers in progress finish for up to `drainMs`, then cuts the rest. */
  async close(drainMs: number): Promise<{ cut: number }> {
    this.draining = true;
    const closed = new Promise<void>((ok) => this.server.close(() => ok()));
    const drained = new Promise<void>((ok) => {
      this.idle = ok;
      if (this.active === 0) ok();
    });
    const late = await lateAfter(drained, drainMs);
    const cut = late ? this.active : 0;
    if (late) this.o.log({ event: 'drain-timeout', protocol: 'wyoming', cut });
    for (const s of this.sockets) s.destroy();
    await closed;
    return { cut };
  }

  private begin(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      if (this.draining && this.active === 0) this.idle?.();
    };
  }

  private connection(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new EventReader({ headerBytes: 64 * 1024, dataBytes: this.o.maxChars * 4 + 16 * 1024, payloadBytes: 1024 * 1024 });
    const cancel = new AbortController();
    let session: Session | null = null;
    let chain = Promise.resolve();
    const send = (type: string, data?: Record<string, unknown>, payload?: Uint8Array): Promise<void> => {
      if (socket.destroyed) return Promise.reject(new Fault('the client went away', 'disconnected'));
      if (socket.write(encodeEvent(type, data, payload))) return Promise.resolve();
      // A client that reads slowly holds the next chunk back (and a gone one ends the wait).
      return new Promise((ok, fail) => {
        const done = (): void => {
          socket.off('drain', done);
          socket.off('close', done);
          if (socket.destroyed) fail(new Fault('the client went away', 'disconnected'));
          else ok();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    };
    const error = (text: string, code: string): void => {
      this.backend.metrics.wyomingErrors.inc({ code });
      if (!socket.destroyed) socket.write(encodeEvent('error', { text, code }));
    };
    const handle = async (ev: WyomingEvent): Promise<void> => {
      switch (ev.type) {
        case 'describe':
          this.backend.metrics.wyomingRequests.inc({ kind: 'describe' });
          return send('info', wyomingInfo(await listVoiceNames(this.o.voicesDir), this.o.version));
        case 'synthesize':
          // Inside a stream the client sends the whole text again for servers that do not stream: ignored.
          if (session) return;
          return this.synthesize(ev, send, cancel.signal);
        case 'synthesize-start':
          if (session) throw new Fault('a synthesize-start inside a stream: send synthesize-stop first', 'bad-state');
          try {
            session = await this.startSession(ev, send, cancel.signal, reportFailure);
          } catch (e) {
            // Refused: the stream's chunks and stop are taken quietly, the error said once.
            session = { text: new TextQueue(), refused: true, done: Promise.resolve(), chars: 0 };
            throw e;
          }
          return;
        case 'synthesize-chunk': {
          if (!session) throw new Fault('a synthesize-chunk outside a stream: send synthesize-start first', 'bad-state');
          if (session.refused) return;
          const text = ev.data.text;
          if (typeof text !== 'string') throw new Fault('a synthesize-chunk needs "text", a string', 'missing-text');
          session.chars += text.length;
          if (session.chars > this.o.maxChars) {
            session.text.end();
            session.refused = true;
            throw new Fault(`the streamed text is over ${this.o.maxChars} characters; the rest is not spoken`, 'text-too-long');
          }
          session.text.push(text);
          return;
        }
        case 'synthesize-stop': {
          if (!session) throw new Fault('a synthesize-stop outside a stream', 'bad-state');
          const s = session;
          s.text.end();
          try {
            await s.done;
          } finally {
            session = null;
          }
          return;
        }
        default:
          throw new Fault(`unknown event type "${ev.type}"`, 'unknown-event');
      }
    };
    const reportFailure = (e: unknown): void => {
      if (socket.destroyed) return;
      const f = describeFault(e);
      if (f) return error(f.message, f.code);
      this.o.log({ event: 'error', protocol: 'wyoming', message: messageOf(e) });
      error('the server failed to handle the event; it has been logged', 'internal');
    };
    socket.on('data', (bytes: Buffer) => {
      for (const got of reader.push(bytes)) {
        if (isFrameError(got)) {
          const e = got;
          chain = chain.then(() => error(e.error, e.code));
          continue;
        }
        chain = chain.then(() => handle(got)).catch(reportFailure);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      cancel.abort();
      session?.text.end();
    });
  }

  /** Voice, blend or language asked for -> what to speak with; the default voice when none is named. */
  private async voicing(data: Readonly<Record<string, unknown>>): Promise<Voicing> {
    const v = data.voice;
    if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) throw new Fault('"voice" must be an object: {"name", "language"?, "speaker"?}', 'bad-voice');
    const spec = (v ?? {}) as Record<string, unknown>;
    const voices = await listVoiceNames(this.o.voicesDir);
    for (const k of ['name', 'language', 'speaker'] as const) {
      if (spec[k] !== undefined && spec[k] !== null && typeof spec[k] !== 'string') throw new Fault(`"voice.${k}" must be a string`, 'bad-voice');
    }
    const name = spec.name as string | undefined;
    const language = spec.language as string | undefined;
    // Home Assistant and piper write en_US; kokoro-ts reads en-us.
    const lang = language === undefined ? undefined : languageLetter(language.replace('_', '-'));
    if (language !== undefined && lang === undefined) throw new Fault(`unknown language "${language}"`, 'unsupported-language');
    if (name !== undefined) return { voice: checkVoice(name, { voices }, lang), ...(lang !== undefined ? { lang } : {}) };
    if (lang !== undefined) {
      // A language alone: the default voice if it speaks it, else the first installed voice that does.
      const pick = this.o.defaultVoice.startsWith(lang) ? this.o.defaultVoice : voices.find((n) => n.startsWith(lang));
      if (pick === undefined) throw new Fault(`no installed voice speaks "${language}"`, 'voice-not-found');
      return { voice: checkVoice(pick, { voices }) };
    }
    return { voice: checkVoice(this.o.defaultVoice, { voices }) };
  }

  private request(text: string, v: Voicing, host: EngineHost): SynthesisRequest {
    return {
      text, voice: v.voice, speed: this.o.defaultSpeed, lang: v.lang, input: 'text',
      firstChunkTokens: this.o.firstChunkTokens, pauses: host.hasDurations ? this.o.pauses : undefined,
    };
  }

  /** A place on the engine host, or the reason there is none (an error event, never a wait without bound). */
  private admit(): { host: EngineHost; admission: Admission; release: () => void } {
    const e = this.backend.engine();
    if (this.draining || e === 'draining') {
      this.backend.metrics.rejected.inc({ reason: 'draining' });
      throw new Fault('the server is shutting down', 'shutting-down');
    }
    if (e === 'loading') throw new Fault('the model is still loading; try again in a moment', 'loading');
    const release = e.admission.tryAdmit();
    if (!release) {
      this.backend.metrics.rejected.inc({ reason: 'queue_full' });
      throw new Fault(`all ${e.admission.workers} engine workers are busy and ${e.admission.queue} requests wait; retry after ${e.admission.retryAfterSeconds()} s`, 'busy');
    }
    return { ...e, release };
  }

  private async synthesize(ev: WyomingEvent, send: Sender, signal: AbortSignal): Promise<void> {
    this.backend.metrics.wyomingRequests.inc({ kind: 'synthesize' });
    const text = ev.data.text;
    if (typeof text !== 'string') throw new Fault('a synthesize event needs "text", a string', 'missing-text');
    if (text.trim() === '') throw new Fault('the text is empty', 'missing-text');
    if (text.length > this.o.maxChars) throw new Fault(`the text is ${text.length} characters; this server takes at most ${this.o.maxChars}`, 'text-too-long');
    const voicing = await this.voicing(ev.data);
    const end = this.begin();
    try {
      const { host, admission, release } = this.admit();
      const t0 = performance.now();
      try {
        await this.answer(host.synthesize(this.request(text, voicing, host), signal), send, t0, signal);
        admission.record((performance.now() - t0) / 1000);
      } finally {
        release();
      }
    } finally {
      end();
    }
  }

  /**
   * Starts a stream: the voice checked and a place taken now, its sentences spoken as they complete
   * until its text ends. A failure on the way is reported as it happens; `done` never rejects.
   */
  private async startSession(ev: WyomingEvent, send: Sender, signal: AbortSignal, report: (e: unknown) => void): Promise<Session> {
    this.backend.metrics.wyomingRequests.inc({ kind: 'stream' });
    const voicing = await this.voicing(ev.data);
    const rules = frontEndFor(parseVoiceSpec(voicing.voice)[0]!.name, voicing.lang);
    const end = this.begin();
    let placed: ReturnType<WyomingListener['admit']>;
    try {
      placed = this.admit();
    } catch (e) {
      end();
      throw e;
    }
    const { host, admission, release } = placed;
    const text = new TextQueue();
    const run = async (): Promise<void> => {
      let t0 = NaN;
      const chunks = speakTextStream(text, {
        rules, flushAfterMs: this.o.flushAfterMs,
        synthesize: (sentence) => {
          // Time to first audio counts from the first sentence being complete.
          if (Number.isNaN(t0)) t0 = performance.now();
          return host.synthesize(this.request(sentence, voicing, host), signal);
        },
      });
      const t = performance.now();
      if (await this.answer(chunks, send, () => t0, signal)) {
        admission.record((performance.now() - t) / 1000);
        await send('synthesize-stopped');
      }
    };
    const done = run().catch(report).finally(() => {
      release();
      end();
    });
    return { text, refused: false, done, chars: 0 };
  }

  /** The chunks as `audio-start`, `audio-chunk`s as each is made, `audio-stop`; false when the client went away (cancelled). */
  private async answer(chunks: AsyncIterable<AudioChunk>, send: Sender, t0: number | (() => number), signal: AbortSignal): Promise<boolean> {
    const m = this.backend.metrics;
    let samples = 0;
    let started = false;
    try {
      for await (const c of chunks) {
        if (!started) {
          m.wyomingFirstAudio.observe((performance.now() - (typeof t0 === 'number' ? t0 : t0())) / 1000);
          await send('audio-start', { ...FORMAT, timestamp: 0 });
          started = true;
        }
        const pcm = floatToInt16(c.samples);
        await send('audio-chunk', { ...FORMAT, timestamp: Math.round((samples / SAMPLE_RATE) * 1000) }, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
        samples += c.samples.length;
      }
      if (!started) await send('audio-start', { ...FORMAT, timestamp: 0 });
      await send('audio-stop', { timestamp: Math.round((samples / SAMPLE_RATE) * 1000) });
      m.audioSeconds.inc({}, samples / SAMPLE_RATE);
      return true;
    } catch (e) {
      if (signal.aborted || (e instanceof Fault && e.code === 'disconnected')) {
        m.cancelled.inc();
        return false;
      }
      throw e;
    }
  }
}

type Sender = (type: string, data?: Record<string, unknown>, payload?: Uint8Array) => Promise<void>;
