import type { CacheStats, Phonemes } from '../engine/phoneme-store';
import type { FrontEnd } from '../text/frontend';
import { TrackedText } from '../text/tracked';
import type { FromHost, ToHost } from './protocol';
import { fromWireError } from './wire-error';

type Answer = Extract<ToHost, { type: 'phonemes' | 'phonemes-failed' }>;

/**
 * An engine-host worker's phonemes: each sentence is asked of the host, whose one store (cache,
 * misaki lexicons and tagger, espeak workers) serves every worker, instead of each worker loading
 * its own. The host counts the cache; this side has nothing to count or release.
 */
export class RemotePhonemes implements Phonemes {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (t: TrackedText) => void; reject: (e: unknown) => void }>();

  constructor(private readonly post: (m: FromHost) => void) {}

  get(frontEnd: FrontEnd, sentence: string): Promise<TrackedText> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'phonemize', id, frontEnd: frontEnd.id, sentence });
    });
  }

  /** The host's answer to request `m.id`. */
  answer(m: Answer): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'phonemes') {
      try {
        p.resolve(TrackedText.fromWire(m.phonemes));
      } catch (e) {
        p.reject(e);
      }
    } else p.reject(fromWireError(m.error));
  }

  stats(): CacheStats {
    return { size: 0, capacity: 0, hits: 0, misses: 0 };
  }

  release(): Promise<void> {
    return Promise.resolve();
  }
}
