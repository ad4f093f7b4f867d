import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, zipMember } from '../src/util/zip';
import { makeZip } from './zip-helpers';

test('crc32: the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
});

test('zipMember reads stored and deflated members by name', () => {
  const big = Buffer.from('onnxruntime '.repeat(5000));
  const zip = makeZip([{ name: 'a/stored.txt', data: Buffer.from('plain'), method: 0 }, { name: 'onnxruntime/capi/lib.so', data: big, method: 8 }]);
  assert.equal(zipMember(zip, 'a/stored.txt').toString(), 'plain');
  assert.ok(zipMember(zip, 'onnxruntime/capi/lib.so').equals(big));
  assert.throws(() => zipMember(zip, 'missing.so'), /missing\.so is not in the archive/);
});

test('zipMember: a damaged member or a non-zip is an error, not wrong bytes', () => {
  const zip = makeZip([{ name: 'x.bin', data: Buffer.from('abcdefgh'), method: 0 }]);
  const bad = Buffer.from(zip);
  bad[30 + 'x.bin'.length] = bad[30 + 'x.bin'.length]! ^ 0xff; // first data byte
  assert.throws(() => zipMember(bad, 'x.bin'), /CRC-32/);
  assert.throws(() => zipMember(Buffer.from('this is not a zip file'), 'x.bin'), /not a zip archive/);
});
