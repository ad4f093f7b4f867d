import type { Command } from 'commander';
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
  chunkTokens?: string;
  firstChunkTokens?: string;
  pipelineDepth?: string;
  engineWarmup?: boolean;
  jobs?: string;
  overrideFile?: string;
}

const FLAG_KEYS: [keyof ConfigFlags, Key][] = [
  ['threads', 'session.intraOpNumThreads'],
  ['interOp', 'session.interOpNumThreads'],
  ['voice', 'voice'],
  ['model', 'model'],
  ['voicesDir', 'voicesDir'],
  ['speed', 'speed'],
  ['chunkTokens', 'maxChunkTokens'],
  ['firstChunkTokens', 'firstChunkTokens'],
  ['pipelineDepth', 'pipelineDepth'],
  ['engineWarmup', 'engineWarmup'],
  ['jobs', 'jobs'],
];

/** Resolves configuration for a command from its flags (except `notSettings`, flags the command reads itself) (and the global --override-file), the environment and cwd. */
export function configFor(cmd: Command, overrideMustExist = true, notSettings: readonly (keyof ConfigFlags)[] = []): Promise<ResolvedConfig> {
  const f = cmd.optsWithGlobals() as ConfigFlags;
  const flags: Partial<Record<Key, string>> = {};
  for (const [flag, key] of FLAG_KEYS) if (f[flag] !== undefined && !notSettings.includes(flag)) flags[key] = String(f[flag]);
  return resolveConfig({ cwd: process.cwd(), env: process.env, overrideFlag: f.overrideFile, flags }, overrideMustExist);
}

export function isVerbose(cmd: Command): boolean {
  return (cmd.optsWithGlobals() as { verbose?: boolean }).verbose === true;
}
