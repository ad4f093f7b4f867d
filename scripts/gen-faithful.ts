/**
 * Generates the cost-faithful stand-in (not committed; about 320 MB):
 *   npm run gen:faithful [-- OUT.onnx]
 * default output: models/kokoro-standin-faithful.onnx. Idempotent: the output is deterministic,
 * and an existing file with the expected size is kept.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT } from './lib';
import { mkdirSync } from 'node:fs';
import { atomicWriteFile } from '../src/util/fs';
import { buildFaithfulStandin } from './standin/faithful';

export const FAITHFUL_PATH = join(ROOT, 'models', 'kokoro-standin-faithful.onnx');

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? FAITHFUL_PATH);
  const t0 = performance.now();
  const { bytes, parameters } = buildFaithfulStandin();
  if (existsSync(out) && statSync(out).size === bytes.length && !process.argv.includes('--force')) {
    console.log(`${out} is present (${bytes.length} bytes)`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  await atomicWriteFile(out, bytes);
  console.log(`${out}: ${(parameters / 1e6).toFixed(1)} M parameters, ${(bytes.length / 1e6).toFixed(0)} MB, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
void main();
