import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { KokoroError, ExitCode } from '../util/errors';
import type { WorkerReply } from './espeak-worker';

/** espeak-ng can take a line of at most 999 bytes at a time. */
export const MAX_LINE_BYTES = 900;

interface Waiting {
  readonly resolve: (lines: string[]) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A long-lived espeak-ng (WASM) in a worker thread, for one espeak voice. Lines are phonemized in the
 * order they are sent; `phonemizeLine` returns espeak's IPA (with '^' ties) for one line of text.
 */
export class EspeakProcess {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | null = null;
  readonly ready: Promise<void>;

  constructor(readonly voice: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(join(__dirname, 'espeak-worker.js'), {
      workerData: { voice, port: port2, signal: this.signal },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
    let markReady: () => void = () => undefined;
    let markFailed: (e: Error) => void = () => undefined;
    this.ready = new Promise<void>((res, rej) => {
      markReady = res;
      markFailed = rej;
    });
    this.ready.catch(() => undefined);
    this.port.ref(); // held until the worker is ready; see hold()/release()
    void this.ready.then(() => this.release(), () => this.release());
    this.port.on('message', (msg: WorkerReply) => {
      if (msg.kind === 'ready') markReady();
      else if (msg.kind === 'result') this.settle(msg.id, msg.lines);
      else this.fail(new KokoroError('phonemizer', `espeak-ng failed: ${msg.message}`, undefined, ExitCode.Failure), markFailed);
    });
    this.worker.on('error', (e) => this.fail(new KokoroError('phonemizer', `espeak-ng worker failed: ${e.message}`, undefined, ExitCode.Failure), markFailed));
  }

  private settle(id: number, lines: string[]): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    this.release();
    w?.resolve(lines);
  }

  /** The worker must not keep the process alive when idle, but must while a caller awaits it. */
  private holds = 1;
  private hold(): void {
    if (this.holds++ === 0) this.port.ref();
  }
  private release(): void {
    if (--this.holds === 0) this.port.unref();
  }

  private fail(e: Error, markFailed: (e: Error) => void): void {
    this.failure = e;
    markFailed(e);
    for (const w of this.waiting.values()) {
      this.release();
      w.reject(e);
    }
    this.waiting.clear();
  }

  /** Phonemizes one line (no newlines, at most MAX_LINE_BYTES bytes). Resolves to espeak's output lines. */
  phonemizeLine(text: string): Promise<string[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    this.hold();
    const p = new Promise<string[]>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.port.postMessage({ id, text });
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
    return p;
  }

  async close(): Promise<void> {
    this.port.postMessage({ id: -1, text: null });
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
    await this.worker.terminate();
    this.port.close();
  }
}
