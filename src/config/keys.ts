import { delimiter } from 'node:path';
import { MAX_SPEED, MIN_SPEED } from '../spec';
import { parseVoiceSpec } from '../engine/voice-spec';
import { DEFAULT_PIPELINE_DEPTH } from '../engine/schedule';
import { DEFAULT_G2P, G2PS } from '../text/lang/g2p';
import { parseRewrites, rewriteName } from '../engine/graph-rewrites';

/**
 * Every setting kokoro-ts reads, with its environment variable and how a raw value (a JSON value
 * from override.json, or a string from the environment or a flag) becomes a typed one. A parser
 * returns the value or throws a string saying what is wrong with it.
 */
export interface KeySpec<T> {
  readonly key: string;
  readonly env: string;
  readonly flag?: string;
  readonly help: string;
  /** The JSON type override.json must use (env and flags are text and are parsed). */
  readonly json: 'number' | 'boolean' | 'string' | 'string|null';
  /** A secret (an API key): never printed, only whether it is set. */
  readonly secret?: boolean;
  parse(raw: unknown): T;
}

function intIn(min: number, max: number): (raw: unknown) => number {
  return (raw) => {
    const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw `must be a whole number from ${min} to ${max}`;
    return v;
  };
}

function oneOf<T extends string>(values: readonly T[]): (raw: unknown) => T {
  return (raw) => {
    if (typeof raw !== 'string' || !values.includes(raw as T)) throw `must be one of ${values.join(', ')}`;
    return raw as T;
  };
}

function bool(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw 'must be true or false';
}

function seconds(max: number): (raw: unknown) => number {
  return (raw) => {
    const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) throw `must be a number of seconds from 0 to ${max}`;
    return v;
  };
}

function path(raw: unknown): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string' || raw.trim() === '') throw 'must be a non-empty path';
  return raw;
}

/** Files separated as in PATH (':' on POSIX); a flag given several times is joined the same way. */
function pathList(raw: unknown): string[] {
  if (raw === null) return [];
  const paths = typeof raw === 'string' ? raw.split(delimiter).map((p) => p.trim()) : [];
  if (paths.length === 0 || paths.includes('')) throw `must be file paths separated by ${JSON.stringify(delimiter)}, none empty`;
  return paths;
}

/** auto | bundled | the folder of an installed runtime. */
function runtime(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw 'must be auto, bundled or the folder of an installed runtime';
  return raw;
}

/** auto | off | a folder. */
function cacheFolder(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw 'must be auto, off or a folder';
  return raw;
}

/** auto | none | conv2d and/or tiles[:FRAMES]; kept in its canonical form. */
function rewrites(raw: unknown): string {
  if (typeof raw !== 'string') throw 'must be auto, none, or conv2d and/or tiles[:FRAMES] joined by +';
  try {
    const r = parseRewrites(raw);
    return r === 'auto' ? r : rewriteName(r);
  } catch (e) {
    throw e instanceof Error ? e.message : String(e);
  }
}

function host(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9.:_-]+$/.test(raw.trim())) throw 'must be a host name or an IP address, e.g. 127.0.0.1';
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
  if (typeof raw !== 'string' || wyomingAddress(raw) === null) throw `must be tcp://HOST[:PORT], e.g. tcp://127.0.0.1:${WYOMING_PORT} (port ${WYOMING_PORT} when none is given)`;
  return raw.trim();
}

function secret(raw: unknown): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string' || raw.trim() === '' || /\s/.test(raw)) throw 'must be a non-empty string without spaces';
  return raw;
}

function speed(raw: unknown): number {
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < MIN_SPEED || v > MAX_SPEED) throw `must be a number from ${MIN_SPEED} to ${MAX_SPEED}`;
  return v;
}

function voice(raw: unknown): string {
  if (typeof raw !== 'string') throw 'must be a voice name or blend';
  try {
    parseVoiceSpec(raw);
  } catch (e) {
    throw e instanceof Error ? e.message : String(e);
  }
  return raw;
}

export const KEYS = {
  'session.intraOpNumThreads': { json: 'number', key: 'session.intraOpNumThreads', env: 'KOKORO_INTRA_OP_THREADS', flag: '--threads', help: 'threads inside one operator (0 = ONNX Runtime decides)', parse: intIn(0, 1024) },
  'session.interOpNumThreads': { json: 'number', key: 'session.interOpNumThreads', env: 'KOKORO_INTER_OP_THREADS', flag: '--inter-op', help: 'threads across operators (parallel mode)', parse: intIn(0, 1024) },
  'session.executionMode': { json: 'string', key: 'session.executionMode', env: 'KOKORO_EXECUTION_MODE', help: 'sequential | parallel', parse: oneOf(['sequential', 'parallel'] as const) },
  'session.graphOptimizationLevel': { json: 'string', key: 'session.graphOptimizationLevel', env: 'KOKORO_GRAPH_OPTIMIZATION', help: 'disabled | basic | extended | all', parse: oneOf(['disabled', 'basic', 'extended', 'all'] as const) },
  'session.enableCpuMemArena': { json: 'boolean', key: 'session.enableCpuMemArena', env: 'KOKORO_CPU_MEM_ARENA', help: 'ONNX Runtime CPU memory arena', parse: bool },
  'session.enableMemPattern': { json: 'boolean', key: 'session.enableMemPattern', env: 'KOKORO_MEM_PATTERN', help: 'ONNX Runtime memory pattern planning', parse: bool },
  voice: { json: 'string', key: 'voice', env: 'KOKORO_VOICE', flag: '--voice', help: 'default voice or blend', parse: voice },
  model: { json: 'string|null', key: 'model', env: 'KOKORO_MODEL', flag: '--model', help: 'model file (null = search models/)', parse: path },
  voicesDir: { json: 'string|null', key: 'voicesDir', env: 'KOKORO_VOICES_DIR', flag: '--voices-dir', help: 'voice pack folder (null = voices/)', parse: path },
  speed: { json: 'number', key: 'speed', env: 'KOKORO_SPEED', flag: '--speed', help: `speaking speed ${MIN_SPEED}-${MAX_SPEED}`, parse: speed },
  g2p: { json: 'string', key: 'g2p', env: 'KOKORO_G2P', flag: '--g2p', help: 'English phonemizer: misaki (Kokoro\'s own lexicons and rules, espeak for unknown words; the default) | espeak', parse: oneOf(G2PS) },
  lexicon: { json: 'string|null', key: 'lexicon', env: 'KOKORO_LEXICON', flag: '--lexicon', help: `user lexicon files (JSON or TSV: word -> Kokoro phonemes, per language), applied before the G2P; several separated by "${delimiter}" (the flag may be repeated)`, parse: pathList },
  phonemeCacheSize: { json: 'number', key: 'phonemeCacheSize', env: 'KOKORO_PHONEME_CACHE', help: 'sentences kept in the phoneme cache (0 = off)', parse: intIn(0, 1_000_000) },
  maxChunkTokens: { json: 'number', key: 'maxChunkTokens', env: 'KOKORO_CHUNK_TOKENS', flag: '--chunk-tokens', help: 'most phoneme tokens per model call (text is cut at sentences, then clauses, then words)', parse: intIn(1, 510) },
  firstChunkTokens: { json: 'number', key: 'firstChunkTokens', env: 'KOKORO_FIRST_CHUNK_TOKENS', flag: '--first-chunk-tokens', help: 'most tokens in the first chunk of a stream, so audio starts early (capped at the chunk length)', parse: intIn(1, 510) },
  pipelineDepth: { json: 'number', key: 'pipelineDepth', env: 'KOKORO_PIPELINE_DEPTH', flag: '--pipeline-depth', help: 'sentences phonemized ahead while the model runs (0 = in turn)', parse: intIn(0, 64) },
  engineWarmup: { json: 'boolean', key: 'engineWarmup', env: 'KOKORO_ENGINE_WARMUP', flag: '--engine-warmup', help: 'run a tiny synthesis when the engine loads', parse: bool },
  sentencePause: { json: 'number', key: 'sentencePause', env: 'KOKORO_SENTENCE_PAUSE', flag: '--sentence-pause', help: 'silence after . ! ? (seconds; the model\'s own gap is topped up to it; needs a model with durations)', parse: seconds(10) },
  clausePause: { json: 'number', key: 'clausePause', env: 'KOKORO_CLAUSE_PAUSE', flag: '--clause-pause', help: 'silence after , ; : — (seconds, topped up like --sentence-pause)', parse: seconds(10) },
  jobs: { json: 'number', key: 'jobs', env: 'KOKORO_JOBS', flag: '--jobs', help: 'parallel sessions for batch synthesis (threads are shared out)', parse: intIn(1, 256) },
  runtime: { json: 'string', key: 'runtime', env: 'KOKORO_RUNTIME', flag: '--runtime', help: 'onnxruntime the sessions run on: auto (an installed one, else the bundled onnxruntime-node), bundled, or the folder of one (kokoro-ts runtime install)', parse: runtime },
  modelCache: { json: 'string', key: 'modelCache', env: 'KOKORO_MODEL_CACHE', flag: '--model-cache', help: 'folder for onnxruntime\'s optimized copies of models (sessions load ~40% faster): auto (the user cache folder), off, or a folder', parse: cacheFolder },
  rewrites: { json: 'string', key: 'rewrites', env: 'KOKORO_REWRITES', flag: '--rewrites', help: 'graph rewrites the optimized-model copy holds: auto (each measured on this CPU at first load, kept only if faster), none, or conv2d and/or tiles[:FRAMES] joined by +', parse: rewrites },
  sessions: { json: 'number', key: 'sessions', env: 'KOKORO_SESSIONS', flag: '--sessions', help: 'sessions one text\'s chunks run on at once, in worker threads (threads are shared out; 1 = in this thread)', parse: intIn(1, 64) },
  'server.host': { json: 'string', key: 'server.host', env: 'KOKORO_HOST', flag: '--host', help: 'serve: address to listen on (loopback unless told otherwise)', parse: host },
  'server.port': { json: 'number', key: 'server.port', env: 'KOKORO_PORT', flag: '--port', help: 'serve: TCP port (0 = any free port)', parse: intIn(0, 65535) },
  'server.workers': { json: 'number', key: 'server.workers', env: 'KOKORO_WORKERS', flag: '--workers', help: 'serve: engine workers (0 = from the core count and the thread setting)', parse: intIn(0, 256) },
  'server.queue': { json: 'number', key: 'server.queue', env: 'KOKORO_QUEUE', flag: '--queue', help: 'serve: requests waiting for a worker before 503', parse: intIn(0, 100_000) },
  'server.maxChars': { json: 'number', key: 'server.maxChars', env: 'KOKORO_MAX_CHARS', flag: '--max-chars', help: 'serve: most characters of input per request (413 beyond)', parse: intIn(1, 1_000_000) },
  'server.drainTimeout': { json: 'number', key: 'server.drainTimeout', env: 'KOKORO_DRAIN_TIMEOUT', flag: '--drain-timeout', help: 'serve: seconds in-flight requests may take to finish on SIGTERM/SIGINT', parse: seconds(3600) },
  'server.apiKey': { json: 'string|null', key: 'server.apiKey', env: 'KOKORO_API_KEY', flag: '--api-key', secret: true, help: 'serve: API key clients must send as "Authorization: Bearer KEY" (null = none)', parse: secret },
  'server.web': { json: 'boolean', key: 'server.web', env: 'KOKORO_WEB', flag: '--web', help: 'serve: the web page at /web (and / redirecting to it)', parse: bool },
  'server.http': { json: 'boolean', key: 'server.http', env: 'KOKORO_HTTP', flag: '--http', help: 'serve: the HTTP server (false: Wyoming alone)', parse: bool },
  'server.wyoming': { json: 'string|null', key: 'server.wyoming', env: 'KOKORO_WYOMING', flag: '--wyoming', help: `serve: a Wyoming listener (Home Assistant) at tcp://HOST[:PORT] beside the HTTP server (port ${WYOMING_PORT} when none is given; null = none)`, parse: wyoming },
  flushAfter: { json: 'number', key: 'flushAfter', env: 'KOKORO_FLUSH_AFTER', flag: '--flush-after', help: 'streamed text (synth --stream from stdin, Wyoming streaming): seconds a clause waits for its sentence to end before it is spoken (0 = until the sentence ends)', parse: seconds(3600) },
} as const satisfies Record<string, KeySpec<unknown>>;

export type Key = keyof typeof KEYS;
export type ValueOf<K extends Key> = ReturnType<(typeof KEYS)[K]['parse']>;
export type Values = { [K in Key]: ValueOf<K> };

export const DEFAULTS: Values = {
  'session.intraOpNumThreads': 0,
  'session.interOpNumThreads': 1,
  'session.executionMode': 'sequential',
  'session.graphOptimizationLevel': 'all',
  'session.enableCpuMemArena': true,
  'session.enableMemPattern': false, // benchmarks/README.md, "Memory": with dynamic shapes it grows RSS with every new chunk length
  voice: 'af_heart',
  model: null,
  voicesDir: null,
  speed: 1,
  g2p: DEFAULT_G2P,
  lexicon: [],
  phonemeCacheSize: 256,
  maxChunkTokens: 200, // benchmarks/README.md, "Chunk length"
  firstChunkTokens: 64,
  pipelineDepth: DEFAULT_PIPELINE_DEPTH,
  engineWarmup: false,
  // The shortest tenth of the gaps the model itself leaves (benchmarks/README.md, "Pauses"): only gaps
  // shorter than the model usually makes are lengthened; needs a model with durations.
  sentencePause: 0.15,
  clausePause: 0.075,
  jobs: 1,
  sessions: 1,
  runtime: 'auto',
  modelCache: 'auto',
  rewrites: 'auto',
  'server.host': '127.0.0.1',
  'server.port': 8880,
  'server.workers': 0,
  'server.queue': 16,
  'server.maxChars': 4096, // OpenAI's own limit for /v1/audio/speech
  'server.drainTimeout': 30,
  'server.apiKey': null,
  'server.web': true,
  'server.http': true,
  'server.wyoming': null,
  flushAfter: 0,
};

/** A setting's value as it may be shown: a secret only as set or unset. */
export function shownValue(key: Key, value: unknown): unknown {
  const spec: KeySpec<unknown> = KEYS[key];
  if (spec.secret) return value === null ? 'unset' : 'set';
  return value;
}

export const KEY_NAMES = Object.keys(KEYS) as Key[];
