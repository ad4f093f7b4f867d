import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber } from '../src/util/numbers';
import { ExitCode, InvalidValue, KokoroError } from '../src/util/errors';
import { parseIntFlag, parseNumberFlag } from '../src/cli/parse';
import { resolveConfig } from '../src/config/resolve';
import { tempDir } from './helpers';

const reasonOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InvalidValue, `an InvalidValue: ${String(e)}`);
    return e.reason;
  }
  assert.fail('accepted');
};

test('parseNumber: text or a JSON number, checked against its rule; a refusal says what the value must be', () => {
  assert.equal(parseNumber('2.5'), 2.5);
  assert.equal(parseNumber(' 7 ', { whole: true, min: 0, max: 10 }), 7);
  assert.equal(parseNumber(3, { whole: true, min: 3, max: 3 }), 3);
  for (const bad of ['', '  ', 'x', 'Infinity', true, null, undefined, Number.NaN]) assert.equal(reasonOf(() => parseNumber(bad)), 'must be a number', String(bad));
  assert.equal(reasonOf(() => parseNumber('1.5', { whole: true, min: 0, max: 4 })), 'must be a whole number from 0 to 4');
  assert.equal(reasonOf(() => parseNumber(2 ** 60, { whole: true, min: 1 })), 'must be a whole number from 1', 'beyond the safe integers is no whole number');
  assert.equal(reasonOf(() => parseNumber('11', { of: 'seconds', min: 0, max: 10 })), 'must be a number of seconds from 0 to 10');
  assert.equal(reasonOf(() => parseNumber(0.4, { min: 0.5, max: 2 })), 'must be a number from 0.5 to 2');
});

test('flag parsers wrap the reason into a usage error naming the flag and the value (no number at all is told first)', () => {
  const usage = (f: () => unknown, message: string) =>
    assert.throws(f, (e: unknown) => e instanceof KokoroError && e.code === 'usage' && e.exitCode === ExitCode.Usage && e.message === message);
  assert.equal(parseIntFlag('--n', '12', 1, 100), 12);
  assert.equal(parseNumberFlag('--t', '-1.5'), -1.5);
  usage(() => parseNumberFlag('--t', ' '), '--t must be a number, got " "');
  usage(() => parseIntFlag('--n', 'abc', 1, 100), '--n must be a number, got "abc"');
  usage(() => parseIntFlag('--n', '101', 1, 100), '--n must be a whole number from 1 to 100, got "101"');
  usage(() => parseIntFlag('--n', '0', 1), '--n must be a whole number from 1, got "0"');
});

test('settings wrap the same reasons into config errors naming key, value and source', async () => {
  const cwd = tempDir();
  for (const [env, raw, message] of [
    ['KOKORO_INTRA_OP_THREADS', 'x', 'invalid session.intraOpNumThreads "x" from environment KOKORO_INTRA_OP_THREADS: must be a whole number from 0 to 1024'],
    ['KOKORO_SPEED', '3', 'invalid speed "3" from environment KOKORO_SPEED: must be a number from 0.5 to 2'],
    ['KOKORO_DRAIN_TIMEOUT', '-1', 'invalid server.drainTimeout "-1" from environment KOKORO_DRAIN_TIMEOUT: must be a number of seconds from 0 to 3600'],
    ['KOKORO_WEB', 'yes', 'invalid server.web "yes" from environment KOKORO_WEB: must be true or false'],
  ] as const) {
    await assert.rejects(resolveConfig({ cwd, env: { [env]: raw } }), (e: unknown) => e instanceof KokoroError && e.code === 'config' && e.message === message);
  }
});
