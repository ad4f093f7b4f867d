import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, type AudioChunk, type EngineOptions } from '../src/engine';
import { EngineHost } from '../src/host/pool';
import { parallelRunner } from '../src/host/parallel-runner';
import { KokoroError } from '../src/util/errors';
import { QUEUE_HIGH_WATER, streamSink } from '../src/audio/sink';
import { STANDIN, VOICES } from './helpers';

const OPTS: EngineOptions = { ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 30, phonemeCacheSize: 0 };
const TEXT = 'One sentence here. Another one, with a clause. A third sentence follows it. The last one!';
const REQ = { text: TEXT, voice: 'af_heart', speed: 1 };

async function collect(chunks: AsyncIterable<AudioChunk>): Promise<AudioChunk[]> {
  const out: AudioChunk[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

test('engine host: chunks from a worker equal the in-process engine\'s, phonemes, spans and samples', async () => {
  const engine = await createEngine(OPTS);
  const want = await collect(engine.synthesize(REQ));
  await engine.close();
  const host = await EngineHost.start([{ engine: OPTS }, { engine: OPTS }]);
  try {
    assert.equal(host.size, 2);
    assert.equal(host.loadMs.length, 2);
    const [a, b] = await Promise.all([collect(host.synthesize(REQ)), collect(host.synthesize(REQ))]);
    for (const got of [a, b]) {
      assert.equal(got.length, want.length);
      assert.ok(want.length >= 3, `several chunks: ${want.length}`);
      got.forEach((c, i) => {
        assert.equal(c.phonemes, want[i]!.phonemes);
        assert.deepEqual(c.spans, want[i]!.spans);
        assert.ok(c.samples instanceof Float32Array);
        assert.deepEqual(c.samples, want[i]!.samples);
      });
    }
  } finally {
    await host.close();
  }
});

test('engine host: stopping early cancels the job and frees the worker; errors arrive as KokoroError', async () => {
  const host = await EngineHost.start([{ engine: OPTS }]);
  try {
    let seen = 0;
    for await (const _ of host.synthesize(REQ)) {
      seen++;
      break;
    }
    assert.equal(seen, 1);
    const next = await collect(host.synthesize({ ...REQ, text: 'Served after the cancel.' }));
    assert.ok(next.length >= 1 && next[next.length - 1]!.last, 'the one worker serves the next job');
    await assert.rejects(collect(host.synthesize({ ...REQ, voice: 'af_nobody' })), (e: unknown) => e instanceof KokoroError && e.code === 'voice-unknown');
    const aborted = new AbortController();
    const job = collect(host.synthesize(REQ, aborted.signal));
    aborted.abort();
    await assert.rejects(job, (e: unknown) => e instanceof KokoroError && e.code === 'interrupted');
    assert.equal((await collect(host.synthesize(REQ))).length >= 3, true, 'still serving after an abort');
    // Aborted before the job is even asked for (a server's client gone while its body was read):
    // the job never reaches a worker, and says so rather than running for nobody.
    const gone = new AbortController();
    gone.abort();
    let chunks = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of host.synthesize(REQ, gone.signal)) chunks++;
      })(),
      (e: unknown) => e instanceof KokoroError && e.code === 'interrupted',
    );
    assert.equal(chunks, 0, 'no chunk made for an aborted request');
    assert.equal(host.queued, 0);
    assert.ok((await collect(host.synthesize(REQ))).length >= 3, 'the worker is free for the next job');
  } finally {
    await host.close();
  }
});

test('engine host: a worker that dies fails its job with a clear error instead of ending it quietly', async () => {
  // A heap far too small for a long text's work: the worker thread is killed mid-job.
  const host = await EngineHost.start([{ engine: OPTS }], { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 });
  const huge = Array.from({ length: 4000 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
  try {
    await assert.rejects(collect(host.synthesize({ ...REQ, text: huge })), (e: unknown) => e instanceof KokoroError && /engine worker/.test(e.message));
    assert.equal(host.size, 0);
    assert.throws(() => host.synthesize(REQ), (e: unknown) => e instanceof KokoroError && /no engine worker/.test(e.message));
  } finally {
    await host.close();
  }
});

test('engine host: a worker that cannot load its engine fails the start', async () => {
  await assert.rejects(EngineHost.start([{ engine: { ...OPTS, modelPath: '/nonexistent/model.onnx' } }]), (e: unknown) => e instanceof KokoroError && e.code === 'model-missing');
});

test('stream sink: writes in order and holds the producer back while a slow reader lags', async () => {
  const received: Buffer[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((res) => (release = res));
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      received.push(chunk);
      void gate.then(() => cb());
    },
  });
  const sink = streamSink(slow, 'pcm');
  const block = new Int16Array(QUEUE_HIGH_WATER / 2 + 1); // one write over the high-water mark
  block[0] = 7;
  sink.write(block);
  let ready = false;
  const r = sink.ready().then(() => (ready = true));
  await new Promise((res) => setTimeout(res, 50));
  assert.equal(ready, false, 'the producer waits while more than the high-water mark is queued');
  release();
  await r;
  sink.write(Int16Array.of(1, 2));
  await sink.finish();
  const all = Buffer.concat(received);
  assert.equal(all.length, block.byteLength + 4);
  assert.equal(all.readInt16LE(0), 7);
  assert.equal(all.readInt16LE(block.byteLength + 2), 2);
});

test('parallel sessions for one text: two worker sessions give the in-process engine\'s chunks, in order, sample for sample', async () => {
  const many = Array.from({ length: 6 }, () => TEXT).join(' ');
  const local = await createEngine(OPTS);
  const want = await collect(local.synthesize({ ...REQ, text: many }));
  await local.close();
  const engine = await createEngine(OPTS, { runner: parallelRunner(2, 1) });
  try {
    assert.equal(engine.modelPath, OPTS.modelPath);
    assert.equal(engine.contract.audioOutput, 'waveform');
    const got = await collect(engine.synthesize({ ...REQ, text: many }));
    assert.ok(want.length >= 6, `several chunks: ${want.length}`);
    assert.equal(got.length, want.length);
    got.forEach((c, i) => {
      assert.equal(c.index, i);
      assert.equal(c.last, i === want.length - 1);
      assert.equal(c.phonemes, want[i]!.phonemes);
      assert.deepEqual(c.samples, want[i]!.samples);
    });
    await assert.rejects(collect(engine.synthesize({ ...REQ, voice: 'af_nobody' })), (e: unknown) => e instanceof KokoroError && e.code === 'voice-unknown');
  } finally {
    await engine.close();
  }
});
