import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { commandOf, shouldRelaunch } from '../src/cli/relaunch';
import { raw, serve } from './serve-helpers';

const argv = (...args: string[]): string[] => ['node', 'kokoro-ts', ...args];

test('commandOf finds the command word past global options', () => {
  assert.equal(commandOf(argv('serve', '--port', '0')), 'serve');
  assert.equal(commandOf(argv('--verbose', 'serve')), 'serve');
  assert.equal(commandOf(argv('--override-file', 'serve', 'synth', 'hi')), 'synth', 'the value of --override-file is not the command');
  assert.equal(commandOf(argv('--', 'serve')), 'serve');
  assert.equal(commandOf(argv('--verbose')), null);
  assert.equal(commandOf(argv()), null);
});

test('only serve on Linux, and only when MALLOC_TRIM_THRESHOLD_ is not set already, runs as a child', () => {
  assert.equal(shouldRelaunch(argv('serve'), {}, 'linux'), true);
  assert.equal(shouldRelaunch(argv('synth', 'serve'), {}, 'linux'), false, 'a text that says serve');
  assert.equal(shouldRelaunch(argv('bench', '--serve'), {}, 'linux'), false);
  assert.equal(shouldRelaunch(argv('serve'), { MALLOC_TRIM_THRESHOLD_: '0' }, 'linux'), false, 'a value of the user\'s own');
  assert.equal(shouldRelaunch(argv('serve'), {}, 'darwin'), false, 'not glibc');
});

/** The pids of a process's children (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

test('serve runs as a child of the launcher with the malloc and V8 settings; the launcher gone, the server stops', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
  const s = await serve();
  const launcher = s.child.pid!;
  const kids = childrenOf(launcher);
  assert.equal(kids.length, 1, 'one server process');
  const server = kids[0]!;
  const env = readFileSync(`/proc/${server}/environ`, 'utf8').split('\0');
  assert.ok(env.includes('MALLOC_TRIM_THRESHOLD_=131072'), 'the server has the malloc setting');
  assert.ok(readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0').includes('--max-semi-space-size=2'), 'and small V8 semi-spaces');
  assert.equal((await raw(s.base, '/health')).status, 200);
  s.child.kill('SIGKILL');
  await s.exited;
  const t0 = Date.now();
  while (existsSync(`/proc/${server}`) && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!existsSync(`/proc/${server}`), 'the orphaned server shut down');
  await assert.rejects(raw(s.base, '/health'), 'nothing listens any more');
});
