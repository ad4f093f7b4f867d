import { readFileSync } from 'node:fs';

/** An installed package's version from its package.json, or 'unknown'; loads nothing else of it. */
export function packageVersion(name: string): string {
  return versionIn(() => require.resolve(`${name}/package.json`));
}

/** The version in a package.json file, or 'unknown'. */
export function versionIn(packageJson: () => string): string {
  try {
    return (JSON.parse(readFileSync(packageJson(), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
