import { MAX_SPEED, MAX_TOKENS, MIN_SPEED, PAD_ID } from '../spec';
import { shapeJoin } from '../audio/pcm';
import { ExitCode, KokoroError } from '../util/errors';
import { hrClock, type Clock } from '../util/clock';
import { normalize } from '../text/normalize';
import { splitSentences } from '../text/punctuation';
import { EspeakPhonemizer, type Dialect, type Phonemizer } from '../text/phonemize';
import { keepKnown, tokenize } from '../text/vocab';
import { chunkPhonemes } from '../text/chunk';
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
}

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
}

/** A planned model call: its phonemes and padded ids. */
export interface PlannedChunk {
  readonly phonemes: string;
  /** Token ids including the pad at each end. */
  readonly ids: number[];
}

export interface ChunkPlan {
  readonly voice: VoicePack;
  readonly dialect: Dialect;
  readonly normalized: string;
  readonly chunks: PlannedChunk[];
  /** Symbols espeak produced that the vocabulary lacks (dropped). */
  readonly dropped: string[];
  readonly frontEndMs: number;
}

export interface AudioChunk {
  readonly index: number;
  readonly count: number;
  readonly phonemes: string;
  /** Phoneme tokens, pads excluded. */
  readonly tokens: number;
  readonly samples: Float32Array;
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
  /** Text -> chunk plan (normalize, phonemize, tokenize, chunk). */
  plan(req: SynthesisRequest): Promise<ChunkPlan>;
  /** Runs a plan, yielding each chunk's audio as soon as it exists. */
  render(plan: ChunkPlan, speed: number): AsyncIterable<AudioChunk>;
  /** plan + render. */
  synthesize(req: SynthesisRequest): AsyncIterable<AudioChunk>;
  /** Text -> Kokoro phonemes, without synthesis. */
  phonemize(text: string, voice: string): Promise<string>;
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

class KokoroEngine implements Engine {
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

  /** One sentence -> phonemes, through the cache. */
  private async sentencePhonemes(sentence: string, dialect: Dialect): Promise<string> {
    const key = `${dialect}\u0000${sentence}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const ps = await this.phonemizer.phonemize(sentence, dialect);
    this.cache.set(key, ps);
    return ps;
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

  async plan(req: SynthesisRequest): Promise<ChunkPlan> {
    if (req.text.trim() === '') throw new KokoroError('bad-text', 'the text is empty', 'give some words to speak');
    checkSpeed(req.speed);
    const t0 = this.clock();
    const voice = await this.voice(req.voice);
    const dialect = dialectOf(parseVoiceSpec(req.voice)[0]!.name);
    const normalized = normalize(req.text);
    const sentences = await Promise.all(splitSentences(normalized).map((s) => this.sentencePhonemes(s, dialect)));
    const dropped: string[] = [];
    const known = sentences.map((s) => {
      dropped.push(...tokenize(s).dropped);
      return keepKnown(s);
    });
    const chunks = chunkPhonemes(known, this.opts.maxChunkTokens).map((phonemes) => ({
      phonemes,
      ids: [PAD_ID, ...tokenize(phonemes).ids, PAD_ID],
    }));
    if (chunks.length === 0 || chunks.every((c) => c.ids.length <= 2)) {
      throw new KokoroError('bad-text', 'the text has nothing to speak (no phonemes)', 'give some words to speak');
    }
    return { voice, dialect, normalized, chunks, dropped, frontEndMs: this.clock() - t0 };
  }

  async *render(plan: ChunkPlan, speed: number): AsyncIterable<AudioChunk> {
    checkSpeed(speed);
    const count = plan.chunks.length;
    for (let index = 0; index < count; index++) {
      const chunk = plan.chunks[index]!;
      const tokens = chunk.ids.length - 2;
      const t0 = this.clock();
      const raw = await this.runIds(chunk.ids, styleRow(plan.voice, tokens), speed);
      const modelMs = this.clock() - t0;
      const samples = shapeJoin(Float32Array.from(raw), index > 0, index < count - 1);
      yield { index, count, phonemes: chunk.phonemes, tokens, samples, modelMs };
    }
  }

  async *synthesize(req: SynthesisRequest): AsyncIterable<AudioChunk> {
    const plan = await this.plan(req);
    yield* this.render(plan, req.speed);
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
  return new KokoroEngine(model, opts, phonemizer, deps.clock ?? hrClock, deps.warn ?? (() => undefined));
}
