import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE } from '../src/engine';
import { benchCase, type BenchRunOptions } from '../src/bench/run';
import { STANDIN, VOICES } from './helpers';

const OPTIONS: BenchRunOptions = {
  engine: { ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 30, phonemeCacheSize: 0, pipelineDepth: 1, g2p: 'espeak' },
  voice: 'af_heart', lang: undefined, speed: 1, iterations: 2, warmup: 0, rawReference: false, streamFirstChunkTokens: undefined, timestamps: false,
};
const CASE = { name: 'short', text: 'Hello there. This is a short case, cut in a few chunks.' };

test('bench runs a case with the options as resolved: the pipeline it reports is theirs, with no defaults filled in below', async () => {
  const r = await benchCase(CASE, OPTIONS);
  assert.equal(r.pipeline?.pipelineDepth, 1);
  assert.equal(r.pipeline?.g2p, 'espeak');
  assert.equal(r.pipeline?.maxChunkTokens, 30);
  assert.equal(r.rtf.n, 2);
  assert.equal(r.rawModelMs.n, 0, 'rawReference false: no bare model runs');
  assert.equal(r.stream, undefined);
});

test('bench with the raw reference and the streamed form asked for times both each iteration', async () => {
  const r = await benchCase(CASE, { ...OPTIONS, rawReference: true, streamFirstChunkTokens: 8, engine: { ...OPTIONS.engine, pipelineDepth: 3 } });
  assert.equal(r.pipeline?.pipelineDepth, 3);
  assert.equal(r.rawModelMs.n, 2);
  assert.ok(r.stream, 'the streamed form was timed');
});
