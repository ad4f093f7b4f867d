import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ExitCode, KokoroError } from '../util/errors';

/**
 * The one folder per user where models, voices and installed runtimes live: KOKORO_HOME if set;
 * else the platform's data folder ($XDG_DATA_HOME/kokoro-ts or ~/.local/share/kokoro-ts on Linux,
 * ~/Library/Application Support/kokoro-ts on macOS, %LOCALAPPDATA%\kokoro-ts on Windows). Never the
 * package's own folder: a global install's folder is replaced on upgrade and often not writable.
 */
export interface DataHome {
  readonly dir: string;
  /** Why this folder, for `config` and messages: "KOKORO_HOME", "$XDG_DATA_HOME", "the Linux default". */
  readonly why: string;
}

export interface DataHomeInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly cwd: string;
}

export function dataHomeOf(i: DataHomeInputs): DataHome {
  const { env } = i;
  if (env.KOKORO_HOME !== undefined && env.KOKORO_HOME.trim() !== '') return { dir: resolve(i.cwd, env.KOKORO_HOME), why: 'KOKORO_HOME' };
  if (i.platform === 'darwin') return { dir: join(i.home, 'Library', 'Application Support', 'kokoro-ts'), why: 'the macOS default' };
  if (i.platform === 'win32') {
    const local = env.LOCALAPPDATA ?? join(i.home, 'AppData', 'Local');
    return { dir: join(local, 'kokoro-ts'), why: env.LOCALAPPDATA ? '%LOCALAPPDATA%' : 'the Windows default' };
  }
  // The XDG spec ignores a relative XDG_DATA_HOME.
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return { dir: join(env.XDG_DATA_HOME, 'kokoro-ts'), why: '$XDG_DATA_HOME' };
  return { dir: join(i.home, '.local', 'share', 'kokoro-ts'), why: 'the default ~/.local/share' };
}

/** The data folder for this process; a path that exists but is not a folder is refused up front. */
export function resolveDataHome(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): DataHome {
  const h = dataHomeOf({ env, platform: process.platform, home: homedir(), cwd });
  const st = statSync(h.dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) {
    throw new KokoroError('data-dir', `the data folder ${h.dir} (from ${h.why}) is a file, not a folder`, 'set KOKORO_HOME to a folder (or remove the file)', ExitCode.Io);
  }
  return h;
}

/** The data folder's parts. */
export const modelsIn = (h: DataHome): string => join(h.dir, 'models');
export const voicesIn = (h: DataHome): string => join(h.dir, 'voices');
export const runtimesIn = (h: DataHome): string => join(h.dir, 'runtimes');
export const resultsIn = (h: DataHome): string => join(h.dir, 'bench-results');
