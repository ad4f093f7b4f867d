import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root (tests run from dist/test). */
export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'kokoro-ts');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const STANDIN = join(FIXTURES, 'models', 'kokoro-standin.onnx');
export const STANDIN_TOKENS = join(FIXTURES, 'models', 'kokoro-standin-tokens.onnx');
export const STANDIN_DURATIONS = join(FIXTURES, 'models', 'kokoro-standin-durations.onnx');
export const VOICES = join(FIXTURES, 'voices');

const made: string[] = [];
// Every temp folder a test file makes goes when its process ends (a run used to leave up to 300 MB).
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Float32 parts end to end, in one array. */
export function joined(parts: readonly Float32Array[]): Float32Array {
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

export function tempDir(prefix = 'kokoro-ts-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

let modelCache: string | null = null;
let dataHome: string | null = null;

/** One empty data folder (KOKORO_HOME) per test file (process): no test sees or fills the user's. */
export function testDataHome(): string {
  dataHome ??= tempDir('kokoro-home-');
  return dataHome;
}

/** One optimized-model cache folder per test file (process), shared by its CLI runs. */
export function testModelCache(): string {
  modelCache ??= tempDir('kokoro-model-cache-');
  return modelCache;
}

/** Runs the real CLI binary. The environment is cleared of KOKORO_* so tests do not see the user's settings. */
export function runCli(args: string[], opts: { input?: string | Buffer; cwd?: string; env?: Record<string, string>; bin?: string } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_') && k !== 'HF_ENDPOINT') env[k] = v;
  // The bundled onnxruntime unless a test asks otherwise: a runtime installed in runtimes/ must not change what tests hear.
  env.KOKORO_RUNTIME = 'bundled';
  // Optimized model copies go to this test process's own folder, not the user's cache.
  env.KOKORO_MODEL_CACHE = testModelCache();
  env.KOKORO_HOME = testDataHome();
  Object.assign(env, opts.env ?? {});
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], { cwd: opts.cwd ?? ROOT, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Standard synth flags for the stand-in models and fixture voices. */
export function standinArgs(model = STANDIN): string[] {
  return ['-m', model, '--voices-dir', VOICES];
}

/** A copy of the built package with no models/ or voices/ of its own, as on a fresh install. */
export function freshPackage(): string {
  const pkg = tempDir('kokoro-pkg-');
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'data'), join(pkg, 'data'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  return join(pkg, 'bin', 'kokoro-ts');
}

