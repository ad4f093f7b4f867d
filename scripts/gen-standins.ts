/**
 * Regenerates the committed small stand-in models:
 *   npm run gen:standins
 * writes test/fixtures/models/kokoro-standin.onnx (onnx-community names) and
 * test/fixtures/models/kokoro-standin-tokens.onnx (kokoro-onnx names) and
 * test/fixtures/models/kokoro-standin-durations.onnx (onnx-community names, plus a `durations` output).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib';
import { buildSmallStandin } from './standin/small';

const dir = join(ROOT, 'test', 'fixtures', 'models');
mkdirSync(dir, { recursive: true });
for (const [file, layout, durationsOutput] of [
  ['kokoro-standin.onnx', 'onnx-community', false],
  ['kokoro-standin-tokens.onnx', 'kokoro-onnx', false],
  ['kokoro-standin-durations.onnx', 'onnx-community', true],
] as const) {
  const bytes = buildSmallStandin({ layout, durationsOutput });
  writeFileSync(join(dir, file), bytes);
  console.log(`${file}: ${bytes.length} bytes (${layout} layout${durationsOutput ? ', durations output' : ''})`);
}
