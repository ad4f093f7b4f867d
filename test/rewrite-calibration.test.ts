import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALIBRATION_LENGTHS, calibrationIds, calibrationStyle, chooseRewrites, KEEP_RATIO, timeCandidates } from '../src/engine/rewrite-calibration';
import { NO_REWRITES, parseRewrites, rewriteName, type RewriteChoice } from '../src/engine/graph-rewrites';
import { PAD_ID, STYLE_DIM } from '../src/spec';

const CONV2D: RewriteChoice = { conv2d: true, tileFrames: null };
const TILES: RewriteChoice = { conv2d: false, tileFrames: 1024 };

test('chooseRewrites: a rewrite is kept only if it wins by the margin on every input length', () => {
  const base = { choice: NO_REWRITES, medianMs: [100, 1000] };
  // Faster on long calls, slower on short ones (as on the CPU where the tiles lost): not kept.
  assert.equal(rewriteName(chooseRewrites([base, { choice: TILES, medianMs: [104, 700] }])), 'none');
  // Within the noise margin: not kept.
  assert.equal(rewriteName(chooseRewrites([base, { choice: TILES, medianMs: [100 * KEEP_RATIO + 0.5, 900] }])), 'none');
  // Faster everywhere: kept.
  assert.equal(rewriteName(chooseRewrites([base, { choice: TILES, medianMs: [90, 800] }])), 'tiles:1024');
  // Two winners are applied together; a loser beside a winner is left out.
  assert.equal(rewriteName(chooseRewrites([base, { choice: CONV2D, medianMs: [95, 900] }, { choice: TILES, medianMs: [90, 800] }])), 'conv2d+tiles:1024');
  assert.equal(rewriteName(chooseRewrites([base, { choice: CONV2D, medianMs: [120, 1400] }, { choice: TILES, medianMs: [90, 800] }])), 'tiles:1024');
  // Nothing measured against none: none.
  assert.equal(rewriteName(chooseRewrites([{ choice: TILES, medianMs: [1, 1] }])), 'none');
});

test('timeCandidates: interleaved rounds after a warm-up, every candidate on every input, medians per input', async () => {
  const calls: string[] = [];
  // A clock the candidates advance: the timings are exact, whatever else the machine is doing.
  let now = 0;
  const slow = (name: string, ms: number) => ({
    choice: name === 'a' ? NO_REWRITES : TILES,
    run: async (ids: readonly number[]): Promise<void> => {
      calls.push(`${name}${ids.length}`);
      now += ms * ids.length + calls.length / 1000;
      await new Promise((r) => setImmediate(r));
    },
  });
  const timings = await timeCandidates([slow('a', 0.5), slow('b', 0.1)], [[1, 2], [1, 2, 3, 4]], 3, () => now);
  assert.equal(calls.length, 2 * 2 * 4, 'one warm-up round and three measured rounds');
  // Interleaved: the order rotates from round to round.
  assert.deepEqual(calls.slice(4, 8), ['a2', 'a4', 'b2', 'b4']);
  assert.deepEqual(calls.slice(8, 12), ['b2', 'b4', 'a2', 'a4']);
  // Each median is the time of that candidate's own call on that input (0.5 or 0.1 ms per id).
  const expect = [[1, 2], [0.2, 0.4]];
  timings.forEach((t, k) => t.medianMs.forEach((ms, i) => assert.ok(Math.abs(ms - expect[k]![i]!) < 0.05, JSON.stringify(timings))));
  assert.ok(timings[0]!.medianMs[1]! > timings[1]!.medianMs[1]!, JSON.stringify(timings));
  assert.ok(timings[0]!.medianMs[1]! > timings[0]!.medianMs[0]!);
  assert.equal(rewriteName(chooseRewrites(timings)), 'tiles:1024');
});

test('calibration inputs: fixed, padded, of the stated lengths, with a voice-like style row', () => {
  for (const n of CALIBRATION_LENGTHS) {
    const ids = calibrationIds(n);
    assert.equal(ids.length, n + 2);
    assert.equal(ids[0], PAD_ID);
    assert.equal(ids.at(-1), PAD_ID);
    assert.ok(ids.slice(1, -1).every((i) => i > 0));
    assert.deepEqual(calibrationIds(n), ids);
  }
  const s = calibrationStyle();
  assert.equal(s.length, STYLE_DIM);
  assert.ok(s.some((x) => x !== 0) && s.every((x) => Math.abs(x) <= 1));
});

test('parseRewrites: auto, none, single and combined rewrites, tile lengths in range; anything else is refused', () => {
  assert.equal(parseRewrites('auto'), 'auto');
  assert.equal(rewriteName(parseRewrites('none') as RewriteChoice), 'none');
  assert.equal(rewriteName(parseRewrites('off') as RewriteChoice), 'none');
  assert.equal(rewriteName(parseRewrites('tiles') as RewriteChoice), 'tiles:1024');
  assert.equal(rewriteName(parseRewrites('tiles:512+conv2d') as RewriteChoice), 'conv2d+tiles:512');
  assert.equal(rewriteName(parseRewrites('conv2d,tiles:2048') as RewriteChoice), 'conv2d+tiles:2048');
  assert.throws(() => parseRewrites('tiles:10'), /outside 64-65536/);
  assert.throws(() => parseRewrites('fast'), /"fast" is not a rewrite/);
});
