import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine, type Schedule } from '../src/engine';
import { DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE } from '../src/engine';
import { PcmBuffer, estimateSamples } from '../src/audio/pcm-buffer';
import { runCli, STANDIN, VOICES, standinArgs, tempDir } from './helpers';

const TEXT = 'One sentence here. Another one, with a clause. One sentence here. The last one!';

async function audioOf(engine: Engine, text: string, schedule?: Schedule): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for await (const c of engine.synthesize({ text, voice: 'af_heart', speed: 1, schedule })) out.push(c.samples);
  return out;
}

function engineWith(cache: number, depth: number): Promise<Engine> {
  return createEngine({ ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 30, phonemeCacheSize: cache, pipelineDepth: depth });
}

test('the phoneme cache never changes the audio, and counts hits and misses', async () => {
  const cached = await engineWith(64, 4);
  const plain = await engineWith(0, 0);
  try {
    const first = await audioOf(cached, TEXT);
    const stats1 = cached.cacheStats();
    assert.equal(stats1.misses, 3, 'three distinct sentences');
    assert.equal(stats1.hits, 1, 'the repeated sentence');
    const second = await audioOf(cached, TEXT);
    assert.equal(cached.cacheStats().hits, 5, 'all four sentences from the cache');
    const uncached = await audioOf(plain, TEXT);
    assert.equal(plain.cacheStats().hits, 0);
    assert.ok(first.length >= 3, `${first.length} chunks`);
    assert.deepEqual(second, first);
    assert.deepEqual(uncached, first, 'no cache and no pipelining: the same samples');
  } finally {
    await cached.close();
    await plain.close();
  }
});

test('every schedule (pipelined at any depth, stream-once, front-end-first) gives the same chunks and samples', async () => {
  const ref = await engineWith(0, 0);
  const deep = await engineWith(0, 16);
  const other = await engineWith(0, 4);
  try {
    const want = await audioOf(ref, TEXT);
    assert.ok(want.length >= 3, `several chunks: ${want.length}`);
    assert.deepEqual(await audioOf(deep, TEXT), want);
    assert.deepEqual(await audioOf(other, TEXT, { kind: 'pipelined', depth: 1 }), want);
    assert.deepEqual(await audioOf(other, TEXT, { kind: 'stream-once' }), want);
    assert.deepEqual(await audioOf(other, TEXT, { kind: 'front-end-first' }), want);
    // The phonemizer was closed after the text; a second text starts a new one and still works.
    assert.deepEqual(await audioOf(other, TEXT, { kind: 'front-end-first' }), want);
  } finally {
    for (const e of [ref, deep, other]) await e.close();
  }
});

test('synth --verbose and bench JSON report the cache counts', async () => {
  const r = await runCli(['synth', TEXT, ...standinArgs(), '-o', join(tempDir(), 'a.wav'), '--verbose']);
  assert.match(r.stderr, /phoneme cache: 1 hits, 3 misses/);
  const json = join(tempDir(), 'b.json');
  const b = await runCli(['bench', ...standinArgs(), '--cases', 'short', '--iterations', '2', '--cache', '--json', json]);
  assert.equal(b.code, 0, b.stderr);
  const c = JSON.parse(readFileSync(json, 'utf8')).cases[0].cache;
  assert.deepEqual(c, { enabled: true, hits: 3, misses: 1 }, 'cold run misses; warm-up and two iterations hit');
});

test('the output buffer is sized from the text once and grows by doubling when the estimate is short', () => {
  const b = new PcmBuffer(estimateSamples(100, 1));
  assert.ok(b.capacity >= (100 / 15) * 24000, 'about 15 characters a second');
  b.append(new Int16Array(1000).fill(7));
  assert.equal(b.grows, 0);
  const small = new PcmBuffer(10);
  for (let i = 0; i < 100; i++) small.append(Int16Array.of(i, i));
  assert.equal(small.length, 200);
  assert.ok(small.grows <= 5, `${small.grows} grows for 100 appends`);
  assert.deepEqual([...small.samples().subarray(196)], [98, 98, 99, 99]);
});
