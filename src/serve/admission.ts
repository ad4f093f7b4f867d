/**
 * Admission control for speech requests: at most `workers` synthesizing plus `queue` waiting; a
 * request beyond that is refused at once (503 with Retry-After) rather than queued without bound.
 * Pure bookkeeping: the engine host does the queueing itself, this only bounds it.
 */
export class Admission {
  private active = 0;
  /** Recent request durations (seconds), newest last: what Retry-After is estimated from. */
  private readonly recent: number[] = [];

  constructor(readonly workers: number, readonly queue: number, private readonly window = 20) {
    if (workers < 1) throw new Error('internal: admission needs a worker');
  }

  get capacity(): number {
    return this.workers + this.queue;
  }

  /** Requests admitted and not yet released. */
  get inFlight(): number {
    return this.active;
  }

  /** Admitted requests beyond the workers: those waiting for one. */
  get waiting(): number {
    return Math.max(0, this.active - this.workers);
  }

  /** Takes a place, or returns null when every place is taken. Release the place exactly once. */
  tryAdmit(): (() => void) | null {
    if (this.active >= this.capacity) return null;
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }

  /** Records how long a finished request took (seconds). */
  record(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.recent.push(seconds);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /**
   * Whole seconds until a place is likely free: the queue ahead drained by the workers at the recent
   * mean request time; at least 1 (and 1 with no history yet).
   */
  retryAfterSeconds(): number {
    if (this.recent.length === 0) return 1;
    const mean = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    const rounds = Math.ceil((this.waiting + 1) / this.workers);
    return Math.max(1, Math.ceil(mean * rounds));
  }
}

/**
 * Engine workers when not set: one per `threads` cores when the thread count is set (as tune
 * writes it), else one per two cores, at least one.
 */
export function autoWorkers(threadsPerSession: number, cores: number): number {
  return Math.max(1, Math.floor(cores / (threadsPerSession > 0 ? threadsPerSession : 2)));
}
