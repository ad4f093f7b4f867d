import type { AudioChunk } from '../engine';

/**
 * The main-thread end of one job: chunks pushed by the worker's messages, read with for-await.
 * Stopping the iteration early (break, throw) calls `onCancel` once.
 */
export class ChunkChannel implements AsyncIterable<AudioChunk> {
  private readonly items: AudioChunk[] = [];
  private waiter: (() => void) | null = null;
  private ended = false;
  private failure: unknown = null;
  private cancelled = false;

  constructor(private readonly onCancel: () => void) {}

  push(c: AudioChunk): void {
    if (this.ended) return;
    this.items.push(c);
    this.wake();
  }
  end(): void {
    this.ended = true;
    this.wake();
  }
  fail(e: unknown): void {
    if (this.ended) return;
    this.failure = e;
    this.ended = true;
    this.wake();
  }
  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AudioChunk, void, undefined> {
    let finished = false;
    try {
      for (;;) {
        const c = this.items.shift();
        if (c) {
          yield c;
          continue;
        }
        if (this.failure !== null) throw this.failure;
        if (this.ended) {
          finished = true;
          return;
        }
        await new Promise<void>((res) => (this.waiter = res));
      }
    } finally {
      if (!finished && !this.cancelled) {
        this.cancelled = true;
        this.ended = true;
        this.onCancel();
      }
    }
  }
}
