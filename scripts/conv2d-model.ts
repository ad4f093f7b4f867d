/**
 * node dist/scripts/conv2d-model.js IN.onnx OUT.onnx
 *
 * Writes a copy of a model with the graph rewrites the optimized-model cache applies by itself
 * (src/engine/graph-rewrites.ts: 1-D float convolutions as 2-D ones, integer convolutions in tiles
 * along time), for use with the cache off or with other tools.
 */
import { readFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';
import { speedRewrites } from '../src/engine/graph-rewrites';
import { atomicWriteFile } from '../src/util/fs';

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: node dist/scripts/conv2d-model.js IN.onnx OUT.onnx');
  process.exit(2);
}
const model = onnx.ModelProto.decode(readFileSync(src));
const r = speedRewrites(model);
void atomicWriteFile(dst, onnx.ModelProto.encode(model).finish()).then(() => {
  console.log(`${dst}: ${r.conv2d} Conv ops now 2-D, ${r.tiled} ConvInteger ops in tiles`);
});
