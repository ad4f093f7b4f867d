import { checkSpeed, frontEndFor, parseRewrites, parseVoiceSpec, type RewriteSetting, type EngineDeps, type EngineOptions, type PauseTargets, type SessionSettings } from '../engine';
import type { HostSetup } from '../host/protocol';
import { parallelRunner } from '../host/parallel-runner';
import type { G2p } from '../text/lang/g2p';
import { threadsPerJob } from '../batch/lines';
import { sessionOf, sessionSourcesOf, type Layer, type ResolvedConfig } from '../config/resolve';
import { findDefaultModel, resolveModelPath, resolveVoicesDir } from './paths';
import { resolveRuntime, type RuntimeChoice } from './runtime';
import { resolveDataHome } from './data-home';
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { lexiconSize, mergeLexicons, parseLexicon, type Lexicon } from '../text/lexicon';
import { ExitCode, KokoroError, messageOf } from '../util/errors';

/** What every command that synthesizes (synth, batch, bench, tune) takes from the configuration. */
export interface EngineSettings {
  readonly voice: string;
  /** The text's language (a letter) from --lang; undefined: the voice's own. */
  readonly lang: string | undefined;
  readonly speed: number;
  readonly modelPath: string;
  readonly voicesDir: string;
  readonly session: SessionSettings;
  /** Which layer each session setting came from (bench/tune environment). */
  readonly sessionSources: Record<keyof SessionSettings, Layer>;
  readonly phonemeCacheSize: number;
  /** English phonemizer (misaki or espeak). */
  readonly g2p: G2p;
  readonly maxChunkTokens: number;
  readonly pipelineDepth: number;
  readonly warmup: boolean;
  /** Sessions one text's chunks run on at once (worker threads); 1 = one session in this thread. */
  readonly sessions: number;
  /** The onnxruntime the sessions run on. */
  readonly runtime: RuntimeChoice;
  /** Folder of onnxruntime's optimized model copies; null = off. */
  readonly modelCacheDir: string | null;
  /** The graph rewrites those copies hold. */
  readonly rewrites: RewriteSetting;
  /** The user lexicon files, merged (later files win), and how many entries they hold. */
  readonly lexicon: Lexicon;
  readonly lexiconEntries: number;
  /** Pause targets (seconds); `explicit` when a flag asked for them (then a model without durations is an error). */
  readonly pauses: { readonly sentenceS: number; readonly clauseS: number; readonly explicit: boolean };
}

/**
 * The one settings resolver for synth, bench and tune: checks speed and that the text's language
 * (`lang`, a letter parsed at the edge, else the voice's) is spoken, finds the model and the voices folder. Below cli/ these are plain, validated values.
 */
export async function resolveEngineSettings(config: ResolvedConfig, cwd: string, lang?: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<EngineSettings> {
  const v = config.values;
  checkSpeed(v.speed);
  frontEndFor(parseVoiceSpec(v.voice)[0]!.name, lang);
  const lexicon = await readLexicons(v.lexicon, cwd);
  const home = resolveDataHome(env, cwd);
  return {
    lexicon,
    lexiconEntries: lexiconSize(lexicon),
    voice: v.voice,
    lang,
    speed: v.speed,
    modelPath: await resolveModelPath(v.model ?? undefined, cwd, home),
    voicesDir: await resolveVoicesDir(v.voicesDir ?? undefined, cwd, home),
    session: sessionOf(v),
    sessionSources: sessionSourcesOf(config.origins),
    phonemeCacheSize: v.phonemeCacheSize,
    g2p: v.g2p,
    maxChunkTokens: v.maxChunkTokens,
    pipelineDepth: v.pipelineDepth,
    warmup: v.engineWarmup,
    sessions: v.sessions,
    runtime: await resolveRuntime(v.runtime, cwd, home),
    modelCacheDir: resolveModelCacheDir(v.modelCache, cwd, env),
    rewrites: parseRewrites(v.rewrites),
    pauses: {
      sentenceS: v.sentencePause,
      clauseS: v.clausePause,
      explicit: config.origins.sentencePause.layer === 'flag' || config.origins.clausePause.layer === 'flag',
    },
  };
}

/** The pause targets a request carries (none when both are 0). */
export function pausesOf(s: EngineSettings): PauseTargets | undefined {
  return s.pauses.sentenceS > 0 || s.pauses.clauseS > 0 ? { sentenceS: s.pauses.sentenceS, clauseS: s.pauses.clauseS } : undefined;
}

export function engineOptionsOf(s: EngineSettings): EngineOptions {
  return {
    modelPath: s.modelPath, voicesDir: s.voicesDir, session: s.session, maxChunkTokens: s.maxChunkTokens,
    phonemeCacheSize: s.phonemeCacheSize, pipelineDepth: s.pipelineDepth, warmup: s.warmup, g2p: s.g2p, runtimeDir: s.runtime.dir,
    modelCacheDir: s.modelCacheDir, rewrites: s.rewrites, lexicon: s.lexicon,
  };
}

/** The lexicon files (relative to cwd), read and merged in order; a malformed one names its file and line. */
export async function readLexicons(files: readonly string[], cwd: string): Promise<Lexicon> {
  const all: Lexicon[] = [];
  for (const f of files) {
    let content: string;
    try {
      content = await readFile(resolve(cwd, f), 'utf8');
    } catch (e) {
      throw new KokoroError('input-unreadable', `cannot read lexicon ${f}: ${messageOf(e)}`, 'check the --lexicon path (or KOKORO_LEXICON, or lexicon in override.json)', ExitCode.Io);
    }
    all.push(parseLexicon(content, f));
  }
  return mergeLexicons(all);
}

/**
 * The optimized-model cache setting -> a folder or null (off). auto: kokoro-ts/optimized-models in
 * the user's cache folder ($XDG_CACHE_HOME, else ~/.cache); no home folder: off.
 */
export function resolveModelCacheDir(setting: string, cwd: string, env: Readonly<Record<string, string | undefined>>): string | null {
  if (setting === 'off') return null;
  if (setting !== 'auto') return resolve(cwd, setting);
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : env.HOME ? join(env.HOME, '.cache') : null;
  return base === null ? null : join(base, 'kokoro-ts', 'optimized-models');
}

/**
 * How the engine runs its model calls: with --sessions N > 1, on N worker sessions sharing the
 * configured threads (each at least one); else the default, one session in this thread.
 */
export function engineDepsOf(s: EngineSettings, cores: number): Pick<EngineDeps, 'runner'> {
  return s.sessions > 1 ? { runner: sessionsRunner(s.sessions, s.session.intraOpNumThreads, cores) } : {};
}

/** `sessions` worker sessions sharing `intraThreads` intra-op threads (0 = the core count), at least one each. */
export function sessionsRunner(sessions: number, intraThreads: number, cores: number): NonNullable<EngineDeps['runner']> {
  return parallelRunner(sessions, threadsPerJob(intraThreads, sessions, cores));
}

/** Engine-host workers for `jobs` parallel sessions: the configured thread count shared out, at least one each. */
export function hostSetups(s: EngineSettings, jobs: number, cores: number): HostSetup[] {
  const intra = threadsPerJob(s.session.intraOpNumThreads, jobs, cores);
  const engine = { ...engineOptionsOf(s), session: { ...s.session, intraOpNumThreads: intra } };
  return Array.from({ length: jobs }, () => ({ engine }));
}

/**
 * The configuration with `model` set to `named` when no model is configured and none is found in
 * models/: `bench --models` and `tune --models` name their files, so they need no default one.
 */
export async function withNamedModel(config: ResolvedConfig, cwd: string, named: string): Promise<ResolvedConfig> {
  if (config.values.model || (await findDefaultModel(cwd, resolveDataHome(process.env, cwd)))) return config;
  return { ...config, values: { ...config.values, model: named } };
}
