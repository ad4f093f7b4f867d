import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

/**
 * A fresh clone's `npm install` needs nothing but the npm registry. onnxruntime-node's postinstall
 * would fetch CUDA libraries from nuget.org on linux/x64 unless skipped; the skip lives in npm's own
 * install-script policy (package.json allowScripts), not in an .npmrc key npm 11 warns about and
 * npm 12 ignores. (The install itself was checked with strace: see the commit that made the change.)
 */
test('package.json denies onnxruntime-node\'s install script; no unknown .npmrc key; CI runs the README\'s test command', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean>; dependencies: Record<string, string> };
  assert.equal(pkg.allowScripts?.['onnxruntime-node'], false);
  assert.ok('onnxruntime-node' in pkg.dependencies);
  const npmrc = join(ROOT, '.npmrc');
  if (existsSync(npmrc)) assert.doesNotMatch(readFileSync(npmrc, 'utf8'), /^\s*onnxruntime-node-install/m);
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm test$/m);
  assert.match(ci, /libonnxruntime_providers_cuda/, 'CI fails if CUDA files were downloaded');
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /^npm test$/m);
});
