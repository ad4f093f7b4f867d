import { Option, type Command } from 'commander';
import { join, resolve } from 'node:path';
import { KokoroError } from '../util/errors';
import { DEFAULT_ENDPOINT, DEFAULT_VARIANT, DEFAULT_VOICES, MODEL_FILES, VARIANTS, type Variant } from '../download/registry';
import { planDownloads, type PlannedFile } from '../download/plan';
import { fetchAll, type FetchedFile } from '../download/run';
import { intFlag, numberFlag } from './parse';
import { progressPrinter } from './progress';
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
}

/** Everything `download` needs, resolved and validated at the edge. */
export interface DownloadRun {
  readonly files: PlannedFile[];
  readonly force: boolean;
  readonly stallTimeoutMs: number;
  readonly retries: number;
  readonly endpoint: string;
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
): DownloadRun {
  const endpoint = f.endpoint ? parseEndpoint(f.endpoint, '--endpoint') : env.HF_ENDPOINT ? parseEndpoint(env.HF_ENDPOINT, 'HF_ENDPOINT') : DEFAULT_ENDPOINT;
  const voices = f.voices === undefined ? DEFAULT_VOICES : f.voices.trim() === 'all' ? 'all' : f.voices.split(',').map((s) => s.trim()).filter(Boolean);
  if (voices !== 'all' && voices.length === 0 && f.model === false) throw new KokoroError('usage', 'nothing to download: --no-model and no --voices');
  return {
    files: planDownloads({
      variant: f.model === false ? null : parseVariant(f.variant ?? DEFAULT_VARIANT),
      voices,
      modelsDir: resolve(cwd, f.dir ?? 'models'),
      voicesDir: resolve(cwd, f.voicesDir ?? configuredVoicesDir ?? 'voices'),
      endpoint,
    }),
    force: f.force === true,
    stallTimeoutMs: (f.timeout ?? 30) * 1000,
    retries: f.retries ?? 4,
    endpoint,
  };
}

/** Runs a download plan with a progress bar on a terminal and plain lines otherwise. */
export async function runDownload(d: DownloadRun, err: NodeJS.WriteStream = process.stderr): Promise<FetchedFile[]> {
  const bar = progressPrinter(err.isTTY === true, (s) => void err.write(s));
  const results = await fetchAll(d.files, {
    stallTimeoutMs: d.stallTimeoutMs,
    retries: d.retries,
    backoffMs: 1000,
    force: d.force,
    onProgress: (p) => bar.update(p),
    onNotice: (m) => {
      bar.end();
      err.write(`  ${m}\n`);
    },
    onFile: (f, i, n) => {
      bar.end();
      err.write(`[${i + 1}/${n}] ${f.kind} ${f.name} <- ${f.url}\n`);
    },
  });
  bar.end();
  for (const r of results) {
    const how = r.skipped ? 'already present, sha256 verified' : r.verifiedBy === 'registry' ? 'sha256 verified (registry)' : r.verifiedBy === 'server' ? 'sha256 verified (announced by the server)' : 'size verified; no sha256 known or announced';
    err.write(`  ${r.target}: ${(r.bytes / 1e6).toFixed(1)} MB, ${how}${r.resumed ? ', resumed' : ''}\n`);
  }
  return results;
}

export function registerDownload(program: Command): void {
  program
    .command('download')
    .description(`fetch a model variant and voice packs from Hugging Face (${'onnx-community/Kokoro-82M-v1.0-ONNX'}), verified and resumable`)
    .addOption(new Option('--variant <v>', 'model variant').choices(VARIANTS).default(DEFAULT_VARIANT))
    .option('--voices <list>', `voices to fetch: all, or names like af_nicole,bf_emma (default ${DEFAULT_VOICES.join(',')})`)
    .option('--no-model', 'fetch voices only')
    .option('--dir <dir>', 'folder for models', 'models')
    .option('--voices-dir <dir>', 'folder for voices (default voices/)')
    .option('--endpoint <url>', `server (default $HF_ENDPOINT, then ${DEFAULT_ENDPOINT})`)
    .option('--force', 'fetch again even if a verified file is present')
    .option('--timeout <s>', 'give up on a connection that sends nothing for this long', numberFlag('--timeout'), 30)
    .option('--retries <n>', 'extra attempts after a network failure (resuming)', intFlag('--retries', 0, 100), 4)
    .option('--durations', 'then make the model return its per-token durations (word timings, captions, pauses), in place; recorded in the manifest')
    .addHelpText('after', `\nVariants:\n${VARIANTS.map((v) => `  ${v.padEnd(9)} ${MODEL_FILES[v].path.padEnd(26)} ~${MODEL_FILES[v].approxMB} MB  ${MODEL_FILES[v].note}`).join('\n')}\n`)
    .action(async (flags: DownloadFlags, cmd: Command) => {
      const config = await configFor(cmd, false, ['voicesDir', 'model']);
      const d = resolveDownload(flags, process.env, process.cwd(), flags.voicesDir ?? config.values.voicesDir);
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
