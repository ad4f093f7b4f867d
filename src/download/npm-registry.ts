/** Where the voice packs come from on npm: the package kokoro-js ships all 54 v1.0 packs, byte-identical to Hugging Face's. */
export const NPM_PACKAGE = 'kokoro-js';
export const NPM_VERSION = '1.2.1';
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

export interface NpmRegistry {
  /** Always ends with a slash. */
  readonly url: string;
  /** Where the setting came from, for messages: --registry, npm_config_registry, a .npmrc path, or npm's default. */
  readonly from: string;
}

/** ${VAR} in an .npmrc value, as npm expands it. */
function expand(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/(\\*)\$\{([^}]+)\}/g, (m, slashes: string, name: string) => (slashes.length % 2 ? m.slice(1) : `${slashes}${env[name] ?? ''}`));
}

/** The `registry=` value of an .npmrc (ini; the last one wins, as in npm), or undefined. Scoped (@x:registry) lines are not ours. */
export function npmrcRegistry(text: string, env: Readonly<Record<string, string | undefined>> = {}): string | undefined {
  let found: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^registry\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[1]!.trim();
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    v = expand(v, env).trim();
    if (v) found = v;
  }
  return found;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export interface NpmConfigSources {
  /** --registry, if given. */
  readonly flag?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project's .npmrc (in the working folder) and the user's (~/.npmrc or $npm_config_userconfig): path and text, null when absent. */
  readonly projectNpmrc: { readonly path: string; readonly text: string } | null;
  readonly userNpmrc: { readonly path: string; readonly text: string } | null;
}

/**
 * The registry npm itself would use for an unscoped package, in npm's order: the command line
 * (--registry), the environment (npm_config_registry, any case), the project .npmrc, the user
 * .npmrc, then npm's default. The URL is not validated here (the CLI does).
 */
export function resolveNpmRegistry(s: NpmConfigSources): NpmRegistry {
  if (s.flag) return { url: withSlash(s.flag), from: '--registry' };
  const envKey = Object.keys(s.env).find((k) => k.toLowerCase() === 'npm_config_registry' && s.env[k]);
  if (envKey) return { url: withSlash(s.env[envKey]!.trim()), from: envKey };
  for (const rc of [s.projectNpmrc, s.userNpmrc]) {
    const v = rc ? npmrcRegistry(rc.text, s.env) : undefined;
    if (v) return { url: withSlash(v), from: rc!.path };
  }
  return { url: DEFAULT_NPM_REGISTRY, from: "npm's default" };
}
