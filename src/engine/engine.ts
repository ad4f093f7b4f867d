import { MAX_SPEED, MAX_TOKENS, MIN_SPEED, PAD_ID, STYLE_DIM } from '../spec';
import { shapeJoin, softLimit } from '../audio/pcm';
import { ExitCode, KokoroError } from '../util/errors';
import { hrClock, type Clock } from '../util/clock';
import { normalize } from '../text/normalize';
import { splitSentences } from '../text/punctuation';
import { EspeakPhonemizer, type Dialect, type Phonemizer } from '../text/phonemize';
import { keepKnown, tokenize } from '../text/vocab';
import { ChunkPlanner } from '../text/chunk-planner';
import { LruCache } from '../text/lru';
import { loadModel, runModel, type LoadedModel, type ModelContract } from './session';
import type { SessionSettings } from './settings';
import { dialectOf, loadVoice, styleRow, type VoicePack } from './voices';
import { formatVoiceSpec, parseVoiceSpec } from './voice-spec';

export interface EngineOptions {
  readonly modelPath: string;
  readonly voicesDir: string;
  readonly session: SessionSettings;
  /** Most phoneme tokens per model call (1..510). */
  readonly maxChunkTokens: number;
  /** Sentences whose phonemes are kept (LRU, keyed by dialect and text); 0 turns the cache off. */
  readonly phonemeCacheSize: number;
  /**
   * Sentences handed to the phonemizer (its own worker thread) ahead of the one the next chunk needs,
   * before each model call, so the front end of chunk k+1 runs while the model runs chunk k.
   * 0 = strictly in turn: phonemize, then run, then phonemize the next. Default: DEFAULT_PIPELINE_DEPTH.
   */
  readonly pipelineDepth?: number;
  /** Run one tiny synthesis when the engine loads (first model run and phonemizer start), off the first request. */
  readonly warmup?: boolean;
  /**
   * One text per engine (the synth command): hand the phonemizer every sentence at once and close its
   * worker as soon as the last one is back, so its memory (~35-70 MB) is not held through the model
   * runs. A later request starts a new worker (~0.15 s). Default false.
   */
  readonly oneShot?: boolean;
  /**
   * Finish the whole front end before the first model call (with oneShot, the phonemizer is closed
   * before the model runs, so its memory is not part of the peak). For output that only counts when
   * complete (a whole file), where early first audio buys nothing. Default false (pipelined).
   */
  readonly frontEndFirst?: boolean;
}

/** Chosen by measurement (benchmarks/README.md, "Pipeline depth"). */
export const DEFAULT_PIPELINE_DEPTH = 4;

export interface EngineDeps {
  readonly phonemizer?: Phonemizer;
  readonly clock?: Clock;
  /** Called with warnings the caller may want to show (e.g. int32 speed). */
  readonly warn?: (message: string) => void;
}

export interface SynthesisRequest {
  readonly text: string;
  /** A voice name or blend (see parseVoiceSpec). */
  readonly voice: string;
  readonly speed: number;
  /**
   * Token limit of the first chunk (1..maxChunkTokens); undefined = maxChunkTokens. A stream uses a
   * short first chunk so its first audio comes early.
   */
  readonly firstChunkTokens?: number;
}

export interface AudioChunk {
  readonly index: number;
  /** No chunk follows this one. */
  readonly last: boolean;
  readonly phonemes: string;
  /** Token ids including the pad at each end (what the model was given). */
  readonly ids: readonly number[];
  /** Phoneme tokens, pads excluded. */
  readonly tokens: number;
  /** Symbols espeak produced for this chunk's sentences that the vocabulary lacks (dropped). */
  readonly dropped: readonly string[];
  /** Audio in [-1, 1], join-shaped; the caller owns it (it is not reused). */
  readonly samples: Float32Array;
  /** Time spent waiting for this chunk's front end (normalize, phonemize, tokenize, chunk), in ms. */
  readonly frontEndMs: number;
  readonly modelMs: number;
}

export interface CacheStats {
  readonly size: number;
  readonly capacity: number;
  readonly hits: number;
  readonly misses: number;
}

export interface Engine {
  readonly contract: ModelContract;
  readonly modelPath: string;
  readonly sessionCreateMs: number;
  /** Time the load-time warm-up took (0 when off), in ms. */
  readonly warmupMs: number;
  /**
   * Text -> audio, chunk by chunk, each yielded as soon as it exists. The front end is pipelined:
   * chunk 0 waits only for its own sentences; later sentences are phonemized while the model runs.
   * The chunks do not depend on the pipeline depth (ChunkPlanner gives exactly chunkPhonemes' cuts).
   */
  synthesize(req: SynthesisRequest): AsyncIterable<AudioChunk>;
  /** Text -> Kokoro phonemes, without synthesis. */
  phonemize(text: string, voice: string): Promise<string>;
  /** A voice or blend's pack (loaded once, then kept). */
  voicePack(spec: string): Promise<VoicePack>;
  /** Phoneme cache counters since the engine was created. */
  cacheStats(): CacheStats;
  /** One bare model call on padded ids: the raw-model reference for benchmarks. */
  runIds(ids: readonly number[], style: Float32Array, speed: number): Promise<Float32Array>;
  close(): Promise<void>;
}

export function checkSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new KokoroError('bad-speed', `speed ${speed} is out of range`, `use a speed from ${MIN_SPEED} to ${MAX_SPEED}`);
  }
}

function idsOf(phonemes: string): number[] {
  return [PAD_ID, ...tokenize(phonemes).ids, PAD_ID];
}

function nothingToSpeak(): KokoroError {
  return new KokoroError('bad-text', 'the text has nothing to speak (no phonemes)', 'give some words to speak');
}

class KokoroEngine implements Engine {
  warmupMs = 0;
  private readonly voices = new Map<string, VoicePack>();
  private readonly cache: LruCache<string>;
  private warnedSpeed = false;

  constructor(
    private readonly model: LoadedModel,
    private readonly opts: EngineOptions,
    private readonly phonemizer: Phonemizer,
    private readonly clock: Clock,
    private readonly warn: (m: string) => void,
  ) {
    this.cache = new LruCache<string>(opts.phonemeCacheSize);
  }

  cacheStats(): CacheStats {
    return { size: this.cache.size, capacity: this.cache.capacity, hits: this.cache.hits, misses: this.cache.misses };
  }

  /** Requests in flight, so a sentence asked for again before its phonemes arrive is not phonemized twice. */
  private readonly inflight = new Map<string, Promise<string>>();

  /** One sentence -> phonemes, through the cache (a request already in flight counts as a hit). */
  private sentencePhonemes(sentence: string, dialect: Dialect): Promise<string> {
    const key = `${dialect}\u0000${sentence}`;
    if (this.cache.capacity > 0) {
      const pending = this.inflight.get(key);
      if (pending) {
        this.cache.hits++;
        return pending;
      }
    }
    const hit = this.cache.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const p = this.phonemizer.phonemize(sentence, dialect).then((ps) => {
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

  get contract(): ModelContract {
    return this.model.contract;
  }
  get modelPath(): string {
    return this.model.path;
  }
  get sessionCreateMs(): number {
    return this.model.createMs;
  }

  voicePack(spec: string): Promise<VoicePack> {
    return this.voice(spec);
  }

  private async voice(spec: string): Promise<VoicePack> {
    const parsed = parseVoiceSpec(spec);
    const key = formatVoiceSpec(parsed);
    let pack = this.voices.get(key);
    if (!pack) {
      pack = await loadVoice(this.opts.voicesDir, parsed);
      this.voices.set(key, pack);
    }
    return pack;
  }

  async phonemize(text: string, voice: string): Promise<string> {
    const parsed = parseVoiceSpec(voice);
    const dialect = dialectOf(parsed[0]!.name);
    const sentences = splitSentences(normalize(text));
    const ps = await Promise.all(sentences.map((s) => this.sentencePhonemes(s, dialect)));
    return ps.join(' ');
  }

  /** Checks a request and splits its text into sentences (cheap, synchronous work). */
  private async prepare(req: SynthesisRequest): Promise<{ voice: VoicePack; dialect: Dialect; sentences: string[]; first: number }> {
    if (req.text.trim() === '') throw new KokoroError('bad-text', 'the text is empty', 'give some words to speak');
    checkSpeed(req.speed);
    const max = this.opts.maxChunkTokens;
    const first = req.firstChunkTokens ?? max;
    if (!Number.isInteger(first) || first < 1 || first > max) {
      throw new KokoroError('usage', `first chunk length ${first} is out of range`, `use 1 to the chunk length (${max})`);
    }
    const voice = await this.voice(req.voice);
    const dialect = dialectOf(parseVoiceSpec(req.voice)[0]!.name);
    return { voice, dialect, sentences: splitSentences(normalize(req.text)), first };
  }

  async *synthesize(req: SynthesisRequest): AsyncIterable<AudioChunk> {
    let t0 = this.clock();
    const { voice, dialect, sentences, first } = await this.prepare(req);
    const n = sentences.length;
    // One text per engine: every sentence goes to the phonemizer at once, so its worker is done (and
    // closed) within the first model call instead of living, and holding its memory, to the end.
    const depth = this.opts.oneShot ? n : this.opts.pipelineDepth ?? DEFAULT_PIPELINE_DEPTH;
    const pending: (Promise<string> | undefined)[] = [];
    let next = 0; // the next sentence to take from `pending`
    /** Hands sentences next .. next+ahead-1 to the phonemizer (which works in its own thread). */
    const request = (ahead: number): void => {
      for (let j = next; j < Math.min(n, next + ahead); j++) {
        if (pending[j]) continue;
        const p = this.sentencePhonemes(sentences[j]!, dialect);
        p.catch(() => undefined); // awaited later; an early failure must not be an unhandled rejection
        pending[j] = p;
      }
    };
    if (this.opts.frontEndFirst) {
      request(n);
      await Promise.all(pending);
      if (this.opts.oneShot) await this.phonemizer.close();
    }
    const planner = new ChunkPlanner(this.opts.maxChunkTokens, first);
    const ready: string[] = [];
    let dropped: string[] = [];
    for (let index = 0; ; index++) {
      while (ready.length === 0 && next < n) {
        request(Math.max(1, depth));
        const ps = await pending[next]!;
        pending[next++] = undefined;
        dropped.push(...tokenize(ps).dropped);
        ready.push(...planner.push(keepKnown(ps)));
        if (next === n) {
          ready.push(...planner.finish());
          if (this.opts.oneShot && !this.opts.frontEndFirst) await this.phonemizer.close();
        }
      }
      const phonemes = ready.shift();
      if (phonemes === undefined) {
        if (index === 0) throw nothingToSpeak();
        return;
      }
      request(depth); // the next chunk's front end overlaps this model call
      const frontEndMs = this.clock() - t0;
      const ids = idsOf(phonemes);
      const tokens = ids.length - 2;
      const m0 = this.clock();
      const raw = await this.runIds(ids, styleRow(voice, tokens), req.speed);
      const modelMs = this.clock() - m0;
      // A chunk follows if one is planned or sentences remain. (Remaining sentences that turn out to
      // hold no phonemes would make this a wrong guess, which only fades the last 5 ms.)
      const last = ready.length === 0 && next === n;
      // The model's output buffer is ours: shape it in place instead of copying.
      const samples = softLimit(shapeJoin(raw, index > 0, !last));
      const chunkDropped = dropped;
      dropped = [];
      yield { index, last, phonemes, ids, tokens, dropped: chunkDropped, samples, frontEndMs, modelMs };
      t0 = this.clock();
    }
  }

  /** Load-time warm-up: starts the phonemizer and makes the first (slow) model run on a short input. */
  async warmUp(): Promise<number> {
    const t0 = this.clock();
    const ids = idsOf(keepKnown('həlˈO.'));
    const phon = this.phonemizer.phonemize('Hello.', 'en-us');
    phon.catch(() => undefined);
    await this.runIds(ids, new Float32Array(STYLE_DIM), 1);
    await phon;
    return this.clock() - t0;
  }

  runIds(ids: readonly number[], style: Float32Array, speed: number): Promise<Float32Array> {
    if (ids.length - 2 > MAX_TOKENS) {
      throw new KokoroError('bad-text', `a model call got ${ids.length - 2} tokens; the limit is ${MAX_TOKENS}`, undefined, ExitCode.Failure);
    }
    if (this.model.contract.speedType !== 'float32' && !Number.isInteger(speed) && !this.warnedSpeed) {
      this.warnedSpeed = true;
      this.warn(`this model takes speed as ${this.model.contract.speedType}; speed ${speed} is rounded to ${Math.round(speed)}`);
    }
    return runModel(this.model, ids, style, speed);
  }

  async close(): Promise<void> {
    await this.phonemizer.close();
    await this.model.session.release();
  }
}

export async function createEngine(opts: EngineOptions, deps: EngineDeps = {}): Promise<Engine> {
  const phonemizer = deps.phonemizer ?? new EspeakPhonemizer();
  // The espeak worker starts on first use, not alongside the session: on 2 cores, compiling its
  // WASM while the session loads delayed "session ready" by ~300 ms (0.67 -> 0.99 s) and the first
  // audio by more than starting it afterwards costs (~0.18 s). See benchmarks/startup.ts.
  let model: LoadedModel;
  try {
    model = await loadModel(opts.modelPath, opts.session);
  } catch (e) {
    await phonemizer.close();
    throw e;
  }
  const engine = new KokoroEngine(model, opts, phonemizer, deps.clock ?? hrClock, deps.warn ?? (() => undefined));
  if (opts.warmup) {
    try {
      engine.warmupMs = await engine.warmUp();
    } catch (e) {
      await engine.close();
      throw e;
    }
  }
  return engine;
}
