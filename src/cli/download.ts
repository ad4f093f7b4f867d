import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { KokoroError } from '../util/errors';
import { DEFAULT_ENDPOINT, DEFAULT_VARIANT, DEFAULT_VOICES, MODEL_FILES, VARIANTS, VOICE_NAMES, type Variant } from '../download/registry';
import { planDownloads, type PlannedFile } from '../download/plan';
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
  /** Seconds. */
  timeout: number;
  retries: number;
  durations?: boolean;
  source?: string;
  registry?: string;
}

/** hf: Hugging Face only; npm: voice packs from the kokoro-js tarball in the npm registry; auto: Hugging Face, then npm for voices when it cannot be reached. */
export const SOURCES = ['auto', 'hf', 'npm'] as const;
export type Source = (typeof SOURCES)[number];

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
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.includes('all')) return 'all';
  const out: string[] = [];
  for (const item of items) {
    const letter = item.includes('_') ? undefined : languageLetter(item);
    out.push(...(letter ? VOICE_NAMES.filter((v) => v.startsWith(letter)) : [item]));
  }
  return [...new Set(out)];
}

/** Everything `download` needs, resolved and validated at the edge. */
export interface DownloadRun {
  readonly files: PlannedFile[];
  readonly force: boolean;
  readonly stallTimeoutMs: number;
  readonly retries: number;
  readonly endpoint: string;
  readonly source: Source;
  readonly registry: NpmRegistry;
}

export function parseVariant(raw: string): Variant {
  if (!(VARIANTS as readonly string[]).includes(raw)) throw new KokoroError('usage', `--variant must be one of ${VARIANTS.join(', ')}, not "${raw}"`);
  return raw as Variant;
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

export function resolveDownload(
  f: Partial<DownloadFlags> & { model?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  configuredVoicesDir: string | null,
  npmrc: NpmrcFiles = { projectNpmrc: null, userNpmrc: null },
): DownloadRun {
  const endpoint = f.endpoint ? parseEndpoint(f.endpoint, '--endpoint') : env.HF_ENDPOINT ? parseEndpoint(env.HF_ENDPOINT, 'HF_ENDPOINT') : DEFAULT_ENDPOINT;
  const source = (f.source ?? 'auto') as Source;
  if (!SOURCES.includes(source)) throw new KokoroError('usage', `--source must be one of ${SOURCES.join(', ')}, not "${f.source}"`);
  const registry = resolveNpmRegistry({ flag: f.registry, env, ...npmrc });
  parseEndpoint(registry.url, registry.from === '--registry' ? '--registry' : `the npm registry (${registry.from})`);
  const voices = f.voices === undefined ? DEFAULT_VOICES : expandVoiceList(f.voices);
  // The npm package holds voice packs only: --source npm never fetches a model.
  const model = f.model !== false && source !== 'npm';
  if (voices !== 'all' && voices.length === 0 && !model) throw new KokoroError('usage', `nothing to download: ${source === 'npm' ? '--source npm fetches voices only' : '--no-model'} and no --voices`);
  return {
    files: planDownloads({
      variant: model ? parseVariant(f.variant ?? DEFAULT_VARIANT) : null,
      voices,
      modelsDir: resolve(cwd, f.dir ?? 'models'),
      voicesDir: resolve(cwd, f.voicesDir ?? configuredVoicesDir ?? 'voices'),
      endpoint,
    }),
    force: f.force === true,
    stallTimeoutMs: (f.timeout ?? 30) * 1000,
    retries: f.retries ?? 4,
    endpoint,
    source,
    registry,
  };
}

/** Runs a download plan with a progress bar on a terminal and plain lines otherwise. */
export async function runDownload(d: DownloadRun, err: NodeJS.WriteStream = process.stderr): Promise<FetchedFile[]> {
  const bar = progressPrinter(err.isTTY === true, (s) => void err.write(s));
  const npmLabel = `npm ${NPM_PACKAGE}@${NPM_VERSION} from ${d.registry.url} (${d.registry.from})`;
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
  let results: FetchedFile[];
  if (d.source === 'npm') {
    const n = d.files.filter((f) => f.kind === 'voice').length;
    err.write(`${n} voice pack${n === 1 ? '' : 's'} <- ${npmLabel}\n`);
    results = await fetchVoicesNpm(d.files, d.registry, options);
  } else {
    results = await fetchAll(d.files, {
      ...options,
      onFile: (f, i, n) => {
        bar.end();
        err.write(`[${i + 1}/${n}] ${f.kind} ${f.name} <- ${f.url}\n`);
      },
      npmFallback: d.source === 'auto' ? { registry: d.registry, onSwitch: () => err.write(`Hugging Face cannot be reached: taking the voice packs from ${npmLabel}\n`) } : undefined,
    });
  }
  bar.end();
  for (const r of results) {
    const how = r.skipped ? 'already present, sha256 verified' : r.file.url.endsWith('.tgz') && r.verifiedBy === 'registry' ? 'sha256 verified (pinned), from the npm tarball (integrity verified)' : r.verifiedBy === 'registry' ? 'sha256 verified (registry)' : r.verifiedBy === 'server' ? 'sha256 verified (announced by the server)' : 'size verified; no sha256 known or announced';
    err.write(`  ${r.target}: ${(r.bytes / 1e6).toFixed(1)} MB, ${how}${r.resumed ? ', resumed' : ''}\n`);
  }
  return results;
}

export function registerDownload(program: Command): void {
  program
    .command('download')
    .description(`fetch a model variant and voice packs from Hugging Face (${'onnx-community/Kokoro-82M-v1.0-ONNX'}), or the voice packs from npm (${NPM_PACKAGE}@${NPM_VERSION}), verified`)
    .addOption(new Option('--variant <v>', 'model variant').choices(VARIANTS).default(DEFAULT_VARIANT))
    .option('--voices <list>', `voices to fetch: all, names like af_nicole,bf_emma, or languages like fr,ja (default ${DEFAULT_VOICES.join(',')})`)
    .option('--no-model', 'fetch voices only')
    .option('--dir <dir>', 'folder for models', 'models')
    .option('--voices-dir <dir>', 'folder for voices (default voices/)')
    .option('--endpoint <url>', `server (default $HF_ENDPOINT, then ${DEFAULT_ENDPOINT})`)
    .addOption(new Option('--source <s>', `where voice packs come from: hf (Hugging Face), npm (the ${NPM_PACKAGE}@${NPM_VERSION} tarball; voices only), auto (hf, then npm if Hugging Face cannot be reached)`).choices(SOURCES).default('auto'))
    .option('--registry <url>', 'npm registry for --source npm/auto (default: as npm: $npm_config_registry, then registry= in ./.npmrc or ~/.npmrc, then https://registry.npmjs.org/)')
    .option('--force', 'fetch again even if a verified file is present')
    .option('--timeout <s>', 'give up on a connection that sends nothing for this long', numberFlag('--timeout'), 30)
    .option('--retries <n>', 'extra attempts after a network failure (resuming)', intFlag('--retries', 0, 100), 4)
    .option('--durations', 'then make the model return its per-token durations (word timings, captions, pauses), in place; recorded in the manifest')
    .addHelpText('after', `\nVariants:\n${VARIANTS.map((v) => `  ${v.padEnd(9)} ${MODEL_FILES[v].path.padEnd(26)} ~${MODEL_FILES[v].approxMB} MB  ${MODEL_FILES[v].note}`).join('\n')}\n`)
    .action(async (flags: DownloadFlags, cmd: Command) => {
      const config = await configFor(cmd, false, ['voicesDir', 'model']);
      const d = resolveDownload(flags, process.env, process.cwd(), flags.voicesDir ?? config.values.voicesDir, readNpmrcFiles(process.env, process.cwd()));
      if (d.source === 'npm' && flags.model !== false) process.stderr.write('--source npm: voice packs only (the npm package holds no model; kokoro-ts download --source hf fetches one)\n');
      await runDownload(d);
      const model = d.files.find((f) => f.kind === 'model');
      if (flags.durations && model) {
        const path = join(model.dir, model.name);
        const r = await addDurationsRecorded(path, path);
        process.stderr.write(r.status === 'already' ? `${model.name} already returns durations (${r.outputName})\n` : `${model.name}: durations output added (${r.tensor}), audio checked bit-identical\n`);
      }
      if (model) process.stderr.write(`Ready: kokoro-ts synth "Hello" -m ${join(flags.dir ?? 'models', model.name)} -o hello.wav\n`);
    });
}
