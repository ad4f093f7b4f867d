import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elfHash, retargetVersionNeed, versionNeeds } from '../src/download/elf-version';
import { ROOT } from './helpers';

const BINDING = join(ROOT, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64', 'onnxruntime_binding.node');
const ortVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;

test('elfHash: the System V hash (values from the binding\'s own version-need entries)', () => {
  const { needs } = versionNeeds(readFileSync(BINDING));
  const all = needs.flatMap((n) => n.versions);
  assert.ok(all.length > 5);
  for (const v of all) assert.equal(elfHash(v.name), v.hash, v.name);
});

test('the bundled binding needs its own release\'s version from libonnxruntime.so.1; retargeting changes only that name and hash', () => {
  const elf = readFileSync(BINDING);
  const ort = versionNeeds(elf).needs.find((n) => n.file === 'libonnxruntime.so.1');
  assert.deepEqual(ort?.versions.map((v) => v.name), [`VERS_${ortVersion}`]);
  const { patched, from } = retargetVersionNeed(elf, 'libonnxruntime.so.1', 'VERS_1.32.0');
  assert.equal(from, `VERS_${ortVersion}`);
  assert.equal(patched.length, elf.length);
  const after = versionNeeds(patched).needs;
  assert.deepEqual(after.find((n) => n.file === 'libonnxruntime.so.1')!.versions.map((v) => [v.name, v.hash]), [['VERS_1.32.0', elfHash('VERS_1.32.0')]]);
  assert.deepEqual(after.filter((n) => n.file !== 'libonnxruntime.so.1'), versionNeeds(elf).needs.filter((n) => n.file !== 'libonnxruntime.so.1'), 'other libraries untouched');
  let changed = 0;
  for (let i = 0; i < elf.length; i++) if (elf[i] !== patched[i]) changed++;
  assert.ok(changed > 0 && changed <= 4 + 11, `${changed} bytes changed: the name and the hash only`);
  assert.notEqual(elf.indexOf(`VERS_${ortVersion}`), -1, 'the input is not modified');
});

test('retargeting refuses what it cannot do safely', () => {
  const elf = readFileSync(BINDING);
  assert.throws(() => retargetVersionNeed(elf, 'libonnxruntime.so.1', 'VERS_1.32.0.extra'), /longer/);
  assert.throws(() => retargetVersionNeed(elf, 'libnothing.so', 'X'), /needs nothing from libnothing\.so/);
  assert.throws(() => retargetVersionNeed(elf, 'libc.so.6', 'X'), /3 versions/);
  assert.throws(() => versionNeeds(Buffer.from('not an elf file at all, just text that is long enough to read a header from')), /not an ELF file/);
});
