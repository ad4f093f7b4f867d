import type { onnx } from 'onnx-proto';
import { convsTo2d } from './conv2d';
import { tileConvIntegers } from './tile-convs';

/**
 * The graph rewrites the optimized-model cache applies before onnxruntime optimizes a model (and
 * `npm run conv2d` writes to a file): float 1-D convolutions as 2-D ones (conv2d.ts) and integer ones
 * in tiles along time (tile-convs.ts). Both compute the same audio, faster.
 */
export interface RewriteCounts {
  readonly conv2d: number;
  readonly tiled: number;
}

export function speedRewrites(model: onnx.ModelProto): RewriteCounts {
  return { conv2d: convsTo2d(model).rewritten, tiled: tileConvIntegers(model).tiled };
}
