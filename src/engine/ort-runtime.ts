import type * as Ort from 'onnxruntime-node';
import { join, resolve } from 'node:path';
import { ExitCode, KokoroError, messageOf } from '../util/errors';

export type OrtModule = typeof Ort;

/**
 * Which onnxruntime the sessions run on: null = the onnxruntime-node package this one depends on;
 * a folder = an installed runtime (`kokoro-ts runtime install`: onnxruntime-node's own JavaScript and
 * binding, run on a newer onnxruntime library, in FOLDER/node_modules/onnxruntime-node).
 */
export type RuntimeDir = string | null;

let loaded: { readonly dir: RuntimeDir; readonly ort: OrtModule } | null = null;

const nameOf = (dir: RuntimeDir): string => (dir === null ? 'the bundled onnxruntime-node' : `the runtime in ${dir}`);

/**
 * onnxruntime-node, loaded on first use (nothing imports it eagerly: a process can only ever hold one
 * onnxruntime library, both answer to the name libonnxruntime.so.1). Asking for another runtime
 * after one is loaded is an error naming both.
 */
export function ortRuntime(runtime: RuntimeDir = null): OrtModule {
  const dir = runtime === null ? null : resolve(runtime);
  if (loaded) {
    if (loaded.dir !== dir) {
      throw new KokoroError('runtime', `one onnxruntime per process: ${nameOf(loaded.dir)} is loaded, ${nameOf(dir)} was asked for`, undefined, ExitCode.Failure);
    }
    return loaded.ort;
  }
  let ort: OrtModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ort = dir === null ? (require('onnxruntime-node') as OrtModule) : (require(join(dir, 'node_modules', 'onnxruntime-node')) as OrtModule);
  } catch (e) {
    if (dir === null) throw e;
    throw new KokoroError('runtime', `cannot load ${nameOf(dir)}: ${messageOf(e).split('\n')[0]}`, 'reinstall it with `kokoro-ts runtime install --force`, or use the bundled one (--runtime bundled)', ExitCode.Model, { cause: e });
  }
  loaded = { dir, ort };
  return ort;
}
