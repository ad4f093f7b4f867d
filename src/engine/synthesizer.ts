import type * as ort from 'onnxruntime-node';
import { MAX_TOKENS } from '../spec';
import { ExitCode, KokoroError } from '../util/errors';
import { feedsFor, loadModel, NO_MODEL_CACHE, type LoadedModel, type ModelCacheSettings, type ModelContract } from './session';
import type { CacheOutcome, RewriteRecord } from './optimized-model';
import type { SessionSettings } from './settings';
import type { RuntimeDir } from './ort-runtime';

/** What one model call gives: the audio, and the per-token durations when the model exports them. */
export interface Synthesis {
  /** Float samples at 24 kHz; the caller owns the buffer (it is not reused). */
  readonly samples: Float32Array;
  /** Frames of 600 samples per input id, pads included (ids.length values); null if the model has no durations output. */
  readonly durations: Int32Array | null;
}

/**
 * What the engine runs its model calls on: one session in this thread (Synthesizer), or several in
 * worker threads (the engine host's parallel runner). `parallelism` calls may be in flight at once;
 * the engine keeps that many chunks running, in order.
 */
export interface ModelRunner {
  readonly contract: ModelContract;
  readonly path: string;
  /** Wall time of loading the model, in ms. */
  readonly createMs: number;
  /** Whether the session came from a saved optimized copy (one session in this thread; absent for worker sessions). */
  readonly optimizedCache?: CacheOutcome;
  /** The graph rewrites the session holds (one session in this thread; absent for worker sessions). */
  readonly rewrites?: RewriteRecord | null;
  readonly parallelism: number;
  run(ids: readonly number[], style: Float32Array, speed: number): Promise<Synthesis>;
  release(): Promise<void>;
}

/**
 * The model: padded token ids + a style vector + a speed -> audio (and durations). One ONNX Runtime
 * session, its I/O contract read once at load. session.run blocks the thread that calls it.
 */
export class Synthesizer implements ModelRunner {
  readonly parallelism = 1;
  private warnedSpeed = false;

  private constructor(
    private readonly model: LoadedModel,
    private readonly warn: (message: string) => void,
  ) {}

  static async load(path: string, settings: SessionSettings, warn: (message: string) => void = () => undefined, runtime: RuntimeDir = null, cache: ModelCacheSettings = NO_MODEL_CACHE): Promise<Synthesizer> {
    return new Synthesizer(await loadModel(path, settings, runtime, cache), warn);
  }

  get contract(): ModelContract {
    return this.model.contract;
  }
  get path(): string {
    return this.model.path;
  }
  /** Wall time of InferenceSession.create, in ms. */
  get createMs(): number {
    return this.model.createMs;
  }
  get optimizedCache(): CacheOutcome {
    return this.model.optimizedCache;
  }
  get rewrites(): RewriteRecord | null {
    return this.model.rewrites;
  }

  /** One model call on padded ids (at most MAX_TOKENS between the pads). */
  async run(ids: readonly number[], style: Float32Array, speed: number): Promise<Synthesis> {
    if (ids.length - 2 > MAX_TOKENS) {
      throw new KokoroError('bad-text', `a model call got ${ids.length - 2} tokens; the limit is ${MAX_TOKENS}`, undefined, ExitCode.Failure);
    }
    const c = this.model.contract;
    if (c.speedType !== 'float32' && !Number.isInteger(speed) && !this.warnedSpeed) {
      this.warnedSpeed = true;
      this.warn(`this model takes speed as ${c.speedType}; speed ${speed} is rounded to ${Math.round(speed)}`);
    }
    const out = await this.model.session.run(feedsFor(this.model.ort, c, ids, style, speed));
    const audio = out[c.audioOutput];
    if (!audio || !(audio.data instanceof Float32Array)) {
      throw new KokoroError('model-contract', `model output ${c.audioOutput} is not float32 audio`, undefined, ExitCode.Model);
    }
    return { samples: audio.data, durations: c.durationsOutput ? durationsOf(out[c.durationsOutput], ids.length, c.durationsOutput) : null };
  }

  release(): Promise<void> {
    return this.model.session.release();
  }
}

function durationsOf(t: ort.Tensor | undefined, count: number, name: string): Int32Array {
  const data = t?.data;
  if (!(data instanceof BigInt64Array || data instanceof Int32Array) || data.length !== count) {
    throw new KokoroError('model-contract', `model output ${name} is not one integer duration per token (${count})`, undefined, ExitCode.Model);
  }
  return data instanceof Int32Array ? data : Int32Array.from(data, (x) => Number(x));
}
