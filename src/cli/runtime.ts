import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { installedRuntimes, installRuntime, readRuntimeManifest, bundledOrtNode, RUNTIME_RELEASE } from '../download/runtime';
import { KokoroError } from '../util/errors';
import { intFlag } from './parse';
import { checkDataDirWritable } from './paths';
import { resolveDataHome, runtimesIn, type DataHome } from './data-home';
import { progressPrinter } from './progress';
import { configFor } from './settings';

/** The onnxruntime a command runs on, resolved at the edge. */
export interface RuntimeChoice {
  /** An installed runtime's folder; null = the bundled onnxruntime-node. */
  readonly dir: string | null;
  /** For reports: "1.24.3" (bundled) or "1.24.3 binding + onnxruntime 1.32.0 library". */
  readonly label: string;
}

/** ./runtimes first (a checkout's), then the data folder's runtimes/. */
export function runtimeDirs(cwd: string, home: DataHome): string[] {
  return [...new Set([join(cwd, 'runtimes'), runtimesIn(home)])];
}

/** auto: the newest installed runtime made for the bundled onnxruntime-node, else the bundled; bundled; or a folder. */
export async function resolveRuntime(setting: string, cwd: string, home: DataHome): Promise<RuntimeChoice> {
  const bundled = await bundledOrtNode();
  const installedLabel = (lib: string): string => `${bundled.version} binding + onnxruntime ${lib} library`;
  if (setting === 'bundled') return { dir: null, label: bundled.version };
  if (setting === 'auto') {
    const [best] = await installedRuntimes(runtimeDirs(cwd, home), bundled.version);
    return best ? { dir: best.dir, label: installedLabel(best.manifest.onnxruntime) } : { dir: null, label: bundled.version };
  }
  const dir = resolve(cwd, setting);
  const m = await readRuntimeManifest(dir);
  if (!m) throw new KokoroError('runtime', `${dir} is not an installed runtime (no runtime.json)`, 'install one with `kokoro-ts runtime install`, or use --runtime auto or bundled');
  if (m.onnxruntimeNode !== bundled.version) {
    throw new KokoroError('runtime', `the runtime in ${dir} was made for onnxruntime-node ${m.onnxruntimeNode}, this is ${bundled.version}`, 'reinstall it: kokoro-ts runtime install --force');
  }
  return { dir, label: installedLabel(m.onnxruntime) };
}

interface InstallFlags {
  dir?: string;
  force?: boolean;
  from?: string;
  timeout: number;
  retries: number;
}

export function registerRuntime(program: Command): void {
  const cmd = program
    .command('runtime')
    .description('the onnxruntime the sessions run on: the bundled onnxruntime-node, or a newer library installed beside it (faster on the int8 model)')
    .option('--runtime <which>', 'show what this setting would use: auto, bundled or a runtime folder')
    .action(async (_f: unknown, c: Command) => {
      const config = await configFor(c, false);
      const cwd = process.cwd();
      const home = resolveDataHome(process.env, cwd);
      const bundled = await bundledOrtNode();
      const installed = await installedRuntimes(runtimeDirs(cwd, home), bundled.version);
      const lines = [`bundled: onnxruntime-node ${bundled.version}`];
      for (const r of installed) lines.push(`installed: onnxruntime ${r.manifest.onnxruntime} library with the ${r.manifest.onnxruntimeNode} binding, in ${r.dir}`);
      if (installed.length === 0) lines.push(`installed: none (kokoro-ts runtime install adds onnxruntime ${RUNTIME_RELEASE.version})`);
      const chosen = await resolveRuntime(config.values.runtime, cwd, home);
      lines.push(`in use (runtime = ${config.values.runtime}): ${chosen.dir ?? 'bundled'}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  cmd
    .command('install')
    .description(`fetch onnxruntime ${RUNTIME_RELEASE.version}'s library from PyPI (its onnxruntime wheel, sha256-pinned) and set it up with the bundled binding; then runtime auto uses it`)
    .option('--dir <dir>', 'runtimes folder to install into (default: the data folder\'s runtimes/)')
    .option('--force', 'install again even if present')
    .option('--from <url>', 'fetch the wheel from this base URL (a mirror) instead of PyPI')
    .option('--timeout <s>', 'give up on a stalled connection after this many seconds', intFlag('--timeout', 1, 3600), 30)
    .option('--retries <n>', 'extra attempts after a network failure (resuming)', intFlag('--retries', 0, 100), 4)
    .action(async (f: InstallFlags) => {
      const home = resolveDataHome(process.env, process.cwd());
      const dir = f.dir ? resolve(process.cwd(), f.dir) : runtimesIn(home);
      if (!f.dir) checkDataDirWritable(dir, home);
      const progress = progressPrinter(process.stderr.isTTY === true, (s) => void process.stderr.write(s));
      const r = await installRuntime({
        dir,
        ...(f.from ? { from: f.from } : {}),
        download: { stallTimeoutMs: f.timeout * 1000, retries: f.retries, backoffMs: 1000, force: f.force === true, onProgress: (p) => progress.update(p), onNotice: (m) => process.stderr.write(`${m}\n`) },
      });
      progress.end();
      const found = runtimeDirs(process.cwd(), home).includes(dir);
      const use = found ? 'runtime auto (the default) uses it, --runtime bundled does not' : `use it with --runtime ${r.dir} (auto looks in ${runtimeDirs(process.cwd(), home).join(' and ')})`;
      process.stderr.write(r.skipped
        ? `onnxruntime ${r.manifest.onnxruntime} is already installed in ${r.dir}; ${use}\n`
        : `Installed onnxruntime ${r.manifest.onnxruntime} (library from ${r.manifest.wheel}) with the onnxruntime-node ${r.manifest.onnxruntimeNode} binding in ${r.dir}; ${use}\n`);
    });
}
