import { test } from 'node:test';
import assert from 'node:assert/strict';
import { robustSpread, summarize } from '../src/bench/stats';
import { median, quantile, quantileOf } from '../src/util/quantile';
import { quartiles } from '../src/report/svg/scale';

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

test('one quantile, two methods: linear interpolates between ranks, floor takes the value at rank floor(n*q)', () => {
  const xs = [10, 20, 30, 40];
  close(quantile(xs, 0.9), 37);
  assert.equal(quantile(xs, 0.9, 'floor'), 40);
  assert.equal(quantile(xs, 0.5, 'floor'), 30);
  assert.equal(quantile(xs, 0.2, 'floor'), 10);
  assert.equal(quantile(xs, 1, 'floor'), 40, 'q = 1 is the largest, not past the end');
  assert.equal(quantile(Float32Array.from([0.5, 0.25, 1]).sort(), 0.5, 'floor'), 0.5, 'typed arrays too');
  assert.ok(Number.isNaN(quantile([], 0.5)) && Number.isNaN(quantile([], 0.5, 'floor')));
  const unsorted = [40, 10, 30, 20];
  close(quantileOf(unsorted, 0.25), 17.5);
  assert.deepEqual(unsorted, [40, 10, 30, 20], 'the input is not sorted in place');
  close(median([3, 1, 2, 10]), 2.5);
  // The report's box plots use the same interpolation as the bench statistics.
  const box = quartiles(unsorted);
  assert.deepEqual([box.q1, box.median, box.q3, box.min, box.max], [17.5, 25, 32.5, 10, 40]);
  assert.ok(Number.isNaN(quartiles([]).median));
});
