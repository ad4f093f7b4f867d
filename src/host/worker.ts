/**
 * An engine-host worker thread: one engine (its own ONNX Runtime session with its share of the
 * threads) serving synthesis jobs one at a time, each chunk posted back as soon as it exists with its
 * samples transferred, not copied. session.run blocks the thread that calls it, so parallel sessions
 * need threads of their own. A cancelled job stops after the chunk in progress. Sentences are
 * phonemized by the host (RemotePhonemes), once for all workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, type AudioChunk, type Engine, type SynthesisRequest } from '../engine';
import type { FromHost, HostSetup, ToHost } from './protocol';
import { RemotePhonemes } from './remote-phonemes';
import { toWireError as wire } from './wire-error';

const setup = workerData as HostSetup;
const port = parentPort!;
const post = (m: FromHost): void => port.postMessage(m);
const cancelled = new Set<number>();
// Phonemes come from the host's one store: lexicons, tagger and espeak are not loaded per worker.
const phonemes = new RemotePhonemes(post);

function postChunk(id: number, chunk: AudioChunk): void {
  const buf = chunk.samples.buffer;
  const whole = chunk.samples.byteOffset === 0 && chunk.samples.byteLength === buf.byteLength && buf instanceof ArrayBuffer;
  try {
    port.postMessage({ type: 'chunk', id, chunk } satisfies FromHost, whole ? [buf] : []);
  } catch {
    // A buffer the runtime will not let go of (external memory) is copied instead.
    port.postMessage({ type: 'chunk', id, chunk: { ...chunk, samples: chunk.samples.slice() } } satisfies FromHost);
  }
}

async function run(engine: Engine, id: number, request: SynthesisRequest): Promise<void> {
  try {
    for await (const chunk of engine.synthesize(request)) {
      if (cancelled.has(id)) break;
      postChunk(id, chunk);
    }
    post({ type: 'done', id });
  } catch (e) {
    post({ type: 'failed', id, error: wire(e) });
  } finally {
    cancelled.delete(id);
  }
}

/** One bare model call; the samples are transferred back, not copied. */
async function runOnce(engine: Engine, id: number, ids: readonly number[], style: Float32Array, speed: number): Promise<void> {
  try {
    const out = await engine.runIds(ids, style, speed);
    const samples = out.samples.byteOffset === 0 && out.samples.byteLength === out.samples.buffer.byteLength ? out.samples : out.samples.slice();
    try {
      port.postMessage({ type: 'ran', id, samples, durations: out.durations } satisfies FromHost, [samples.buffer as ArrayBuffer]);
    } catch {
      port.postMessage({ type: 'ran', id, samples: samples.slice(), durations: out.durations } satisfies FromHost);
    }
  } catch (e) {
    post({ type: 'failed', id, error: wire(e) });
  }
}

async function main(): Promise<void> {
  let engine: Engine;
  const t0 = performance.now();
  // Answers to phoneme requests must get through while the engine loads (its warm-up asks for some).
  port.on('message', (m: ToHost) => {
    if (m.type === 'phonemes' || m.type === 'phonemes-failed') phonemes.answer(m);
  });
  try {
    engine = await createEngine(setup.engine, { phonemes });
  } catch (e) {
    post({ type: 'fatal', error: wire(e) });
    port.close(); // the phoneme listener would keep the thread alive
    return;
  }
  post({ type: 'ready', loadMs: performance.now() - t0, durations: engine.contract.durationsOutput !== null, contract: engine.contract });
  let chain = Promise.resolve();
  port.on('message', (m: ToHost) => {
    if (m.type === 'phonemes' || m.type === 'phonemes-failed') return;
    if (m.type === 'cancel') cancelled.add(m.id);
    else if (m.type === 'job') chain = chain.then(() => run(engine, m.id, m.request));
    else if (m.type === 'run') chain = chain.then(() => runOnce(engine, m.id, m.ids, m.style, m.speed));
    else {
      chain = chain.then(async () => {
        await engine.close();
        port.close();
      });
    }
  });
}

void main();
