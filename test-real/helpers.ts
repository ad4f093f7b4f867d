/**
 * What every real-tier file needs, said once: the real model, the voice packs, the recognizer
 * (faster-whisper base in .cache/asr, scripts/setup-asr.sh) and the onnxruntime the tier's sessions
 * run on.
 *
 * The tier runs on the installed onnxruntime library when .cache/runtimes holds it (.ci/run installs
 * it before the tier): that is the library `download` installs for users, and it takes about half the
 * bundled one's time, which is most of the tier's. runtime.test.ts checks the bundled library against
 * it; without the installed one, everything runs on the bundled one.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RUNTIME_RELEASE } from '../src/download/runtime';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, type AudioChunk, type Engine, type EngineOptions } from '../src/engine';
import { addDurations } from '../src/model-edit/add-durations';
import { MAX_TOKENS } from '../src/spec';
import { joined, ROOT } from '../test/helpers';

export const REAL_MODEL = join(ROOT, 'models', 'kokoro-v1.0.int8.onnx');
/** All 54 packs (npm run fetch:voices); test/fixtures/voices holds the three English ones. */
export const REAL_VOICES = resolve(ROOT, process.env.KOKORO_REAL_VOICES ?? join('.cache', 'voices'));
export const ASR_PY = join(ROOT, '.cache', 'asr', 'venv', 'bin', 'python');
export const ASR_MODEL = join(ROOT, '.cache', 'asr', 'whisper-base');
export const ASR_READY = existsSync(ASR_PY) && existsSync(join(ASR_MODEL, 'model.bin'));

/** Why a file skips, said the same way in every file. */
export const NO_REAL_MODEL = 'real model not fetched (npm run fetch:real-model)';
export const NO_ASR = 'speech recognizer not set up (bash scripts/setup-asr.sh)';
export const REAL_MODEL_READY = existsSync(REAL_MODEL);

/**
 * For a file that needs the real model and the recognizer: why it skips (false: it runs), and
 * the notice on stderr, naming `what` it checks, so a skipped check is not mistaken for a pass.
 */
export function skipUnlessModelAndAsr(what: string): string | false {
  const skip = !REAL_MODEL_READY ? NO_REAL_MODEL : !ASR_READY ? NO_ASR : false;
  if (skip) process.stderr.write(`\n# NOTICE: ${what} SKIPPED: ${skip}\n\n`);
  return skip;
}

export const INSTALLED_RUNTIME = join(ROOT, '.cache', 'runtimes', `onnxruntime-${RUNTIME_RELEASE.version}`);
/** The runtime folder the tier's sessions use (null: the bundled onnxruntime-node). */
export const REAL_RUNTIME: string | null = existsSync(join(INSTALLED_RUNTIME, 'runtime.json')) ? INSTALLED_RUNTIME : null;
/** The same choice as CLI arguments, for the files that go through `kokoro-ts`. */
export const REAL_RUNTIME_ARGS: readonly string[] = ['--runtime', REAL_RUNTIME ?? 'bundled'];

export interface SuiteCase {
  readonly name: string;
  readonly text: string;
}
/** The bench suite (benchmarks/suite.json): short, medium, long, pangram, paragraph. */
export const SUITE: readonly SuiteCase[] = (JSON.parse(readFileSync(join(ROOT, 'benchmarks', 'suite.json'), 'utf8')) as { cases: SuiteCase[] }).cases;

/** Runs one of test-real's Python scripts in the recognizer's venv; resolves with its stdout. */
export function runAsrScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((res, rej) =>
    execFile(ASR_PY, [join(ROOT, 'test-real', script), ...args], { maxBuffer: 1 << 26, timeout: 1_500_000, env: { ...process.env, ...env } }, (e, stdout, stderr) =>
      e ? rej(new Error(`${e.message}\n${stderr}`)) : res(stdout),
    ),
  );
}

/** Whisper base's transcript of each WAV, keyed by path; `language` as Whisper names it (default: English). */
export async function transcribe(wavs: readonly string[], language?: string): Promise<Record<string, string>> {
  return JSON.parse(await runAsrScript('transcribe.py', [ASR_MODEL, ...(language ? [`--language=${language}`] : []), ...wavs])) as Record<string, string>;
}

/**
 * An engine as the tier runs it: the real model on the tier's onnxruntime, the default session,
 * full-size chunks and no phoneme cache, unless `options` says otherwise.
 */
export function realEngine(options: Partial<EngineOptions> & Pick<EngineOptions, 'voicesDir'>): Promise<Engine> {
  return createEngine({ ...PLAIN_ENGINE, modelPath: REAL_MODEL, session: DEFAULT_SESSION_SETTINGS, maxChunkTokens: MAX_TOKENS, phonemeCacheSize: 0, runtimeDir: REAL_RUNTIME, ...options });
}

/** The real model with its durations output added (add-durations on the tier's runtime), written into `dir`: word timings need it. */
export async function realModelWithDurations(dir: string): Promise<string> {
  const model = join(dir, 'kokoro-v1.0.int8-durations.onnx');
  await addDurations(REAL_MODEL, model, { runtime: REAL_RUNTIME });
  return model;
}

/** One text through an engine: its chunks, and all their samples joined. */
export async function speakText(engine: Engine, text: string, voice: string, speed = 1): Promise<{ chunks: AudioChunk[]; all: Float32Array }> {
  const chunks: AudioChunk[] = [];
  for await (const c of engine.synthesize({ text, voice, speed })) chunks.push(c);
  return { chunks, all: joined(chunks.map((c) => c.samples)) };
}
