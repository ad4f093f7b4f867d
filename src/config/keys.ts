import { delimiter } from 'node:path';
import { MAX_SPEED, MIN_SPEED } from '../spec';
import { parseVoiceSpec } from '../engine/voice-spec';
import { DEFAULT_PIPELINE_DEPTH } from '../engine/schedule';
import { DEFAULT_G2P, G2PS } from '../text/lang/g2p';
import { parseRewrites, rewriteName } from '../engine/graph-rewrites';
import { InvalidValue } from '../util/errors';
import { parseNumber } from '../util/numbers';

/**
 * Every setting kokoro-ts reads, declared once: its environment variable, its flag, its default and
 * how a raw value (a JSON value from override.json, or a string from the environment or a flag)
 * becomes a typed one. The defaults, the flag table and the engine commands' options are derived
 * from it. A parser returns the value or throws InvalidValue saying what is wrong with it.
 */
export interface KeySpec<T> {
  readonly env: string;
  /** The long flag (`--threads`); commander gives it as the camelCase option (`threads`). */
  readonly flag?: string;
  readonly help: string;
  /** The JSON type override.json must use (env and flags are text and are parsed). */
  readonly json: 'number' | 'boolean' | 'string' | 'string|null';
  /** A secret (an API key): never printed, only whether it is set. */
  readonly secret?: boolean;
  readonly default: T;
  /** How the engine commands (synth, bench, book, serve) take the flag: see addEngineFlags. */
  readonly option?: FlagOption;
  parse(raw: unknown): T;
}

export interface FlagOption {
  readonly short?: string;
  /** `<n>`, `<path>`...; none: a boolean flag. */
  readonly arg?: string;
  readonly help: string;
  /** A boolean flag's --no- form, with its help. */
  readonly off?: string;
  /** The flag may be given several times; its values are joined as in PATH. */
  readonly repeat?: true;
}

const intIn = (min: number, max: number) => (raw: unknown): number => parseNumber(raw, { whole: true, min, max });
const seconds = (max: number) => (raw: unknown): number => parseNumber(raw, { of: 'seconds', min: 0, max });
const speed = (raw: unknown): number => parseNumber(raw, { min: MIN_SPEED, max: MAX_SPEED });

/** A parser of another module whose errors (any Error) say what is wrong: their message becomes the reason. */
function reasonOf(e: unknown): InvalidValue {
  return e instanceof InvalidValue ? e : new InvalidValue(e instanceof Error ? e.message : String(e));
}

function oneOf<T extends string>(values: readonly T[]): (raw: unknown) => T {
  return (raw) => {
    if (typeof raw !== 'string' || !values.includes(raw as T)) throw new InvalidValue(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
}

function bool(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new InvalidValue('must be true or false');
}

function path(raw: unknown): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidValue('must be a non-empty path');
  return raw;
}

/** Files separated as in PATH (':' on POSIX); a flag given several times is joined the same way. */
function pathList(raw: unknown): readonly string[] {
  if (raw === null) return [];
  const paths = typeof raw === 'string' ? raw.split(delimiter).map((p) => p.trim()) : [];
  if (paths.length === 0 || paths.includes('')) throw new InvalidValue(`must be file paths separated by ${JSON.stringify(delimiter)}, none empty`);
  return paths;
}

/** auto | bundled | the folder of an installed runtime. */
function runtime(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidValue('must be auto, bundled or the folder of an installed runtime');
  return raw;
}

/** auto | off | a folder. */
function cacheFolder(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidValue('must be auto, off or a folder');
  return raw;
}

/** auto | none | conv2d and/or tiles[:FRAMES]; kept in its canonical form. */
function rewrites(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidValue('must be auto, none, or conv2d and/or tiles[:FRAMES] joined by +');
  try {
    const r = parseRewrites(raw);
    return r === 'auto' ? r : rewriteName(r);
  } catch (e) {
    throw reasonOf(e);
  }
}

function host(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9.:_-]+$/.test(raw.trim())) throw new InvalidValue('must be a host name or an IP address, e.g. 127.0.0.1');
  return raw.trim();
}

/** The Wyoming port when an address names none (Home Assistant's convention for TTS). */
export const WYOMING_PORT = 10200;

/** tcp://HOST[:PORT] (an IPv6 host in brackets) -> host and port; null when it is not one. */
export function wyomingAddress(uri: string): { host: string; port: number } | null {
  const m = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?\/?$/.exec(uri.trim());
  if (!m) return null;
  const port = m[2] === undefined ? WYOMING_PORT : Number(m[2]);
  if (port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** null (no Wyoming listener) | tcp://HOST[:PORT], kept as given. */
function wyoming(raw: unknown): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string' || wyomingAddress(raw) === null) throw new InvalidValue(`must be tcp://HOST[:PORT], e.g. tcp://127.0.0.1:${WYOMING_PORT} (port ${WYOMING_PORT} when none is given)`);
  return raw.trim();
}

function secret(raw: unknown): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string' || raw.trim() === '' || /\s/.test(raw)) throw new InvalidValue('must be a non-empty string without spaces');
  return raw;
}

function voice(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidValue('must be a voice name or blend');
  try {
    parseVoiceSpec(raw);
  } catch (e) {
    throw reasonOf(e);
  }
  return raw;
}

export const KEYS = {
  'session.intraOpNumThreads': { json: 'number', env: 'KOKORO_INTRA_OP_THREADS', flag: '--threads', help: 'threads inside one operator (0 = ONNX Runtime decides)', parse: intIn(0, 1024), default: 0, option: { arg: '<n>', help: 'ONNX Runtime intra-op threads (default: one per physical core)' } },
  'session.interOpNumThreads': { json: 'number', env: 'KOKORO_INTER_OP_THREADS', flag: '--inter-op', help: 'threads across operators (parallel mode)', parse: intIn(0, 1024), default: 1, option: { arg: '<n>', help: 'ONNX Runtime inter-op threads (parallel execution mode)' } },
  'session.executionMode': { json: 'string', env: 'KOKORO_EXECUTION_MODE', help: 'sequential | parallel', parse: oneOf(['sequential', 'parallel'] as const), default: 'sequential' },
  'session.graphOptimizationLevel': { json: 'string', env: 'KOKORO_GRAPH_OPTIMIZATION', help: 'disabled | basic | extended | all', parse: oneOf(['disabled', 'basic', 'extended', 'all'] as const), default: 'all' },
  'session.enableCpuMemArena': { json: 'boolean', env: 'KOKORO_CPU_MEM_ARENA', help: 'ONNX Runtime CPU memory arena', parse: bool, default: true },
  'session.enableMemPattern': { json: 'boolean', env: 'KOKORO_MEM_PATTERN', help: 'ONNX Runtime memory pattern planning', parse: bool, default: false }, // benchmarks/README.md, "Memory": with dynamic shapes it grows RSS with every new chunk length
  voice: { json: 'string', env: 'KOKORO_VOICE', flag: '--voice', help: 'default voice or blend', parse: voice, default: 'af_heart', option: { short: '-v', arg: '<voice>', help: 'voice name or blend, e.g. af_nicole or af_bella:0.6,af_nicole:0.4 (default af_heart)' } },
  model: { json: 'string|null', env: 'KOKORO_MODEL', flag: '--model', help: 'model file (null = search models/)', parse: path, default: null, option: { short: '-m', arg: '<path>', help: 'Kokoro ONNX model file (default: models/model.onnx)' } },
  voicesDir: { json: 'string|null', env: 'KOKORO_VOICES_DIR', flag: '--voices-dir', help: 'voice pack folder (null = voices/)', parse: path, default: null, option: { arg: '<dir>', help: 'folder of voice packs NAME.bin (default: voices/)' } },
  speed: { json: 'number', env: 'KOKORO_SPEED', flag: '--speed', help: `speaking speed ${MIN_SPEED}-${MAX_SPEED}`, parse: speed, default: 1, option: { short: '-s', arg: '<n>', help: 'speaking speed, 0.5 to 2.0 (default 1)' } },
  g2p: { json: 'string', env: 'KOKORO_G2P', flag: '--g2p', help: 'English phonemizer: misaki (Kokoro\'s own lexicons and rules, espeak for unknown words; the default) | espeak', parse: oneOf(G2PS), default: DEFAULT_G2P, option: { arg: '<name>', help: 'English phonemizer: misaki (the default: Kokoro\'s own lexicons and rules, espeak for unknown words) or espeak' } },
  lexicon: { json: 'string|null', env: 'KOKORO_LEXICON', flag: '--lexicon', help: `user lexicon files (JSON or TSV: word -> Kokoro phonemes, per language), applied before the G2P; several separated by "${delimiter}" (the flag may be repeated)`, parse: pathList, default: [], option: { arg: '<file>', repeat: true, help: 'a user lexicon (JSON or TSV: word -> Kokoro phonemes, per language), applied before the G2P; repeat for more (later files win)' } },
  phonemeCacheSize: { json: 'number', env: 'KOKORO_PHONEME_CACHE', help: 'sentences kept in the phoneme cache (0 = off)', parse: intIn(0, 1_000_000), default: 256 },
  maxChunkTokens: { json: 'number', env: 'KOKORO_CHUNK_TOKENS', flag: '--chunk-tokens', help: 'most phoneme tokens per model call (text is cut at sentences, then clauses, then words)', parse: intIn(1, 510), default: 200, option: { arg: '<n>', help: 'most phoneme tokens per model call, 1-510 (default 200)' } }, // benchmarks/README.md, "Chunk length"
  firstChunkTokens: { json: 'number', env: 'KOKORO_FIRST_CHUNK_TOKENS', flag: '--first-chunk-tokens', help: 'most tokens in the first chunk of a stream, so audio starts early (capped at the chunk length)', parse: intIn(1, 510), default: 64 },
  pipelineDepth: { json: 'number', env: 'KOKORO_PIPELINE_DEPTH', flag: '--pipeline-depth', help: 'sentences phonemized ahead while the model runs (0 = in turn)', parse: intIn(0, 64), default: DEFAULT_PIPELINE_DEPTH, option: { arg: '<n>', help: 'sentences phonemized ahead while the model runs, 0-64 (default 4; a single synth phonemizes its whole text at once)' } },
  engineWarmup: { json: 'boolean', env: 'KOKORO_ENGINE_WARMUP', flag: '--engine-warmup', help: 'run a tiny synthesis when the engine loads', parse: bool, default: false, option: { help: 'run a tiny synthesis when the model loads', off: 'no load-time warm-up (the default)' } },
  // The shortest tenth of the gaps the model itself leaves (benchmarks/README.md, "Pauses"): only gaps
  // shorter than the model usually makes are lengthened; needs a model with durations.
  sentencePause: { json: 'number', env: 'KOKORO_SENTENCE_PAUSE', flag: '--sentence-pause', help: 'silence after . ! ? (seconds; the model\'s own gap is topped up to it; needs a model with durations)', parse: seconds(10), default: 0.15, option: { arg: '<s>', help: 'silence after . ! ? in seconds, topped up from the gap the model leaves (needs a model with durations)' } },
  clausePause: { json: 'number', env: 'KOKORO_CLAUSE_PAUSE', flag: '--clause-pause', help: 'silence after , ; : — (seconds, topped up like --sentence-pause)', parse: seconds(10), default: 0.075, option: { arg: '<s>', help: 'silence after , ; : — in seconds, topped up likewise' } },
  jobs: { json: 'number', env: 'KOKORO_JOBS', flag: '--jobs', help: 'parallel sessions for batch synthesis (threads are shared out)', parse: intIn(1, 256), default: 1 },
  runtime: { json: 'string', env: 'KOKORO_RUNTIME', flag: '--runtime', help: 'onnxruntime the sessions run on: auto (an installed one, else the bundled onnxruntime-node), bundled, or the folder of one (kokoro-ts runtime install)', parse: runtime, default: 'auto', option: { arg: '<which>', help: 'onnxruntime to run on: auto (an installed one, else the bundled), bundled, or a folder from `kokoro-ts runtime install`' } },
  modelCache: { json: 'string', env: 'KOKORO_MODEL_CACHE', flag: '--model-cache', help: 'folder for onnxruntime\'s optimized copies of models (sessions load ~40% faster): auto (the user cache folder), off, or a folder', parse: cacheFolder, default: 'auto', option: { arg: '<dir>', help: 'folder for onnxruntime\'s optimized copies of models, or off (default auto: ~/.cache/kokoro-ts/optimized-models)' } },
  rewrites: { json: 'string', env: 'KOKORO_REWRITES', flag: '--rewrites', help: 'graph rewrites the optimized-model copy holds: auto (each measured on this CPU at first load, kept only if faster), none, or conv2d and/or tiles[:FRAMES] joined by +', parse: rewrites, default: 'auto', option: { arg: '<which>', help: 'graph rewrites of the optimized copy: auto (measured on this CPU at first load), none, or conv2d and/or tiles[:FRAMES] joined by +' } },
  sessions: { json: 'number', env: 'KOKORO_SESSIONS', flag: '--sessions', help: 'sessions one text\'s chunks run on at once, in worker threads (threads are shared out; 1 = in this thread)', parse: intIn(1, 64), default: 1, option: { arg: '<n>', help: 'run one text\'s chunks on N sessions at once, in worker threads, the threads shared out (default 1)' } },
  'server.host': { json: 'string', env: 'KOKORO_HOST', flag: '--host', help: 'serve: address to listen on (loopback unless told otherwise)', parse: host, default: '127.0.0.1' },
  'server.port': { json: 'number', env: 'KOKORO_PORT', flag: '--port', help: 'serve: TCP port (0 = any free port)', parse: intIn(0, 65535), default: 8880 },
  'server.workers': { json: 'number', env: 'KOKORO_WORKERS', flag: '--workers', help: 'serve: engine workers (0 = from the core count and the thread setting)', parse: intIn(0, 256), default: 0 },
  'server.queue': { json: 'number', env: 'KOKORO_QUEUE', flag: '--queue', help: 'serve: requests waiting for a worker before 503', parse: intIn(0, 100_000), default: 16 },
  'server.maxChars': { json: 'number', env: 'KOKORO_MAX_CHARS', flag: '--max-chars', help: 'serve: most characters of input per request (413 beyond)', parse: intIn(1, 1_000_000), default: 4096 }, // OpenAI's own limit for /v1/audio/speech
  'server.drainTimeout': { json: 'number', env: 'KOKORO_DRAIN_TIMEOUT', flag: '--drain-timeout', help: 'serve: seconds in-flight requests may take to finish on SIGTERM/SIGINT', parse: seconds(3600), default: 30 },
  'server.apiKey': { json: 'string|null', env: 'KOKORO_API_KEY', flag: '--api-key', secret: true, help: 'serve: API key clients must send as "Authorization: Bearer KEY" (null = none)', parse: secret, default: null },
  'server.web': { json: 'boolean', env: 'KOKORO_WEB', flag: '--web', help: 'serve: the web page at /web (and / redirecting to it)', parse: bool, default: true },
  'server.http': { json: 'boolean', env: 'KOKORO_HTTP', flag: '--http', help: 'serve: the HTTP server (false: Wyoming alone)', parse: bool, default: true },
  'server.wyoming': { json: 'string|null', env: 'KOKORO_WYOMING', flag: '--wyoming', help: `serve: a Wyoming listener (Home Assistant) at tcp://HOST[:PORT] beside the HTTP server (port ${WYOMING_PORT} when none is given; null = none)`, parse: wyoming, default: null },
  flushAfter: { json: 'number', env: 'KOKORO_FLUSH_AFTER', flag: '--flush-after', help: 'streamed text (synth --stream from stdin, Wyoming streaming): seconds a clause waits for its sentence to end before it is spoken (0 = until the sentence ends)', parse: seconds(3600), default: 0 },
} as const satisfies Record<string, KeySpec<unknown>>;

export type Key = keyof typeof KEYS;
export type ValueOf<K extends Key> = ReturnType<(typeof KEYS)[K]['parse']>;
export type Values = { [K in Key]: ValueOf<K> };

export const KEY_NAMES = Object.keys(KEYS) as Key[];

// Each declared default is a value its own parser could return: the compiler checks it here, so the
// object built from them below is the Values it is cast to.
KEYS satisfies { readonly [K in Key]: { readonly default: ValueOf<K> } };
export const DEFAULTS = Object.fromEntries(KEY_NAMES.map((k) => [k, KEYS[k].default])) as unknown as Values;

/** A setting's value as it may be shown: a secret only as set or unset. */
export function shownValue(key: Key, value: unknown): unknown {
  const spec: KeySpec<unknown> = KEYS[key];
  if (spec.secret) return value === null ? 'unset' : 'set';
  return value;
}
