import { Option, type Command } from 'commander';
import { delimiter } from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../config/resolve';
import { KEYS, KEY_NAMES, type FlagOption, type Key, type KeySpec } from '../config/keys';

/** `--voices-dir` -> `voicesDir`: the name commander gives a flag's value. */
type Attribute<F extends string> = F extends `--${infer Name}` ? Camel<Name> : never;
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type FlaggedKey = { [K in Key]: (typeof KEYS)[K] extends { flag: string } ? K : never }[Key];
type FlagValue<S> = S extends { option: { repeat: true } } ? string[] : S extends { json: 'boolean' } ? boolean : string;

/** Flags that map onto configuration keys, as commander gives them: derived from the keys' declarations. */
export type ConfigFlags = { [K in FlaggedKey as Attribute<(typeof KEYS)[K]['flag']>]?: FlagValue<(typeof KEYS)[K]> } & { overrideFile?: string };

function attributeOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const FLAG_KEYS: [keyof ConfigFlags, Key][] = KEY_NAMES.flatMap((key) => {
  const { flag } = KEYS[key] as KeySpec<unknown>;
  return flag === undefined ? [] : [[attributeOf(flag) as keyof ConfigFlags, key]];
});

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

/** The settings synth, bench, book and serve take as flags, in the order their help lists them (each declares its option). */
type OptionKey = { [K in Key]: (typeof KEYS)[K] extends { flag: string; option: FlagOption } ? K : never }[Key];
const ENGINE_FLAGS: readonly OptionKey[] = [
  'voice', 'speed', 'model', 'voicesDir', 'g2p', 'lexicon', 'session.intraOpNumThreads', 'session.interOpNumThreads', 'maxChunkTokens',
  'sessions', 'runtime', 'modelCache', 'rewrites', 'pipelineDepth', 'engineWarmup', 'sentencePause', 'clausePause',
];

/** A setting's flag as its declaration spells it (short form, argument, help; a boolean's --no- form). */
function settingOptions(key: OptionKey): Option[] {
  const { flag, option }: { flag: string; option: FlagOption } = KEYS[key];
  const o = new Option(`${option.short ? `${option.short}, ` : ''}${flag}${option.arg ? ` ${option.arg}` : ''}`, option.help);
  if (option.repeat) o.argParser((v: string, prev: string[] = []) => [...prev, v]);
  return option.off === undefined ? [o] : [o, new Option(`--no-${flag.slice(2)}`, option.off)];
}

/**
 * The flags synth and bench share: which model and voice, how to run the session and the pipeline.
 * Each is a setting's flag (config/keys.ts), so every command takes them the same way.
 */
export function addEngineFlags(cmd: Command): Command {
  for (const key of ENGINE_FLAGS) for (const o of settingOptions(key)) cmd.addOption(o);
  return cmd.option('--download', 'first fetch the default model and the voice if they are missing');
}
