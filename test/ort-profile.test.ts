import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelMsByOp } from '../benchmarks/ort-profile/profile';

const run = (ts: number, dur: number) => ({ cat: 'Session', name: 'model_run', ts, dur });
const kernel = (ts: number, op: string, durUs: number) => ({ cat: 'Node', name: `n${ts}_kernel_time`, ts, dur: durUs, args: { op_name: op } });

test('kernel time per operator per pass: warm-up runs dropped, fences and other events ignored', () => {
  const events = [
    run(0, 100), kernel(10, 'ConvInteger', 9000), // warm-up call
    run(200, 100), kernel(210, 'ConvInteger', 4000), kernel(220, 'Add', 1000), { cat: 'Node', name: 'n_fence_before', ts: 230, dur: 5, args: { op_name: 'Add' } },
    run(400, 100), kernel(410, 'ConvInteger', 6000), kernel(420, 'Add', 3000),
  ];
  assert.deepEqual(kernelMsByOp(events, 1, 2), { ConvInteger: 5, Add: 2 });
  assert.deepEqual(kernelMsByOp(events, 0, 3), { ConvInteger: 19 / 3, Add: 4 / 3 });
});
