/**
 * Async writes that run one after another, in the order they were queued. The first failure is
 * kept: later jobs are skipped, `drain` rethrows it, `check` throws it and `ready` rejects with it,
 * so a producer stops at its next piece instead of making output nobody can take (a reader that
 * went away, a full disk). With a high-water mark, `ready` also waits while that many bytes are
 * queued: backpressure for a slow reader.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private queued = 0;
  private waiters: { res: () => void; rej: (e: unknown) => void }[] = [];

  constructor(private readonly highWaterBytes = Infinity) {}

  /** Queues `job`; `bytes` counts toward the high-water mark until it has run. */
  push(job: () => Promise<unknown>, bytes = 0): void {
    this.queued += bytes;
    this.tail = this.tail.then(async () => {
      if (this.failure === null) await job();
    }).catch((e: unknown) => {
      this.failure ??= e;
    }).finally(() => {
      this.queued -= bytes;
      if (this.failure !== null) for (const w of this.waiters.splice(0)) w.rej(this.failure);
      else if (this.queued < this.highWaterBytes) for (const w of this.waiters.splice(0)) w.res();
    });
  }

  /** Resolves once fewer than the high-water bytes wait; rejects once a write has failed. */
  ready(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.queued < this.highWaterBytes) return Promise.resolve();
    return new Promise((res, rej) => this.waiters.push({ res, rej }));
  }

  /** Throws the first failure, if a write has failed by now (for a producer that cannot wait). */
  check(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Waits for every queued write; throws the first failure. */
  async drain(): Promise<void> {
    await this.tail;
    this.check();
  }
}
