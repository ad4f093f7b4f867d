import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizePeers } from '../benchmarks/peers/summarize';
import { peersMarkdown } from '../benchmarks/peers/markdown';
import type { ColdRecord, PeersReport, Tool, WarmRecord } from '../benchmarks/peers/protocol';

function warm(tool: Tool, c: string, round: number, wallMs: number, extra: Partial<WarmRecord> = {}): WarmRecord {
  return { tool, case: c, wallMs, bareModelMs: wallMs * 0.9, audioSeconds: 2, calls: [20], peakRssMb: 100, threads: 2, round, warmup: false, ...extra };
}

test('warm rows: medians per tool and kokoro-ts / peer ratios, warm-ups left out', () => {
  const records: WarmRecord[] = [
    warm('kokoro-ts', 'long', 0, 10_000, { warmup: true }),
    ...[100, 300, 200].map((ms, r) => warm('kokoro-ts', 'long', r, ms)),
    ...[400, 400, 500].map((ms, r) => warm('kokoro-onnx', 'long', r, ms, { bareModelMs: ms / 2, audioSeconds: 1.5, calls: [300, 280] })),
    ...[100, 100, 100].map((ms, r) => warm('kokoro-js', 'long', r, ms, { bareModelMs: null, mode: 'stream' })),
  ];
  const s = summarizePeers(records, []);
  assert.equal(s.warm.length, 1);
  const row = s.warm[0]!;
  assert.equal(row.tools['kokoro-ts']!.n, 3, 'the warm-up run is not counted');
  assert.equal(row.tools['kokoro-ts']!.wallMs, 200);
  assert.equal(row.tools['kokoro-onnx']!.wallMs, 400);
  assert.equal(row.ratios['kokoro-onnx']!.wall, 0.5);
  assert.equal(row.ratios['kokoro-onnx']!.bare, 180 / 200);
  assert.equal(row.ratios['kokoro-js']!.wall, 2);
  assert.equal(row.ratios['kokoro-js']!.bare, null, 'no bare figure, no bare ratio');
  assert.deepEqual(row.tools['kokoro-onnx']!.calls, [300, 280]);
  assert.equal(row.tools['kokoro-onnx']!.audioSeconds, 1.5);
  assert.equal(row.tools['kokoro-js']!.mode, 'stream');
});

test('peak RSS is the largest of each tool\'s process at each thread count, warm-ups included', () => {
  const records = [
    warm('kokoro-ts', 'short', 0, 1, { peakRssMb: 300, warmup: true }),
    warm('kokoro-ts', 'paragraph', 0, 1, { peakRssMb: 800 }),
    warm('kokoro-onnx', 'paragraph', 0, 1, { peakRssMb: 1600 }),
    warm('kokoro-onnx', 'short', 0, 1, { peakRssMb: 250, threads: 1 }),
  ];
  const s = summarizePeers(records, []);
  const at2 = s.peakRss.find((r) => r.threads === 2)!;
  assert.equal(at2.tools['kokoro-ts'], 800);
  assert.equal(at2.ratios['kokoro-onnx'], 0.5);
  assert.equal(s.peakRss.find((r) => r.threads === 1)!.ratios['kokoro-onnx'], null, 'no kokoro-ts figure at 1 thread');
});

test('cold rows: median wall per tool, ratio to each peer, peak RSS may be unknown', () => {
  const cold: ColdRecord[] = [
    { tool: 'kokoro-ts', threads: 1, round: 0, warmup: true, wallMs: 9000, peakRssMb: 900 },
    { tool: 'kokoro-ts', threads: 1, round: 0, warmup: false, wallMs: 1800, peakRssMb: 270 },
    { tool: 'kokoro-ts', threads: 1, round: 1, warmup: false, wallMs: 2000, peakRssMb: 280 },
    { tool: 'kokoro-onnx', threads: 1, round: 0, warmup: false, wallMs: 2000, peakRssMb: null },
    { tool: 'kokoro-onnx', threads: 1, round: 1, warmup: false, wallMs: 2000, peakRssMb: null },
  ];
  const s = summarizePeers([], cold);
  assert.equal(s.cold.length, 1);
  assert.equal(s.cold[0]!.tools['kokoro-ts']!.wallMs, 1900);
  assert.equal(s.cold[0]!.tools['kokoro-ts']!.peakRssMb, 280);
  assert.equal(s.cold[0]!.tools['kokoro-onnx']!.peakRssMb, null);
  assert.equal(s.cold[0]!.ratios['kokoro-onnx'], 0.95);
  assert.equal('kokoro-js' in s.cold[0]!.ratios, false, 'no ratio to a tool that did not run');
});

test('the Markdown summary shows each thread count, the ratios and the cold table', () => {
  const records = [warm('kokoro-ts', 'short', 0, 900), warm('kokoro-onnx', 'short', 0, 1000)];
  const cold: ColdRecord[] = [{ tool: 'kokoro-ts', threads: 2, round: 0, warmup: false, wallMs: 1500, peakRssMb: 270 }, { tool: 'kokoro-onnx', threads: 2, round: 0, warmup: false, wallMs: 2000, peakRssMb: 240 }];
  const report: Pick<PeersReport, 'settings' | 'versions' | 'environment'> = {
    settings: { model: 'models/m.onnx', voice: 'af_heart', threads: [2], runs: 1, warmup: 0, coldRuns: 1, cases: ['short'], tools: ['kokoro-ts', 'kokoro-onnx'] },
    versions: { 'kokoro-onnx': { 'kokoro-onnx': '0.6.1' } },
    environment: { model: { sha256: 'abcdef0123456789' } },
  };
  const md = peersMarkdown(report, summarizePeers(records, cold));
  assert.match(md, /## Warm, 2 threads/);
  assert.match(md, /\| short \| 900 ms \| 1\.00 s \| 0\.90 \| 0\.90 \|/);
  assert.match(md, /\| 2 \| 1\.50 s \| 2\.00 s \| 0\.75 \| 270 \/ 240 \|/);
  assert.match(md, /kokoro-onnx 0\.6\.1/);
  assert.doesNotMatch(md, /kokoro-js \|/, 'a tool that did not run gets no column');
});

test('sherpa-onnx is a peer: its ratio column, — for its bare time and ids, and the note on its own phonemizer', () => {
  const records = [warm('kokoro-ts', 'short', 0, 900), warm('sherpa-onnx', 'short', 0, 1200, { bareModelMs: null, calls: [], audioSeconds: 1.65 })];
  const sum = summarizePeers(records, []);
  const row = sum.warm[0]!;
  assert.equal(row.ratios['sherpa-onnx']!.wall, 0.75);
  assert.equal(row.ratios['sherpa-onnx']!.bare, null);
  const report: Pick<PeersReport, 'settings' | 'versions' | 'environment'> = {
    settings: { model: 'models/m.onnx', voice: 'af_heart', threads: [2], runs: 1, warmup: 0, coldRuns: 0, cases: ['short'], tools: ['kokoro-ts', 'sherpa-onnx'] },
    versions: { 'sherpa-onnx': { 'sherpa-onnx-node': '1.13.8' } },
    environment: {},
  };
  const md = peersMarkdown(report, sum);
  assert.match(md, /^# Peer benchmark: kokoro-ts, sherpa-onnx on the same model file/);
  assert.match(md, /\| short \| 900 ms \| 1\.20 s \| 0\.75 \| — \| 2\.00 \/ 1\.65 \| ts 20; sherpa-onnx — \|/);
  assert.match(md, /sherpa-onnx phonemizes with its own espeak-ng/);
  assert.doesNotMatch(md, /kokoro-onnx/);
});
