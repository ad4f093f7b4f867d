import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { installRuntime, type RuntimeRelease } from '../src/download/runtime';
import { ortRuntime } from '../src/engine/ort-runtime';
import { runCli, ROOT, STANDIN, tempDir, VOICES } from './helpers';
import { makeZip } from './zip-helpers';

const ORT_NODE = join(ROOT, 'node_modules', 'onnxruntime-node');
const BINDING_DIR = 'bin/napi-v6/linux/x64';
const ortVersion = (JSON.parse(readFileSync(join(ORT_NODE, 'package.json'), 'utf8')) as { version: string }).version;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * A wheel like onnxruntime's, holding the bundled library under the wheel's member name, served on
 * loopback. Installing it exercises every step (download, sha256, zip, binding retarget, assembly,
 * the load check, auto selection) with a library whose output must equal the bundled one's.
 */
async function fakeWheel(): Promise<{ server: Server; base: string; release: RuntimeRelease; wheel: Buffer }> {
  const library = readFileSync(join(ORT_NODE, BINDING_DIR, 'libonnxruntime.so.1'));
  const member = `onnxruntime/capi/libonnxruntime.so.${ortVersion}`;
  const wheel = makeZip([{ name: 'onnxruntime/__init__.py', data: Buffer.from(''), method: 0 }, { name: member, data: library, method: 8 }]);
  const name = `onnxruntime-${ortVersion}-cp311-cp311-manylinux_2_28_x86_64.whl`;
  const server = createServer((req, res) => {
    if (req.url === `/simple/${name}`) {
      res.writeHead(200, { 'Content-Length': wheel.length });
      res.end(wheel);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple`;
  const release: RuntimeRelease = {
    version: ortVersion,
    platforms: {
      'linux-x64': { wheel: name, url: `${base}/${name}`, sha256: sha(wheel), member, memberSha256: sha(library), symbolVersion: `VERS_${ortVersion}`, bindingDir: BINDING_DIR, libraryName: 'libonnxruntime.so.1' },
    },
  };
  return { server, base, release, wheel };
}

const download = { stallTimeoutMs: 10_000, retries: 0, backoffMs: 10, force: false };

test('runtime install from a loopback wheel: assembled, pinned, chosen by auto; synth on it equals the bundled runtime byte for byte', { skip: process.platform !== 'linux' || process.arch !== 'x64' ? 'linux-x64 only' : false }, async () => {
  const { server, release } = await fakeWheel();
  try {
    const cwd = tempDir();
    const dir = join(cwd, 'runtimes');
    const r = await installRuntime({ dir, release, download });
    assert.equal(r.skipped, false);
    assert.deepEqual(readdirSync(dir), [`onnxruntime-${ortVersion}`], 'the folder only: no wheel, no staging left');
    const manifest = JSON.parse(readFileSync(join(r.dir, 'runtime.json'), 'utf8')) as { onnxruntime: string; onnxruntimeNode: string; platform: string };
    assert.deepEqual([manifest.onnxruntime, manifest.onnxruntimeNode, manifest.platform], [ortVersion, ortVersion, 'linux-x64']);
    assert.ok(existsSync(join(r.dir, 'node_modules', 'onnxruntime-node', BINDING_DIR, 'libonnxruntime.so.1')));
    assert.equal((await installRuntime({ dir, release, download })).skipped, true, 'present: left alone');

    const args = ['synth', 'Hello there, runtime.', '-m', STANDIN, '--voices-dir', VOICES, '-o', '-'];
    const bundled = await runCli([...args, '--runtime', 'bundled'], { cwd });
    const auto = await runCli([...args, '--verbose'], { cwd, env: { KOKORO_RUNTIME: 'auto' } });
    const named = await runCli([...args, '--runtime', r.dir], { cwd });
    for (const x of [bundled, auto, named]) assert.equal(x.code, 0, x.stderr);
    assert.match(auto.stderr, new RegExp(`onnxruntime-node ${ortVersion.replace(/\./g, '\\.')} binding \\+ onnxruntime ${ortVersion.replace(/\./g, '\\.')} library \\(${r.dir.replace(/[/.]/g, '\\$&')}\\)`), 'auto picked the installed runtime');
    assert.ok(auto.stdout.equals(bundled.stdout), 'the same library gives the same audio');
    assert.ok(named.stdout.equals(bundled.stdout));

    const status = await runCli(['runtime'], { cwd, env: { KOKORO_RUNTIME: 'auto' } });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout.toString(), new RegExp(`installed: onnxruntime ${ortVersion.replace(/\./g, '\\.')} library`));
    assert.match(status.stdout.toString(), /in use \(runtime = auto\): .*onnxruntime-/);
  } finally {
    server.close();
  }
});

test('runtime install: a wheel that does not match its pin installs nothing; a bad --runtime is a one-line error', async () => {
  const { server, release } = await fakeWheel();
  try {
    const dir = join(tempDir(), 'runtimes');
    const file = release.platforms['linux-x64']!;
    const wrong: RuntimeRelease = { ...release, platforms: { 'linux-x64': { ...file, sha256: '0'.repeat(64) } } };
    await assert.rejects(installRuntime({ dir, release: wrong, download }), /sha256/);
    assert.ok(!existsSync(join(dir, `onnxruntime-${ortVersion}`)), 'no runtime folder');
    const badLib: RuntimeRelease = { ...release, platforms: { 'linux-x64': { ...file, memberSha256: '0'.repeat(64) } } };
    await assert.rejects(installRuntime({ dir, release: badLib, download }), /does not match its pinned sha256/);
    assert.ok(!existsSync(join(dir, `onnxruntime-${ortVersion}`)));
    await assert.rejects(installRuntime({ dir, release, platform: 'darwin-arm64', download }), /no onnxruntime .* library for darwin-arm64/);
  } finally {
    server.close();
  }
  const bad = await runCli(['synth', 'Hi.', '-m', STANDIN, '--voices-dir', VOICES, '-o', '-', '--runtime', '/nonexistent/runtime']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: \/nonexistent\/runtime is not an installed runtime \(no runtime\.json\)$/m);
  assert.equal(bad.stderr.trim().split('\n').length, 2, 'the error and its hint');
});

test('one onnxruntime per process: asking for another after one is loaded names both', () => {
  const ort = ortRuntime(null);
  assert.equal(typeof ort.InferenceSession.create, 'function');
  assert.equal(ortRuntime(null), ort, 'the same module again');
  assert.throws(() => ortRuntime('/some/runtime'), /one onnxruntime per process: the bundled onnxruntime-node is loaded, the runtime in \/some\/runtime was asked for/);
});
