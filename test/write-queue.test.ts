import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteQueue } from '../src/util/write-queue';

const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('jobs run one at a time, in the order queued, even when a later one is quicker', async () => {
  const q = new WriteQueue();
  const log: string[] = [];
  let running = 0;
  const job = (name: string, ms: number) => async (): Promise<void> => {
    running++;
    assert.equal(running, 1, 'never two jobs at once');
    await tick(ms);
    log.push(name);
    running--;
  };
  q.push(job('slow', 20));
  q.push(job('quick', 0));
  q.push(job('middle', 5));
  await q.drain();
  assert.deepEqual(log, ['slow', 'quick', 'middle']);
});

test('the first failure is kept: later jobs are skipped, drain and check throw it, ready rejects with it', async () => {
  const q = new WriteQueue();
  const ran: number[] = [];
  q.check(); // nothing failed yet
  q.push(async () => void ran.push(1));
  q.push(async () => {
    throw new Error('first');
  });
  q.push(async () => {
    ran.push(3);
    throw new Error('second');
  });
  await assert.rejects(q.drain(), /first/);
  assert.deepEqual(ran, [1], 'nothing ran after the failure');
  assert.throws(() => q.check(), /first/);
  await assert.rejects(q.ready(), /first/);
  q.push(async () => void ran.push(4));
  await assert.rejects(q.drain(), /first/);
  assert.deepEqual(ran, [1], 'a job queued after the failure is skipped too');
});

test('ready waits while the high-water bytes are queued and resolves once the queue is below it', async () => {
  const q = new WriteQueue(100);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  q.push(() => gate, 60);
  await q.ready(); // 60 < 100
  q.push(async () => undefined, 40);
  let ready = false;
  const waiting = q.ready().then(() => (ready = true));
  await tick(5);
  assert.equal(ready, false, '100 bytes queued: the producer waits');
  release();
  await waiting;
  assert.equal(ready, true);
  await q.drain();
});

test('a waiting producer is rejected when a queued write fails', async () => {
  const q = new WriteQueue(10);
  q.push(async () => {
    await tick(5);
    throw new Error('disk full');
  }, 20);
  await assert.rejects(q.ready(), /disk full/);
});
