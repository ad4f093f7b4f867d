import { resolve } from 'node:path';
import { InvalidValue, KokoroError } from '../util/errors';
import type { SessionSettings } from '../engine/settings';
import { DEFAULTS, KEYS, KEY_NAMES, type Key, type KeySpec, type Values } from './keys';
import { overrideValues, readOverride } from './override';

export type Layer = 'default' | 'override' | 'env' | 'flag';

export interface Origin {
  readonly layer: Layer;
  /** e.g. the override file's path, the variable or the flag. */
  readonly detail: string;
}

export interface ResolvedConfig {
  readonly values: Values;
  readonly origins: Readonly<Record<Key, Origin>>;
  readonly overridePath: string;
}

export interface ConfigInputs {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** --override-file, if given. */
  readonly overrideFlag?: string;
  /** Raw flag values by key (only those the user gave). */
  readonly flags?: Partial<Record<Key, string>>;
}

/** --override-file, then KOKORO_OVERRIDE, then ./override.json. */
export function overridePathOf(i: ConfigInputs): { path: string; explicit: boolean } {
  if (i.overrideFlag) return { path: resolve(i.cwd, i.overrideFlag), explicit: true };
  if (i.env.KOKORO_OVERRIDE) return { path: resolve(i.cwd, i.env.KOKORO_OVERRIDE), explicit: true };
  return { path: resolve(i.cwd, 'override.json'), explicit: false };
}

/**
 * The one place settings are resolved: built-in defaults < override file < KOKORO_* environment
 * < command-line flags. Every value is validated here, and a bad one names its key and source.
 */
export async function resolveConfig(i: ConfigInputs, overrideMustExist = true): Promise<ResolvedConfig> {
  const { path, explicit } = overridePathOf(i);
  const fromFile = overrideValues(await readOverride(path, explicit && overrideMustExist), path);
  const values: Record<string, unknown> = { ...DEFAULTS };
  const origins: Record<string, Origin> = {};
  for (const key of KEY_NAMES) {
    origins[key] = { layer: 'default', detail: 'built-in' };
    if (fromFile[key] !== undefined) {
      values[key] = fromFile[key];
      origins[key] = { layer: 'override', detail: path };
    }
    const spec = KEYS[key];
    const envRaw = i.env[spec.env];
    if (envRaw !== undefined && envRaw !== '') {
      values[key] = parseFrom(key, envRaw, `environment ${spec.env}`);
      origins[key] = { layer: 'env', detail: spec.env };
    }
    const flagRaw = i.flags?.[key];
    if (flagRaw !== undefined) {
      const flag = 'flag' in spec ? spec.flag : key;
      values[key] = parseFrom(key, flagRaw, `flag ${flag}`);
      origins[key] = { layer: 'flag', detail: flag };
    }
  }
  return { values: values as Values, origins: origins as Record<Key, Origin>, overridePath: path };
}

function parseFrom(key: Key, raw: string, source: string): unknown {
  try {
    return KEYS[key].parse(raw);
  } catch (e) {
    if (!(e instanceof InvalidValue)) throw e;
    const shown = (KEYS[key] as KeySpec<unknown>).secret ? '(hidden)' : `"${raw}"`;
    throw new KokoroError('config', `invalid ${key} ${shown} from ${source}: ${e.reason}`);
  }
}

export function sessionOf(v: Values): SessionSettings {
  return {
    intraOpNumThreads: v['session.intraOpNumThreads'],
    interOpNumThreads: v['session.interOpNumThreads'],
    executionMode: v['session.executionMode'],
    graphOptimizationLevel: v['session.graphOptimizationLevel'],
    enableCpuMemArena: v['session.enableCpuMemArena'],
    enableMemPattern: v['session.enableMemPattern'],
  };
}

export function sessionSourcesOf(o: Readonly<Record<Key, Origin>>): Record<keyof SessionSettings, Layer> {
  return {
    intraOpNumThreads: o['session.intraOpNumThreads'].layer,
    interOpNumThreads: o['session.interOpNumThreads'].layer,
    executionMode: o['session.executionMode'].layer,
    graphOptimizationLevel: o['session.graphOptimizationLevel'].layer,
    enableCpuMemArena: o['session.enableCpuMemArena'].layer,
    enableMemPattern: o['session.enableMemPattern'].layer,
  };
}
