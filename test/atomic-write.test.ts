import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { atomicWriteFile, lineFile, openTempFile, tempPathFor, withTempPath, writeAtomically } from '../src/util/fs';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'kokoro-atomic-'));
const TEMP_NAME = /^\.out\.txt\.\d+\.[0-9a-f]{8}\.tmp$/;

test('temp paths sit beside the target as .NAME.PID.HEX.tmp, a new one each time', () => {
  const a = tempPathFor('/some/dir/out.txt');
  assert.match(basename(a), TEMP_NAME);
  assert.ok(a.startsWith('/some/dir/.out.txt.'));
  assert.ok(basename(a).includes(`.${process.pid}.`));
  assert.notEqual(a, tempPathFor('/some/dir/out.txt'));
});

test('atomicWriteFile replaces the file whole and leaves no temp file', async () => {
  const dir = scratch();
  const target = join(dir, 'out.txt');
  writeFileSync(target, 'old');
  await atomicWriteFile(target, 'new contents');
  assert.equal(readFileSync(target, 'utf8'), 'new contents');
  assert.deepEqual(readdirSync(dir), ['out.txt']);
});

test('atomicWriteFile writes into a device instead of renaming over it', async () => {
  await atomicWriteFile('/dev/null', 'gone');
  assert.ok(readdirSync('/dev').includes('null'));
});

test('writeAtomically: while writing only the temp file exists (tracked); a failure leaves the old file and no temp', async () => {
  const dir = scratch();
  const target = join(dir, 'out.txt');
  writeFileSync(target, 'old');
  const tracked = new Set<string>();
  const track = (p: string): (() => void) => {
    tracked.add(p);
    return () => tracked.delete(p);
  };
  await assert.rejects(writeAtomically(target, async (fh) => {
    await fh.write('half');
    const temps = readdirSync(dir).filter((f) => f !== 'out.txt');
    assert.equal(temps.length, 1);
    assert.match(temps[0]!, TEMP_NAME);
    assert.deepEqual([...tracked], [join(dir, temps[0]!)]);
    assert.equal(readFileSync(target, 'utf8'), 'old', 'readers still see the old file');
    throw new Error('stopped');
  }, track), /stopped/);
  assert.equal(readFileSync(target, 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir), ['out.txt']);
  assert.equal(tracked.size, 0, 'untracked once removed');
  const n = await writeAtomically(target, async (fh) => (await fh.write('whole')).bytesWritten, track);
  assert.equal(n, 5, 'the writer\'s result is handed back');
  assert.equal(readFileSync(target, 'utf8'), 'whole');
  assert.equal(tracked.size, 0, 'untracked once renamed');
});

test('a committed temp file becomes the target; a discarded one is gone; both may be called again', async () => {
  const dir = scratch();
  const kept = await openTempFile(join(dir, 'a.txt'));
  await kept.handle.write('a');
  await kept.commit();
  const dropped = await openTempFile(join(dir, 'b.txt'));
  await dropped.handle.write('b');
  await dropped.discard();
  await dropped.discard();
  assert.deepEqual(readdirSync(dir), ['a.txt']);
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'a');
});

test('a failed rename removes the temp file and rethrows', async () => {
  const dir = scratch();
  const target = join(dir, 'taken');
  mkdirSync(join(target, 'inside'), { recursive: true }); // a non-empty folder: rename over it fails
  const f = await openTempFile(target);
  await assert.rejects(f.commit(), /ENOTEMPTY|EISDIR|EEXIST/);
  assert.deepEqual(readdirSync(dir), ['taken']);
});

test('withTempPath removes what was made at the temp path, after success or failure', async () => {
  const dir = scratch();
  const target = join(dir, 'folder');
  await withTempPath(target, async (p) => {
    mkdirSync(join(p, 'deep'), { recursive: true });
    writeFileSync(join(p, 'deep', 'x'), 'x');
  });
  await assert.rejects(withTempPath(target, async (p) => {
    mkdirSync(p);
    throw new Error('failed');
  }), /failed/);
  assert.deepEqual(readdirSync(dir), []);
});

test('lineFile: lines in order, renamed into place by finish; abort leaves nothing', async () => {
  const dir = scratch();
  const target = join(dir, 'lines.jsonl');
  const lines = await lineFile(target);
  for (let i = 0; i < 50; i++) lines.append(`${i}\n`);
  assert.deepEqual(readdirSync(dir).filter((f) => f === 'lines.jsonl'), [], 'not there before finish');
  await lines.finish();
  assert.equal(readFileSync(target, 'utf8'), Array.from({ length: 50 }, (_, i) => `${i}\n`).join(''));
  const dropped = await lineFile(join(dir, 'other.jsonl'));
  dropped.append('x\n');
  await dropped.abort();
  assert.deepEqual(readdirSync(dir), ['lines.jsonl']);
});
