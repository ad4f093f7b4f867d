/**
 * node dist/scripts/conv2d-model.js IN.onnx OUT.onnx
 *
 * Writes a copy of a model with its 1-D convolutions as 2-D ones (src/engine/conv2d.ts): the
 * rewrite the optimized-model cache applies by itself, for use with the cache off or with other
 * tools.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';
import { convsTo2d } from '../src/engine/conv2d';

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: node dist/scripts/conv2d-model.js IN.onnx OUT.onnx');
  process.exit(2);
}
const model = onnx.ModelProto.decode(readFileSync(src));
const r = convsTo2d(model);
const tmp = `${dst}.${process.pid}.tmp`;
writeFileSync(tmp, onnx.ModelProto.encode(model).finish());
renameSync(tmp, dst);
console.log(`${dst}: ${r.rewritten} Conv ops now 2-D; ${r.skipped} left as they were`);
