import type { Command } from 'commander';
import { delimiter } from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../config/resolve';
import type { Key } from '../config/keys';

/** Flags that map onto configuration keys (commander gives camelCase names). */
export interface ConfigFlags {
  threads?: string;
  interOp?: string;
  voice?: string;
  model?: string;
  voicesDir?: string;
  speed?: string;
  g2p?: string;
  lexicon?: string[];
  chunkTokens?: string;
  firstChunkTokens?: string;
  pipelineDepth?: string;
  engineWarmup?: boolean;
  sentencePause?: string;
  clausePause?: string;
  jobs?: string;
  sessions?: string;
  runtime?: string;
  modelCache?: string;
  rewrites?: string;
  host?: string;
  port?: string;
  workers?: string;
  queue?: string;
  maxChars?: string;
  drainTimeout?: string;
  apiKey?: string;
  web?: boolean;
  http?: boolean;
  wyoming?: string;
  flushAfter?: string;
  overrideFile?: string;
}

const FLAG_KEYS: [keyof ConfigFlags, Key][] = [
  ['threads', 'session.intraOpNumThreads'],
  ['interOp', 'session.interOpNumThreads'],
  ['voice', 'voice'],
  ['model', 'model'],
  ['voicesDir', 'voicesDir'],
  ['speed', 'speed'],
  ['g2p', 'g2p'],
  ['lexicon', 'lexicon'],
  ['chunkTokens', 'maxChunkTokens'],
  ['firstChunkTokens', 'firstChunkTokens'],
  ['pipelineDepth', 'pipelineDepth'],
  ['engineWarmup', 'engineWarmup'],
  ['sentencePause', 'sentencePause'],
  ['clausePause', 'clausePause'],
  ['jobs', 'jobs'],
  ['sessions', 'sessions'],
  ['runtime', 'runtime'],
  ['modelCache', 'modelCache'],
  ['rewrites', 'rewrites'],
  ['host', 'server.host'],
  ['port', 'server.port'],
  ['workers', 'server.workers'],
  ['queue', 'server.queue'],
  ['maxChars', 'server.maxChars'],
  ['drainTimeout', 'server.drainTimeout'],
  ['apiKey', 'server.apiKey'],
  ['web', 'server.web'],
  ['http', 'server.http'],
  ['wyoming', 'server.wyoming'],
  ['flushAfter', 'flushAfter'],
];

/** Resolves configuration for a command from its flags (except `notSettings`, flags the command reads itself) (and the global --override-file), the environment and cwd. */
export function configFor(cmd: Command, overrideMustExist = true, notSettings: readonly (keyof ConfigFlags)[] = []): Promise<ResolvedConfig> {
  const f = cmd.optsWithGlobals() as ConfigFlags;
  const flags: Partial<Record<Key, string>> = {};
  for (const [flag, key] of FLAG_KEYS) {
    const v = f[flag];
    if (v !== undefined && !notSettings.includes(flag)) flags[key] = Array.isArray(v) ? v.join(delimiter) : String(v);
  }
  return resolveConfig({ cwd: process.cwd(), env: process.env, overrideFlag: f.overrideFile, flags }, overrideMustExist);
}

export function isVerbose(cmd: Command): boolean {
  return (cmd.optsWithGlobals() as { verbose?: boolean }).verbose === true;
}

/**
 * The flags synth and bench share: which model and voice, how to run the session and the pipeline.
 * Each maps onto a setting (FLAG_KEYS), so both commands take them the same way.
 */
export function addEngineFlags(cmd: Command): Command {
  return cmd
    .option('-v, --voice <voice>', 'voice name or blend, e.g. af_nicole or af_bella:0.6,af_nicole:0.4 (default af_heart)')
    .option('-s, --speed <n>', 'speaking speed, 0.5 to 2.0 (default 1)')
    .option('-m, --model <path>', 'Kokoro ONNX model file (default: models/model.onnx)')
    .option('--voices-dir <dir>', 'folder of voice packs NAME.bin (default: voices/)')
    .option('--g2p <name>', 'English phonemizer: misaki (the default: Kokoro\'s own lexicons and rules, espeak for unknown words) or espeak')
    .option('--lexicon <file>', 'a user lexicon (JSON or TSV: word -> Kokoro phonemes, per language), applied before the G2P; repeat for more (later files win)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--threads <n>', 'ONNX Runtime intra-op threads (default: one per physical core)')
    .option('--inter-op <n>', 'ONNX Runtime inter-op threads (parallel execution mode)')
    .option('--chunk-tokens <n>', 'most phoneme tokens per model call, 1-510 (default 200)')
    .option('--sessions <n>', 'run one text\'s chunks on N sessions at once, in worker threads, the threads shared out (default 1)')
    .option('--runtime <which>', 'onnxruntime to run on: auto (an installed one, else the bundled), bundled, or a folder from `kokoro-ts runtime install`')
    .option('--model-cache <dir>', 'folder for onnxruntime\'s optimized copies of models, or off (default auto: ~/.cache/kokoro-ts/optimized-models)')
    .option('--rewrites <which>', 'graph rewrites of the optimized copy: auto (measured on this CPU at first load), none, or conv2d and/or tiles[:FRAMES] joined by +')
    .option('--pipeline-depth <n>', 'sentences phonemized ahead while the model runs, 0-64 (default 4; a single synth phonemizes its whole text at once)')
    .option('--engine-warmup', 'run a tiny synthesis when the model loads')
    .option('--no-engine-warmup', 'no load-time warm-up (the default)')
    .option('--sentence-pause <s>', 'silence after . ! ? in seconds, topped up from the gap the model leaves (needs a model with durations)')
    .option('--clause-pause <s>', 'silence after , ; : — in seconds, topped up likewise')
    .option('--download', 'first fetch the default model and the voice if they are missing');
}
