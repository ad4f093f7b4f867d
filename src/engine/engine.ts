import { MAX_SPEED, MAX_TOKENS, MIN_SPEED, PAD_ID, SAMPLE_RATE, STYLE_DIM } from '../spec';
import { shapeJoin, softLimit, spliceSilence, type SilenceInsert } from '../audio/pcm';
import { KokoroError } from '../util/errors';
import { hrClock, type Clock } from '../util/clock';
import type { FrontEnd, TokenSpan } from '../text/frontend';
import { frontEndForVoice } from '../text/lang/registry';
import { DEFAULT_G2P, withG2p, type G2p } from '../text/lang/g2p';
import { EspeakPool, type EspeakService } from '../text/phonemize';
import { keepKnown, tokenize } from '../text/vocab';
import type { ModelContract } from './session';
import type { CacheOutcome, RewriteRecord } from './optimized-model';
import type { RewriteSetting } from './graph-rewrites';
import type { SessionSettings } from './settings';
import { Synthesizer, type ModelRunner, type Synthesis } from './synthesizer';
import { PhonemeStore, type CacheStats, type Phonemes } from './phoneme-store';
import { DEFAULT_PIPELINE_DEPTH, type Schedule } from './schedule';
import { ChunkFeed, type FedChunk, type FeedSentence } from './chunk-feed';
import { pauseInserts, shiftStarts, tokenStarts, type PauseTargets } from './timings';
import { planText, type Plan } from './text-plan';
import { EMPTY_LEXICON, type Lexicon } from '../text/lexicon';
import type { InputKind } from '../text/markup';
import { trimAtBreaks } from './break-trim';
import { loadVoice, styleRow, type VoicePack } from './voices';
import { formatVoiceSpec, parseVoiceSpec } from './voice-spec';

export interface EngineOptions {
  readonly modelPath: string;
  readonly voicesDir: string;
  readonly session: SessionSettings;
  /** Most phoneme tokens per model call (1..510). */
  readonly maxChunkTokens: number;
  /** Sentences whose phonemes are kept (LRU, keyed by language and text); 0 turns the cache off. */
  readonly phonemeCacheSize: number;
  /** Look-ahead of the default 'pipelined' schedule (requests that name none). */
  readonly pipelineDepth: number;
  /** Run one tiny synthesis when the engine loads (first model run and phonemizer start), off the first request. */
  readonly warmup: boolean;
  /** English phonemizer: misaki (lexicons and rules, espeak for unknown words) or espeak. */
  readonly g2p: G2p;
  /** An installed onnxruntime (`kokoro-ts runtime install`) to run the sessions on; null = the bundled onnxruntime-node. */
  readonly runtimeDir: string | null;
  /** Folder of onnxruntime's optimized model copies (optimized-model.ts); null = optimize at every load. */
  readonly modelCacheDir: string | null;
  /** The graph rewrites a saved copy holds (graph-rewrites.ts); auto = measured on this CPU. Only with a cache folder. */
  readonly rewrites: RewriteSetting;
  /** The user's words -> phonemes, applied before the G2P (text/lexicon.ts). */
  readonly lexicon: Lexicon;
}

/**
 * An engine with nothing configured but its model, voices, session and chunking: the default
 * pipeline and phonemizer, the bundled onnxruntime, no optimized-model cache, no user lexicon. Tests
 * and benchmarks spread it; the commands resolve every field from the settings (cli/engine-settings.ts).
 */
export const PLAIN_ENGINE = {
  pipelineDepth: DEFAULT_PIPELINE_DEPTH, warmup: false, g2p: DEFAULT_G2P, runtimeDir: null, modelCacheDir: null, rewrites: 'auto', lexicon: EMPTY_LEXICON,
} as const satisfies Partial<EngineOptions>;

export interface EngineDeps {
  readonly espeak?: EspeakService;
  /**
   * Where sentences get their phonemes; default: a store of the engine's own (phoneme cache of
   * opts.phonemeCacheSize, espeak from `espeak`). An engine-host worker asks the host's shared store.
   */
  readonly phonemes?: Phonemes;
  readonly clock?: Clock;
  /** Called with warnings the caller may want to show (e.g. int32 speed). */
  readonly warn?: (message: string) => void;
  /**
   * Where the model calls run; default: one session in this thread. The engine host's parallel
   * runner puts several sessions in worker threads (parallel sessions for one text).
   */
  readonly runner?: (opts: EngineOptions) => Promise<ModelRunner>;
}

export interface SynthesisRequest {
  readonly text: string;
  /** A voice name or blend (see parseVoiceSpec). */
  readonly voice: string;
  readonly speed: number;
  /** Token limit of the first chunk (1..maxChunkTokens); undefined = maxChunkTokens. A stream uses a short one. */
  readonly firstChunkTokens?: number;
  /** How the front end runs against the model; default: pipelined with the engine's depth. */
  readonly schedule?: Schedule;
  /**
   * Silence wanted after sentence and clause punctuation, topped up from the gap the model leaves
   * (placed with the model's durations; a model without them keeps its own gaps). Default: none.
   */
  readonly pauses?: PauseTargets;
  /** The language to read the text as (a letter or tag, see languageLetter); default: the voice's. */
  readonly lang?: string;
  /** The text's syntax: text with inline markup (SSML if it starts with <speak>, the default), SSML, or Kokoro phonemes. */
  readonly input?: InputKind;
}

/** What `phonemize` reads: the request's text and how to read it. */
export type PhonemizeRequest = Pick<SynthesisRequest, 'text' | 'voice' | 'lang' | 'input'>;

export interface AudioChunk {
  readonly index: number;
  /** No chunk follows this one. */
  readonly last: boolean;
  readonly phonemes: string;
  /** The voice (name or blend) that speaks this chunk: the request's, or one its markup switched to. */
  readonly voice: string;
  /** Words of this chunk's sentences the user lexicon said. */
  readonly lexiconHits: number;
  /** Token ids including the pad at each end (what the model was given). */
  readonly ids: readonly number[];
  /** Phoneme tokens, pads excluded. */
  readonly tokens: number;
  /** Which span of the request's text each run of tokens speaks (token indices exclude the pads). */
  readonly spans: readonly TokenSpan[];
  /** Frames (600 samples) per id, pads included, when the model exports durations; else null. */
  readonly durations: Int32Array | null;
  /**
   * With durations: the sample in `samples` where each id starts (ids.length + 1 values, the last the
   * end of the end pad), counting any silence inserted for pauses; else null.
   */
  readonly tokenStarts: Int32Array | null;
  /** Symbols espeak produced for this chunk's sentences that the vocabulary lacks (dropped). */
  readonly dropped: readonly string[];
  /** Audio in [-1, 1], join-shaped; the caller owns it (it is not reused). */
  readonly samples: Float32Array;
  /** Time spent waiting for this chunk's front end (normalize, phonemize, tokenize, chunk), in ms. */
  readonly frontEndMs: number;
  readonly modelMs: number;
}

export type { CacheStats } from './phoneme-store';

export interface Engine {
  readonly contract: ModelContract;
  readonly modelPath: string;
  readonly sessionCreateMs: number;
  /** Whether the session came from onnxruntime's saved optimized copy of the model (undefined: worker sessions). */
  readonly optimizedCache: CacheOutcome | undefined;
  /** The graph rewrites the session holds and how they were chosen (null: the file as it is; undefined: worker sessions). */
  readonly rewrites: RewriteRecord | null | undefined;
  /** Time the load-time warm-up took (0 when off), in ms. */
  readonly warmupMs: number;
  /** Text -> audio, chunk by chunk, each yielded as soon as it exists (see Schedule). */
  synthesize(req: SynthesisRequest): AsyncIterable<AudioChunk>;
  /** Text -> Kokoro phonemes (with its markup, lexicon, SSML), without synthesis; and the lexicon's hits. */
  phonemize(req: PhonemizeRequest): Promise<{ phonemes: string; lexiconHits: number }>;
  /** A voice or blend's pack (loaded once, then kept). */
  voicePack(spec: string): Promise<VoicePack>;
  /** Phoneme cache counters since the engine was created. */
  cacheStats(): CacheStats;
  /** Model calls that may run at once (1, or --sessions N worker sessions). */
  readonly sessions: number;
  /** One bare model call on padded ids: the raw-model reference for benchmarks. */
  runIds(ids: readonly number[], style: Float32Array, speed: number): Promise<Synthesis>;
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

/** A request, checked, with its text cut into tracked sentences (cheap, synchronous work). */
interface Prepared {
  /** Every voice the text is spoken with, loaded (so an unknown one fails before any audio). */
  readonly packs: ReadonlyMap<string, VoicePack>;
  readonly sentences: FeedSentence[];
  /** Silence before the first chunk (a break at the very start), seconds. */
  readonly leadingS: number;
  readonly first: number;
  readonly schedule: Schedule;
}

class KokoroEngine implements Engine {
  warmupMs = 0;
  private readonly voices = new Map<string, VoicePack>();

  constructor(
    private readonly synth: ModelRunner,
    private readonly opts: EngineOptions,
    private readonly store: Phonemes,
    private readonly clock: Clock,
  ) {}

  cacheStats(): CacheStats {
    return this.store.stats();
  }
  get contract(): ModelContract {
    return this.synth.contract;
  }
  get modelPath(): string {
    return this.synth.path;
  }
  get sessionCreateMs(): number {
    return this.synth.createMs;
  }
  get optimizedCache(): CacheOutcome | undefined {
    return this.synth.optimizedCache;
  }
  get rewrites(): RewriteRecord | null | undefined {
    return this.synth.rewrites;
  }
  get sessions(): number {
    return this.synth.parallelism;
  }

  async voicePack(spec: string): Promise<VoicePack> {
    const parsed = parseVoiceSpec(spec);
    const key = formatVoiceSpec(parsed);
    let pack = this.voices.get(key);
    if (!pack) {
      pack = await loadVoice(this.opts.voicesDir, parsed);
      this.voices.set(key, pack);
    }
    return pack;
  }

  private plan(req: PhonemizeRequest & { speed?: number }): Plan {
    return planText(req.text, { voice: req.voice, speed: req.speed ?? 1, lang: req.lang, g2p: this.opts.g2p, lexicon: this.opts.lexicon, input: req.input });
  }

  async phonemize(req: PhonemizeRequest): Promise<{ phonemes: string; lexiconHits: number }> {
    const { sentences } = this.plan(req);
    const feed = new ChunkFeed(this.store, sentences, { kind: 'front-end-first' }, MAX_TOKENS, MAX_TOKENS);
    const all = await Promise.all(sentences.map((s) => feed.phonemesOf(s)));
    return { phonemes: all.map((p) => p.phonemes.text).join(' '), lexiconHits: sentences.reduce((n, s) => n + s.lexiconHits, 0) };
  }

  private async prepare(req: SynthesisRequest): Promise<Prepared> {
    if (req.text.trim() === '') throw new KokoroError('bad-text', 'the text is empty', 'give some words to speak');
    checkSpeed(req.speed);
    const max = this.opts.maxChunkTokens;
    const first = req.firstChunkTokens ?? max;
    if (!Number.isInteger(first) || first < 1 || first > max) {
      throw new KokoroError('usage', `first chunk length ${first} is out of range`, `use 1 to the chunk length (${max})`);
    }
    const { sentences, leadingS, voices } = this.plan(req);
    const packs = new Map<string, VoicePack>();
    for (const v of voices) packs.set(v, await this.voicePack(v));
    const schedule = req.schedule ?? { kind: 'pipelined', depth: this.opts.pipelineDepth };
    return { packs, sentences, leadingS, first, schedule };
  }

  async *synthesize(req: SynthesisRequest): AsyncIterable<AudioChunk> {
    let t0 = this.clock();
    const p = await this.prepare(req);
    const feed = new ChunkFeed(this.store, p.sentences, p.schedule, this.opts.maxChunkTokens, p.first);
    await feed.start();
    // With several sessions (worker threads), that many chunks are in the model at once; they are
    // shaped and yielded in order. One session: take a chunk, run it, yield it, take the next.
    const window = Math.max(1, this.synth.parallelism);
    const running: { chunk: FedChunk; ids: number[]; frontEndMs: number; m0: number; out: Promise<Synthesis> }[] = [];
    let taken = false; // the feed has no chunk left
    let owed = 0; // samples of pause the last chunk's final punctuation still wants
    let afterBreak = false; // an inline break ended the chunk before this one
    for (let index = 0; ; index++) {
      while (!taken && running.length < window) {
        const chunk = await feed.take();
        if (chunk === undefined) {
          taken = true;
          break;
        }
        feed.requestAhead(); // the next chunk's front end overlaps this model call
        const frontEndMs = this.clock() - t0;
        const ids = idsOf(chunk.phonemes);
        const m0 = this.clock();
        const out = this.synth.run(ids, styleRow(p.packs.get(chunk.voice)!, ids.length - 2), chunk.speed);
        out.catch(() => undefined); // awaited in order below; a later chunk's failure must not go unhandled meanwhile
        running.push({ chunk, ids, frontEndMs, m0, out });
        t0 = this.clock();
      }
      const cur = running.shift();
      if (cur === undefined) {
        if (index === 0) throw nothingToSpeak();
        return;
      }
      const { chunk, ids, frontEndMs, m0 } = cur;
      const out = await cur.out;
      const modelMs = this.clock() - m0;
      const last = running.length === 0 && (taken || feed.exhausted);
      // The model's output buffer is ours: shape it in place instead of copying.
      const shaped = softLimit(shapeJoin(out.samples, index > 0, !last));
      const paused = withPauses(shaped, out.durations, chunk, req.pauses, index === 0 ? p.leadingS : 0, owed, index === 0 ? p.leadingS > 0 : afterBreak);
      owed = paused.owed;
      afterBreak = chunk.breakAfterS !== null;
      const { samples, tokenStarts } = paused;
      const { phonemes, spans, dropped, voice, lexiconHits } = chunk;
      yield { index, last, phonemes, voice, lexiconHits, ids, tokens: ids.length - 2, spans, durations: out.durations, tokenStarts, dropped, samples, frontEndMs, modelMs };
      t0 = this.clock();
    }
  }

  /** Load-time warm-up: starts the phonemizer and makes the first (slow) model run on a short input. */
  async warmUp(frontEnd: FrontEnd): Promise<number> {
    const t0 = this.clock();
    const ids = idsOf(keepKnown('həlˈO.'));
    const phon = this.store.get(frontEnd, frontEnd.warmupText);
    phon.catch(() => undefined);
    await this.synth.run(ids, new Float32Array(STYLE_DIM), 1);
    await phon;
    return this.clock() - t0;
  }

  runIds(ids: readonly number[], style: Float32Array, speed: number): Promise<Synthesis> {
    return this.synth.run(ids, style, speed);
  }

  async close(): Promise<void> {
    await this.store.release();
    await this.synth.release();
  }
}

/**
 * A chunk's audio with its pauses, and where each token now starts: topped-up silence after sentence
 * and clause punctuation inside it (placed with the model's durations); for punctuation that ends the
 * chunk, the top-up is owed to the next chunk, whose start pad is silence too (known once that chunk
 * is made), so the gap between chunks is not doubled; the exact silence of an inline break after the
 * chunk (which replaces any top-up there); and leading silence (a break at the very start).
 *
 * At an inline break the silence asked for is all the silence there is: the chunk before it loses
 * the model's own tail (its final punctuation and end pad) and the chunk after it the model's
 * lead-in (start pad, opening punctuation), so "[pause:1.5]" leaves 1.5 s between the last sound
 * and the next (the model's tail and lead-in had added ~0.8 s on the real model). See trimAtBreaks.
 */
function withPauses(
  raw: Float32Array,
  durations: Int32Array | null,
  chunk: FedChunk,
  targets: PauseTargets | undefined,
  leadingS: number,
  owedBefore: number,
  breakBefore: boolean,
): { samples: Float32Array; tokenStarts: Int32Array | null; owed: number } {
  const breakAfter = chunk.breakAfterS !== null;
  const rawStarts = durations ? tokenStarts(durations, raw.length) : null;
  const { samples, starts } = trimAtBreaks(raw, rawStarts, chunk.phonemes, breakBefore, breakAfter);
  const all: SilenceInsert[] = starts && targets ? pauseInserts(chunk.phonemes, starts, targets) : [];
  const endPad = starts ? starts[starts.length - 2]! : samples.length;
  const inserts = all.filter((i) => i.at < endPad);
  let owed = all.filter((i) => i.at >= endPad).reduce((n, i) => n + i.length, 0);
  const startPad = starts && !breakBefore ? starts[1]! - starts[0]! : 0;
  const lead = Math.round(leadingS * SAMPLE_RATE) + Math.max(0, owedBefore - startPad);
  if (lead > 0) inserts.unshift({ at: 0, length: lead });
  if (breakAfter) {
    owed = 0;
    inserts.push({ at: samples.length, length: Math.round(chunk.breakAfterS! * SAMPLE_RATE) });
  }
  return { samples: spliceSilence(samples, inserts), tokenStarts: starts ? shiftStarts(starts, inserts) : null, owed };
}

export async function createEngine(opts: EngineOptions, deps: EngineDeps = {}): Promise<Engine> {
  const phonemes = deps.phonemes ?? new PhonemeStore(opts.phonemeCacheSize, deps.espeak ?? new EspeakPool());
  // The espeak worker starts on first use, not alongside the session: on 2 cores, compiling its
  // WASM while the session loads delayed "session ready" by ~300 ms (0.67 -> 0.99 s) and the first
  // audio by more than starting it afterwards costs (~0.18 s). See benchmarks/startup.ts.
  let synth: ModelRunner;
  try {
    synth = deps.runner ? await deps.runner(opts) : await Synthesizer.load(opts.modelPath, opts.session, deps.warn, opts.runtimeDir, { dir: opts.modelCacheDir, rewrites: opts.rewrites });
  } catch (e) {
    await phonemes.release();
    throw e;
  }
  const engine = new KokoroEngine(synth, opts, phonemes, deps.clock ?? hrClock);
  if (opts.warmup) {
    try {
      engine.warmupMs = await engine.warmUp(withG2p(frontEndForVoice('a'), opts.g2p));
    } catch (e) {
      await engine.close();
      throw e;
    }
  }
  return engine;
}
