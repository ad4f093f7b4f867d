import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantile, robustSpread, summarize } from '../src/bench/stats';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('summary of known values', () => {
  const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(s.n, 8);
  close(s.mean, 5);
  close(s.median, 4.5);
  assert.equal(s.min, 2);
  assert.equal(s.max, 9);
  close(s.stddev, Math.sqrt(32 / 7)); // sample sd
  close(s.p95, 7 + 0.65 * 2); // linear interpolation between 7 and 9
  close(s.robustStddev, 1.4826 * 0.5); // deviations from 4.5: 0.5 x6, 2.5, 4.5 -> median 0.5
});

test('odd count, single value, empty', () => {
  close(summarize([3, 1, 2]).median, 2);
  const one = summarize([1.5]);
  assert.deepEqual([one.mean, one.median, one.p95, one.min, one.max, one.stddev, one.robustStddev], [1.5, 1.5, 1.5, 1.5, 1.5, 0, 0]);
  assert.ok(Number.isNaN(summarize([]).median));
});

test('quantile and robust spread', () => {
  close(quantile([10, 20, 30, 40], 0.5), 25);
  close(quantile([10, 20, 30, 40], 1), 40);
  close(quantile([10, 20, 30, 40], 0), 10);
  close(robustSpread([1, 2, 3, 4, 100]), 1.4826 * 1);
  assert.equal(robustSpread([5]), 0);
});
