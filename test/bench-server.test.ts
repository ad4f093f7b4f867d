import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countByStatus, metricValue } from '../src/bench/load';
import { parseConcurrency } from '../src/cli/bench-server';
import { parseFormat } from '../src/cli/parse';
import type { ServerBenchReport } from '../src/bench/server-run';
import { runCli, standinArgs, tempDir } from './helpers';
import { serve } from './serve-helpers';

test('load-bench helpers: Prometheus values, answers by status, concurrency and format flags', () => {
  const text = '# HELP x y\nkokoro_audio_seconds_total 12.5\nkokoro_http_requests_total{route="/v1/audio/speech",status="200"} 3\nprocess_resident_memory_bytes 2.5e+08\n';
  assert.equal(metricValue(text, 'kokoro_audio_seconds_total'), 12.5);
  assert.equal(metricValue(text, 'kokoro_http_requests_total'), 3);
  assert.equal(metricValue(text, 'process_resident_memory_bytes'), 2.5e8);
  assert.ok(Number.isNaN(metricValue(text, 'kokoro_audio_seconds')), 'a prefix is not a match');
  const samples = [200, 200, 503, 'ECONNRESET', 200].map((status) => ({ status, latencyMs: 1, firstAudioMs: 1, bytes: 0 }));
  assert.deepEqual(countByStatus(samples), { 200: 3, 503: 1, ECONNRESET: 1 });
  assert.deepEqual(parseConcurrency('1,2,4,2'), [1, 2, 4]);
  assert.throws(() => parseConcurrency('1,0'), /--concurrency/);
  assert.equal(parseFormat('mp3'), 'mp3');
  assert.throws(() => parseFormat('flac'), /wav, pcm, mp3, opus/);
});

test('bench --serve: starts the server, loads it at each level, reports latency, first audio, throughput, RSS and the overhead', async () => {
  const json = join(tempDir(), 'server.json');
  const r = await runCli(['bench', '--serve', ...standinArgs(), '--cases', 'short,medium', '--concurrency', '1,3', '--requests', '6', '--warmup', '1', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(json, 'utf8')) as ServerBenchReport;
  assert.equal(rep.tool, 'kokoro-ts bench --server');
  assert.equal(rep.environment?.model.standIn, true);
  assert.deepEqual(rep.levels.map((l) => l.concurrency), [1, 3]);
  for (const l of rep.levels) {
    assert.deepEqual(l.statuses, { 200: 6 }, `level ${l.concurrency}`);
    assert.equal(l.latencyMs.n, 6);
    assert.ok(l.firstAudioMs.median > 0 && l.firstAudioMs.median <= l.latencyMs.median, 'first audio comes before the end');
    assert.ok(l.audioSeconds > 0 && l.audioPerWallSecond > 0);
    assert.ok(l.rssAfterMb > 10, `RSS read from /metrics: ${l.rssAfterMb}`);
  }
  assert.equal(rep.overhead?.pairs, 6);
  assert.ok(rep.overhead!.ratio > 0 && Number.isFinite(rep.overhead!.ratio));
  assert.match(r.stdout.toString(), /server path overhead at concurrency 1: [0-9.]+x/);
  assert.match(r.stdout.toString(), /│ 3 +│ 6 +│ 0 +│/);
});

test('bench --server URL: refusals are reported by status, not hidden; no server is a clear error', async () => {
  // One worker and no queue: at concurrency 4 most requests are refused with 503.
  const s = await serve(['--workers', '1', '--queue', '0']);
  try {
    const json = join(tempDir(), 'load.json');
    const r = await runCli(['bench', '--server', s.base, '--cases', 'long', '--concurrency', '4', '--requests', '12', '--warmup', '0', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(readFileSync(json, 'utf8')) as ServerBenchReport;
    assert.equal(rep.environment, null, 'a server not started here: its machine and model are not claimed');
    assert.equal(rep.overhead, null);
    const l = rep.levels[0]!;
    assert.equal(l.requests, 12);
    assert.ok((l.statuses['503'] ?? 0) > 0, JSON.stringify(l.statuses));
    assert.equal(l.errors, 12 - (l.statuses['200'] ?? 0));
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
  const none = await runCli(['bench', '--server', 'http://127.0.0.1:9', '--requests', '1']);
  assert.equal(none.code, 1, none.stderr);
  assert.match(none.stderr, /^Error: no ready speech server at http:\/\/127\.0\.0\.1:9/);
  const bad = await runCli(['bench', '--server', 'ftp://x', '--requests', '1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--server must be an http:\/\/ URL/);
});
