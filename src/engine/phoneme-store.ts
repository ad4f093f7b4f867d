import type { FrontEnd } from '../text/frontend';
import { LruCache } from '../text/lru';
import type { EspeakService, LinePhonemizer } from '../text/phonemize';
import type { TrackedText } from '../text/tracked';

const NO_ESPEAK: LinePhonemizer = {
  phonemizeLine: () => Promise.reject(new Error('this front end has no espeak voice')),
};

export interface CacheStats {
  readonly size: number;
  readonly capacity: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * Where an engine gets a sentence's phonemes: its own store, or (in an engine-host worker) the
 * host's one store shared by all workers, so lexicons, tagger and espeak workers exist once.
 */
export interface Phonemes {
  get(frontEnd: FrontEnd, sentence: string): Promise<TrackedText>;
  stats(): CacheStats;
  /** Lets go of the phonemizer's workers (a later request starts them again); a no-op for a shared store. */
  release(): Promise<void>;
}

/**
 * Sentence -> phonemes through the front end, with an LRU cache keyed by language and sentence text
 * (capacity 0 = off). A sentence asked for again while its phonemes are on the way is not phonemized
 * twice (counted as a hit). The phonemes' ranges point into the sentence string, so a cached entry
 * serves any text the sentence appears in.
 */
export class PhonemeStore implements Phonemes {
  private readonly cache: LruCache<TrackedText>;
  private readonly inflight = new Map<string, Promise<TrackedText>>();

  constructor(capacity: number, private readonly espeak: EspeakService) {
    this.cache = new LruCache<TrackedText>(capacity);
  }

  stats(): CacheStats {
    return { size: this.cache.size, capacity: this.cache.capacity, hits: this.cache.hits, misses: this.cache.misses };
  }

  get(frontEnd: FrontEnd, sentence: string): Promise<TrackedText> {
    const key = `${frontEnd.id}\u0000${sentence}`;
    if (this.cache.capacity > 0) {
      const pending = this.inflight.get(key);
      if (pending) {
        this.cache.hits++;
        return pending;
      }
    }
    const hit = this.cache.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    // The espeak worker starts when the front end first asks it for a line: a front end with its
    // own G2P (Japanese, Chinese) starts it only for Latin words; espeakVoice '' never starts one.
    const voice = frontEnd.espeakVoice;
    const line: LinePhonemizer = voice === '' ? NO_ESPEAK : { phonemizeLine: (text) => this.espeak.line(voice).then((l) => l.phonemizeLine(text)) };
    const p = frontEnd.phonemize(sentence, line).then((ps) => {
      this.cache.set(key, ps);
      return ps;
    });
    if (this.cache.capacity > 0) {
      this.inflight.set(key, p);
      const done = (): void => void this.inflight.delete(key);
      p.then(done, done);
    }
    return p;
  }

  /** Closes the phonemizer's workers; a later request starts them again. */
  release(): Promise<void> {
    return this.espeak.close();
  }
}
