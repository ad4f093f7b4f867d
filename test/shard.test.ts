import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBatchLines, shardItems } from '../src/batch/lines';
import { parseShard } from '../src/cli/parse';
import { KokoroError } from '../src/util/errors';
import { runCli, standinArgs, tempDir } from './helpers';

const LINES = ['First line.', '', 'Second line here.', 'Third.', '   ', 'Fourth line, a bit longer.', 'Fifth.', 'Sixth and last.'].join('\n');

test('--shard K/N: parsed strictly; shards are disjoint, stable, and together every line', () => {
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  for (const bad of ['0/3', '4/3', '1/0', '3', '1/2/3', 'a/b', '-1/3', '1.5/3', '', '/']) {
    assert.throws(() => parseShard(bad), (e: unknown) => e instanceof KokoroError && e.code === 'usage' && /--shard must be K\/N/.test(e.message), bad);
  }
  const items = parseBatchLines(LINES, false);
  const shards = [1, 2, 3].map((index) => shardItems(items, { index, count: 3 }));
  assert.deepEqual(shards.map((s) => s.map((i) => i.line)), [[1, 6], [3, 7], [4, 8]], 'by position among non-empty lines');
  assert.deepEqual(shards.flat().map((i) => i.name).sort(), items.map((i) => i.name).sort());
  assert.deepEqual(shardItems(items, { index: 1, count: 1 }), items);
  assert.deepEqual(shardItems(items, { index: 9, count: 9 }), [], 'more shards than lines: some are empty');
});

test('shards 1/3, 2/3, 3/3 write exactly the files of an unsharded run, byte-identical, no overlap', async () => {
  const dir = tempDir();
  const input = join(dir, 'lines.txt');
  writeFileSync(input, LINES);
  const whole = join(dir, 'whole');
  const all = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', whole, '--threads', '1', ...standinArgs()]);
  assert.equal(all.code, 0, all.stderr);
  const parts = join(dir, 'parts');
  const seen = new Map<string, number>();
  for (const k of [1, 2, 3]) {
    const own = join(dir, `shard${k}`);
    const r = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', own, '--shard', `${k}/3`, '--threads', '1', ...standinArgs()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`Speaking 2 line\\(s\\) \\(shard ${k}/3 of 6 line\\(s\\)\\)`));
    for (const f of readdirSync(own)) {
      assert.ok(!seen.has(f), `${f} written by shard ${seen.get(f)} and ${k}`);
      seen.set(f, k);
      assert.deepEqual(readFileSync(join(own, f)), readFileSync(join(whole, f)), `${f} byte-identical`);
    }
    // The same folder for every shard works too (each writes only its own files).
    assert.equal((await runCli(['synth', '-f', input, '--split-lines', '--out-dir', parts, '--shard', `${k}/3`, '--threads', '1', ...standinArgs()])).code, 0);
  }
  assert.deepEqual([...seen.keys()].sort(), readdirSync(whole).sort());
  assert.deepEqual(readdirSync(parts).sort(), readdirSync(whole).sort());

  const empty = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', join(dir, 'empty'), '--shard', '7/7', ...standinArgs()]);
  assert.equal(empty.code, 0, empty.stderr);
  assert.match(empty.stderr, /Nothing to speak \(shard 7\/7 of 6 line\(s\)\)/);
});

test('bad --shard values and --shard without --split-lines are usage errors (exit 2) before any work', async () => {
  const dir = tempDir();
  const input = join(dir, 'lines.txt');
  writeFileSync(input, LINES);
  for (const bad of ['0/2', '3/2', 'x', '1/0']) {
    const r = await runCli(['synth', '-f', input, '--split-lines', '--out-dir', join(dir, 'o'), '--shard', bad, ...standinArgs()]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^Error: --shard must be K\/N with 1 <= K <= N/);
  }
  const alone = await runCli(['synth', '-f', input, '--shard', '1/2', '-o', join(dir, 'a.wav'), ...standinArgs()]);
  assert.equal(alone.code, 2, alone.stderr);
  assert.match(alone.stderr, /^Error: --shard goes with --split-lines/);
  assert.deepEqual(readdirSync(dir).sort(), ['lines.txt']);
});
