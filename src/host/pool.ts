import { Worker, type ResourceLimits } from 'node:worker_threads';
import { join } from 'node:path';
import { ortRuntime, type AudioChunk, type CacheStats, type ModelContract, type Synthesis, type SynthesisRequest } from '../engine';
import { PhonemeStore } from '../engine/phoneme-store';
import { frontEndOfId } from '../text/lang/g2p';
import { EspeakPool } from '../text/phonemize';
import { ExitCode, KokoroError } from '../util/errors';
import { ChunkChannel } from './channel';
import type { FromHost, HostSetup, ToHost } from './protocol';
import { fromWireError as fromWire, toWireError } from './wire-error';

/** A synthesis job (text -> chunks, streamed back) or one bare model call (ids -> audio). */
type Job =
  | { readonly kind: 'synthesize'; readonly id: number; readonly request: SynthesisRequest; readonly channel: ChunkChannel }
  | {
      readonly kind: 'run'; readonly id: number; readonly ids: readonly number[]; readonly style: Float32Array; readonly speed: number;
      readonly resolve: (s: Synthesis) => void; readonly reject: (e: unknown) => void;
    };

function failJob(j: Job, e: unknown): void {
  if (j.kind === 'synthesize') j.channel.fail(e);
  else j.reject(e);
}

/** One worker thread with its engine, and the job it is running. */
class HostWorker {
  job: Job | null = null;
  alive = true;
  constructor(readonly thread: Worker) {}
  send(m: ToHost): void {
    this.thread.postMessage(m);
  }
}

/**
 * The engine-host pool: N worker threads, each with its own engine (session, voice cache), running
 * synthesis jobs off the calling thread. Phonemes come from one store in the host's thread, shared by
 * all workers: the phoneme cache, misaki's lexicons and tagger and the espeak workers exist once, not
 * once per worker (their sentences are small messages; their audio is the big traffic). A job goes to whichever worker is free, in the order
 * asked; its chunks come back as they are made (samples transferred, not copied). Breaking out of a
 * job's iteration (or its AbortSignal) cancels the rest of it. A worker that dies fails its job with
 * a clear error and leaves the pool; when none is left, every waiting job fails.
 */
export class EngineHost {
  private readonly workers: HostWorker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closing = false;
  private durations = true;
  private firstContract: ModelContract | null = null;

  private constructor(
    readonly loadMs: readonly number[],
    private readonly phonemes: PhonemeStore,
  ) {}

  /**
   * Starts one worker per setup and waits until every engine is loaded (a worker that cannot load
   * fails the start). `limits` caps each worker's JavaScript heap (a server guarding its memory).
   */
  static async start(setups: readonly HostSetup[], limits?: ResourceLimits): Promise<EngineHost> {
    // The native addon is loaded here first: worker threads that load it at once, none having loaded
    // it before in this process, can fail with "Module did not self-register".
    for (const r of new Set(setups.map((s) => s.engine.runtimeDir ?? null))) ortRuntime(r);
    const loadMs: number[] = [];
    const host = new EngineHost(loadMs, new PhonemeStore(setups[0]?.engine.phonemeCacheSize ?? 0, new EspeakPool()));
    const ready = setups.map((setup) => host.spawn(setup, loadMs, limits));
    try {
      await Promise.all(ready);
    } catch (e) {
      await host.close();
      throw e;
    }
    return host;
  }

  /** Every worker's model exports durations (word timings, pauses). */
  get hasDurations(): boolean {
    return this.durations && this.workers.length > 0;
  }

  get size(): number {
    return this.workers.filter((w) => w.alive).length;
  }

  private spawn(setup: HostSetup, loadMs: number[], resourceLimits?: ResourceLimits): Promise<void> {
    const w = new HostWorker(new Worker(join(__dirname, 'worker.js'), { workerData: setup, resourceLimits }));
    this.workers.push(w);
    return new Promise((resolve, reject) => {
      let loaded = false;
      w.thread.on('message', (m: FromHost) => {
        if (m.type === 'ready') {
          loaded = true;
          this.durations &&= m.durations;
          this.firstContract ??= m.contract;
          loadMs.push(m.loadMs);
          resolve();
          this.dispatch();
        } else if (m.type === 'fatal') reject(fromWire(m.error));
        else if (m.type === 'phonemize') this.answerPhonemes(w, m);
        else this.onJobMessage(w, m);
      });
      const died = (why: string): void => {
        if (!w.alive) return;
        w.alive = false;
        const e = new KokoroError('engine-host', `an engine worker ${why}`, 'run again with --verbose; if it repeats, report it', ExitCode.Failure);
        if (!loaded) reject(e);
        if (w.job) failJob(w.job, e);
        w.job = null;
        if (this.size === 0) for (const j of this.queue.splice(0)) failJob(j, e);
      };
      w.thread.on('error', (e) => died(`failed: ${e.message}`));
      w.thread.on('exit', (code) => died(this.closing ? 'was stopped' : `exited unexpectedly (code ${code})`));
    });
  }

  /** A worker's sentence, phonemized by the shared store. */
  private answerPhonemes(w: HostWorker, m: Extract<FromHost, { type: 'phonemize' }>): void {
    const frontEnd = frontEndOfId(m.frontEnd);
    const asked = frontEnd ? this.phonemes.get(frontEnd, m.sentence) : Promise.reject(new Error(`no front end ${m.frontEnd}`));
    asked.then(
      (t) => w.alive && w.send({ type: 'phonemes', id: m.id, phonemes: t.toWire() }),
      (e: unknown) => w.alive && w.send({ type: 'phonemes-failed', id: m.id, error: toWireError(e) }),
    );
  }

  /** The shared phoneme cache's counters since the host started. */
  phonemeStats(): CacheStats {
    return this.phonemes.stats();
  }

  private onJobMessage(w: HostWorker, m: Exclude<FromHost, { type: 'ready' | 'fatal' | 'phonemize' }>): void {
    const job = w.job;
    if (!job || job.id !== m.id) return; // a cancelled job's late messages
    if (job.kind === 'run') {
      if (m.type === 'ran') job.resolve({ samples: m.samples, durations: m.durations });
      else if (m.type === 'failed') job.reject(fromWire(m.error));
      else return;
    } else if (m.type === 'chunk') return job.channel.push(m.chunk);
    else if (m.type === 'failed') job.channel.fail(fromWire(m.error));
    else job.channel.end();
    w.job = null;
    this.dispatch();
  }

  private dispatch(): void {
    for (const w of this.workers) {
      if (!w.alive || w.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      w.job = job;
      if (job.kind === 'synthesize') w.send({ type: 'job', id: job.id, request: job.request });
      else w.send({ type: 'run', id: job.id, ids: job.ids, style: job.style, speed: job.speed });
    }
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Text -> audio chunks on a free worker (queued until one is). Stop iterating, or abort, to cancel. */
  synthesize(request: SynthesisRequest, signal?: AbortSignal): AsyncIterable<AudioChunk> {
    if (this.closing) throw new KokoroError('engine-host', 'the engine host is closed', undefined, ExitCode.Failure);
    if (this.size === 0) throw new KokoroError('engine-host', 'no engine worker is running', undefined, ExitCode.Failure);
    const id = this.nextId++;
    const channel = new ChunkChannel(() => this.cancel(id));
    const cancelled = (): KokoroError => new KokoroError('interrupted', 'synthesis cancelled', undefined, ExitCode.Interrupted);
    // Aborted already: an 'abort' listener would never fire, so the job must not reach a worker.
    if (signal?.aborted) {
      channel.fail(cancelled());
      return channel;
    }
    this.queue.push({ kind: 'synthesize', id, request, channel });
    signal?.addEventListener('abort', () => channel.fail(cancelled()), { once: true });
    this.dispatch();
    return channel;
  }

  /** The model contract of the workers' model (all load the same file); null before any is ready. */
  get contract(): ModelContract | null {
    return this.firstContract;
  }

  /** One bare model call on a free worker (queued until one is): parallel sessions for one text. */
  run(ids: readonly number[], style: Float32Array, speed: number): Promise<Synthesis> {
    if (this.closing) return Promise.reject(new KokoroError('engine-host', 'the engine host is closed', undefined, ExitCode.Failure));
    if (this.size === 0) return Promise.reject(new KokoroError('engine-host', 'no engine worker is running', undefined, ExitCode.Failure));
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'run', id: this.nextId++, ids, style, speed, resolve, reject });
      this.dispatch();
    });
  }

  /** Drops a queued job, or tells its worker to stop after the chunk in progress. */
  private cancel(id: number): void {
    const q = this.queue.findIndex((j) => j.id === id);
    if (q >= 0) {
      this.queue.splice(q, 1);
      return;
    }
    const w = this.workers.find((x) => x.job?.id === id);
    if (w) {
      w.send({ type: 'cancel', id });
      // The worker is free once it says done; until then it keeps the job (its late chunks are dropped).
    }
  }

  /** Stops every worker after its current job; waiting jobs fail. */
  async close(): Promise<void> {
    this.closing = true;
    for (const j of this.queue.splice(0)) failJob(j, new KokoroError('engine-host', 'the engine host closed', undefined, ExitCode.Failure));
    await Promise.all(
      this.workers.filter((w) => w.alive).map(
        (w) =>
          new Promise<void>((res) => {
            w.thread.once('exit', () => res());
            w.send({ type: 'stop' });
          }),
      ),
    );
    await this.phonemes.release();
  }
}
