import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBaseline, compareReports, judge } from '../src/bench/compare';
import { summarize } from '../src/bench/stats';
import { SCHEMA_VERSION, type BenchReport, type CaseResult } from '../src/bench/types';
import { DEFAULT_SESSION_SETTINGS } from '../src/engine';
import { allFrom } from '../src/bench/env';
import { KokoroError } from '../src/util/errors';

function caseWith(name: string, rtf: number[], overhead: number[]): CaseResult {
  const s = summarize(rtf);
  return {
    name, text: name, characters: 1, tokens: 1, chunks: 1, audioSeconds: 1, iterations: rtf.length, warmup: 1, sessionCreateMs: 1,
    cold: { wallMs: 1, rtf: 1, timeToFirstAudioMs: 1 }, rtf: s, wallMs: s, rawModelMs: s, rawRtf: s, overheadRatio: summarize(overhead),
    timeToFirstAudioMs: s, stages: { frontEndMs: s, modelMs: s, outputMs: s }, peakRssMb: 1, cache: { enabled: false, hits: 0, misses: 0 },
    samples: { wallMs: rtf, rawModelMs: rtf },
  };
}

function report(cases: CaseResult[], cpu = 'AMD EPYC', sha = 'abc', threads = 2): BenchReport {
  return {
    schemaVersion: SCHEMA_VERSION, tool: 'kokoro-ts bench', voice: 'af_heart', speed: 1, cases,
    environment: {
      cpu: { brand: cpu, physicalCores: 2, logicalCores: 2, performanceCores: 2, efficiencyCores: 0 }, simd: { avx2: true, avx512: true, vnni: true },
      os: 'linux', node: '20', onnxruntime: '1.23.2', model: { path: 'm', bytes: 1, sha256: sha, standIn: true, label: 'stand-in' },
      session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: threads }, sessionSources: allFrom('default'), gitCommit: null, timestamp: 't',
    },
  };
}

const steady = [0.2, 0.201, 0.199, 0.2, 0.2005];
const ratio = [1.03, 1.031, 1.029, 1.03, 1.03];

test('a clear slowdown is a regression', () => {
  const base = report([caseWith('long', steady, ratio)]);
  const cur = report([caseWith('long', steady.map((v) => v * 1.3), ratio)]);
  const c = compareReports(base, cur, 10);
  assert.equal(c.regression, true);
  assert.equal(c.cases[0]!.metrics.find((m) => m.metric === 'rtf')!.verdict, 'slower');
  assert.equal(c.cases[0]!.metrics.find((m) => m.metric === 'overheadRatio')!.verdict, 'same');
});

test('a change within the runs own spread is not a regression, even past the threshold', () => {
  const noisyBase = [0.2, 0.3, 0.15, 0.25, 0.22, 0.12, 0.31];
  const noisyCur = [0.23, 0.33, 0.17, 0.28, 0.25, 0.14, 0.35];
  const m = judge('rtf', summarize(noisyBase), summarize(noisyCur), 0.1);
  assert.ok(m.change > 0.1, `change ${m.change} is past the threshold`);
  assert.equal(m.verdict, 'same');
  assert.ok(m.noise > m.change);
});

test('one outlier iteration neither fakes nor hides a regression', () => {
  const withOutlier = [0.2, 0.201, 0.199, 0.2, 0.9];
  assert.equal(judge('rtf', summarize(steady), summarize(withOutlier), 0.1).verdict, 'same');
  assert.equal(judge('rtf', summarize(steady), summarize([0.3, 0.301, 0.299, 0.3, 0.05]), 0.1).verdict, 'slower');
});

test('noise is relative to each run: a much faster baseline does not inflate the current run\'s noise', () => {
  const noisyCur = [5, 7, 9, 6, 12];
  const m = judge('overheadRatio', summarize(steady), summarize(noisyCur), 0.05);
  assert.equal(m.verdict, 'slower');
  assert.ok(m.noise < 2, `noise ${m.noise} is a relative spread, not scaled by the 35x gap`);
});

test('small changes below the threshold are the same; a clear speed-up is faster', () => {
  assert.equal(judge('rtf', summarize(steady), summarize(steady.map((v) => v * 1.05)), 0.1).verdict, 'same');
  assert.equal(judge('rtf', summarize(steady), summarize(steady.map((v) => v * 0.7)), 0.1).verdict, 'faster');
});

test('another CPU, model or thread count: RTF not comparable, overhead ratio still gated', () => {
  for (const cur of [
    report([caseWith('long', steady.map((v) => v * 3), ratio.map((v) => v * 1.5))], 'Intel i5-13600K'),
    report([caseWith('long', steady.map((v) => v * 3), ratio.map((v) => v * 1.5))], 'AMD EPYC', 'other'),
    report([caseWith('long', steady.map((v) => v * 3), ratio.map((v) => v * 1.5))], 'AMD EPYC', 'abc', 1),
  ]) {
    const c = compareReports(report([caseWith('long', steady, ratio)]), cur, 10);
    assert.equal(c.rtfComparable, false);
    assert.equal(c.cases[0]!.metrics.find((m) => m.metric === 'rtf')!.verdict, 'not comparable');
    assert.equal(c.cases[0]!.metrics.find((m) => m.metric === 'overheadRatio')!.verdict, 'slower');
    assert.equal(c.regression, true);
  }
  const otherRuntime = report([caseWith('long', steady.map((v) => v * 2), ratio)]);
  const runtimeMoved = compareReports(report([caseWith('long', steady, ratio)]), { ...otherRuntime, environment: { ...otherRuntime.environment, onnxruntime: '9.9.9' } }, 10);
  assert.equal(runtimeMoved.rtfComparable, false, 'another onnxruntime-node release: RTF not comparable');
  assert.match(runtimeMoved.rtfReason ?? '', /onnxruntime-node differs \(.* vs 9\.9\.9\)/);
  assert.equal(runtimeMoved.regression, false);
  const fine = compareReports(report([caseWith('long', steady, ratio)]), report([caseWith('long', steady.map((v) => v * 3), ratio)], 'Other CPU'), 10);
  assert.equal(fine.regression, false, 'a slower machine alone is not a regression');
});

test('--gate: a metric left out of the gate is judged and shown but fails nothing', () => {
  const base = report([caseWith('long', steady, ratio)]);
  const cur = report([caseWith('long', steady.map((v) => v * 1.5), ratio)]);
  assert.equal(compareReports(base, cur, 10, ['overheadRatio']).regression, false);
  assert.equal(compareReports(base, cur, 10, ['overheadRatio']).cases[0]!.metrics.find((m) => m.metric === 'rtf')!.verdict, 'slower');
  assert.equal(compareReports(base, cur, 10, ['rtf']).regression, true);
});

test('same brand string, another CPU generation or core count: RTF not comparable', () => {
  const withId = (r: BenchReport, id: string, cores = 2): BenchReport => ({ ...r, environment: { ...r.environment, cpu: { ...r.environment.cpu, id, logicalCores: cores } } });
  const base = withId(report([caseWith('long', steady, ratio)]), 'AMD family 25 model 17 stepping 1');
  const cur = report([caseWith('long', steady.map((v) => v * 2), ratio)]);
  assert.match(compareReports(base, withId(cur, 'AMD family 26 model 2 stepping 1'), 10).rtfReason ?? '', /CPU generation differs/);
  assert.match(compareReports(base, withId(cur, 'AMD family 25 model 17 stepping 1', 4), 10).rtfReason ?? '', /core count differs/);
  assert.equal(compareReports(base, withId(cur, 'AMD family 25 model 17 stepping 1'), 10).regression, true);
});

test('a baseline of another schema or missing a case is a clear error', () => {
  assert.throws(() => checkBaseline({ schemaVersion: 99, cases: [], environment: {} }, 'b.json'), (e: unknown) => e instanceof KokoroError && /schemaVersion 99/.test(e.message));
  assert.throws(() => checkBaseline({ foo: 1 }, 'b.json'), (e: unknown) => e instanceof KokoroError && /not a kokoro-ts bench result/.test(e.message));
  assert.throws(
    () => compareReports(report([caseWith('short', steady, ratio)]), report([caseWith('long', steady, ratio)]), 10),
    (e: unknown) => e instanceof KokoroError && /no case "long"/.test(e.message),
  );
});
