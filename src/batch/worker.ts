/**
 * A batch worker thread: one engine (its own ONNX Runtime session with its share of the threads),
 * speaking the lines it is sent, each into its own file (temp file, renamed when complete).
 * session.run blocks the thread that calls it, so parallel sessions need threads of their own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine';
import { fileSink } from '../audio/sink';
import { speakTo } from '../audio/speak';
import { tempPathFor } from '../util/fs';
import { isKokoroError, messageOf } from '../util/errors';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);

async function speak(engine: Engine, item: { line: number; name: string; text: string }): Promise<void> {
  const target = join(setup.outDir, `${item.name}.${setup.format}`);
  const tmp = tempPathFor(target);
  post({ type: 'temp', path: tmp });
  try {
    const sink = await fileSink(target, tmp, setup.format);
    const r = await speakTo(engine, { text: item.text, voice: setup.voice, speed: setup.speed }, sink);
    post({ type: 'done', line: item.line, path: target, samples: r.samples, wallMs: r.wallMs });
  } catch (e) {
    post({ type: 'failed', line: item.line, message: messageOf(e) });
  }
}

async function main(): Promise<void> {
  let engine: Engine;
  const t0 = performance.now();
  try {
    engine = await createEngine(setup.engine);
  } catch (e) {
    post({ type: 'fatal', message: messageOf(e), hint: isKokoroError(e) ? e.hint : undefined, exitCode: isKokoroError(e) ? e.exitCode : 1 });
    return;
  }
  post({ type: 'ready', loadMs: performance.now() - t0 });
  let chain = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'item') chain = chain.then(() => speak(engine, m.item));
    else chain = chain.then(async () => {
      await engine.close();
      port.close();
    });
  });
}

void main();
