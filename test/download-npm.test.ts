import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FIXTURES, runCli, tempDir } from './helpers';
import { tarFiles } from '../src/download/tar';
import { npmrcRegistry, resolveNpmRegistry } from '../src/download/npm-registry';
import { sha512Of } from '../src/download/npm-voices';
import { expandVoiceList } from '../src/cli/download';

/** A ustar header + data, padded to 512-byte blocks (what npm pack writes for short names). */
function tarEntry(path: string, data: Buffer, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(path, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}
const tar = (entries: Buffer[]): Buffer => Buffer.concat([...entries, Buffer.alloc(1024)]);
const pax = (path: string): Buffer => {
  const rec = (len: number): string => `${len} path=${path}\n`;
  let len = rec(0).length;
  while (rec(len).length !== len) len = rec(len).length;
  return Buffer.from(rec(len));
};

const voice = (n: string): Buffer => readFileSync(join(FIXTURES, 'voices', `${n}.bin`));
const packageJson = Buffer.from('{"name":"kokoro-js","version":"1.2.1"}');
const goodTgz = gzipSync(tar([tarEntry('package/package.json', packageJson), tarEntry('package/voices/af_heart.bin', voice('af_heart')), tarEntry('package/voices/bf_emma.bin', voice('bf_emma'))]));
const tampered = Buffer.from(voice('af_heart'));
tampered[1000] = tampered[1000]! ^ 1;
const badPackTgz = gzipSync(tar([tarEntry('package/voices/af_heart.bin', tampered), tarEntry('package/voices/bf_emma.bin', voice('bf_emma'))]));
const integrity = (b: Buffer): string => `sha512-${createHash('sha512').update(b).digest('base64')}`;

/** What the stand-in registry serves as kokoro-js@1.2.1: good, a corrupted body (integrity of the good one), or a tarball with an altered pack (and its own, matching integrity). */
let mode: 'ok' | 'corrupt-tarball' | 'bad-pack' = 'ok';
const requests: string[] = [];
let server: Server;
let registry: string;
let deadPort: number;

before(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const tgz = mode === 'bad-pack' ? badPackTgz : goodTgz;
    if (req.url === '/kokoro-js') {
      const doc = { name: 'kokoro-js', versions: { '1.2.1': { dist: { tarball: `${registry}/kokoro-js/-/kokoro-js-1.2.1.tgz`, integrity: integrity(tgz) } } } };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    }
    if (req.url === '/kokoro-js/-/kokoro-js-1.2.1.tgz') {
      const body = Buffer.from(tgz);
      if (mode === 'corrupt-tarball') body[body.length >> 1] = body[body.length >> 1]! ^ 0xff;
      return void res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    }
    res.writeHead(404).end('{"error":"not found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: an unreachable server.
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  deadPort = (dead.address() as AddressInfo).port;
  await new Promise((r) => dead.close(r));
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const npmArgs = (dir: string, ...more: string[]): string[] => ['download', '--source', 'npm', '--registry', registry, '--voices-dir', join(dir, 'voices'), '--retries', '0', ...more];

test('--source npm: packs taken from the tarball, verified, installed, recorded with their source; a second run fetches nothing', async () => {
  const dir = tempDir();
  const r = await runCli(npmArgs(dir, '--voices', 'af_heart,bf_emma'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^--source npm: voice packs only \(the npm package holds no model/m);
  assert.match(r.stderr, /2 voice packs <- npm kokoro-js@1\.2\.1 from http:\/\/127\.0\.0\.1:\d+\/ \(--registry\)/);
  assert.match(r.stderr, /af_heart\.bin: 0\.5 MB, sha256 verified \(pinned\), from the npm tarball \(integrity verified\)/);
  assert.deepEqual(readFileSync(join(dir, 'voices', 'af_heart.bin')), voice('af_heart'));
  assert.deepEqual(readFileSync(join(dir, 'voices', 'bf_emma.bin')), voice('bf_emma'));
  assert.deepEqual(readdirSync(join(dir, 'voices')).sort(), ['.kokoro-manifest.json', 'af_heart.bin', 'bf_emma.bin'], 'no tarball or temp file left');
  const manifest = JSON.parse(readFileSync(join(dir, 'voices', '.kokoro-manifest.json'), 'utf8')) as { files: Record<string, { source: string; verifiedBy: string }> };
  assert.match(manifest.files['bf_emma.bin']!.source, /^npm kokoro-js@1\.2\.1 http:\/\/127\.0\.0\.1:\d+\/kokoro-js\/-\/kokoro-js-1\.2\.1\.tgz$/);
  const n = requests.length;
  const again = await runCli(npmArgs(dir, '--voices', 'af_heart,bf_emma'));
  assert.equal(again.code, 0, again.stderr);
  assert.equal((again.stderr.match(/already present, sha256 verified/g) ?? []).length, 2);
  assert.equal(requests.length, n, 'nothing fetched the second time');
});

test('the registry comes from npm_config_registry, then the project .npmrc, then the user .npmrc', async () => {
  const dir = tempDir();
  const viaEnv = await runCli(['download', '--source', 'npm', '--voices', 'bf_emma', '--voices-dir', join(dir, 'a')], { env: { npm_config_registry: `${registry}/` } });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.match(viaEnv.stderr, /\(npm_config_registry\)/);
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, '.npmrc'), `; a comment\nfund=false\nregistry = ${registry}\n`);
  const viaProject = await runCli(['download', '--source', 'npm', '--voices', 'bf_emma', '--voices-dir', join(dir, 'b')], { cwd: project, env: { npm_config_registry: '', HOME: dir } });
  assert.equal(viaProject.code, 0, viaProject.stderr);
  assert.match(viaProject.stderr, new RegExp(`\\(${join(project, '.npmrc').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`));
  assert.deepEqual(readFileSync(join(dir, 'b', 'bf_emma.bin')), voice('bf_emma'));

  const env = { A: 'x', REG: registry };
  assert.equal(npmrcRegistry('registry=https://one/\n@scope:registry=https://scoped/\nregistry="${REG}/npm/"\n', env), `${registry}/npm/`);
  assert.equal(npmrcRegistry('@scope:registry=https://scoped/\n# registry=https://commented/\n'), undefined);
  const rc = (text: string, path: string): { path: string; text: string } => ({ path, text });
  const base = { env: {}, projectNpmrc: rc('registry=https://project/', 'p/.npmrc'), userNpmrc: rc('registry=https://user', 'u/.npmrc') };
  assert.deepEqual(resolveNpmRegistry(base), { url: 'https://project/', from: 'p/.npmrc' });
  assert.deepEqual(resolveNpmRegistry({ ...base, projectNpmrc: null }), { url: 'https://user/', from: 'u/.npmrc' });
  assert.deepEqual(resolveNpmRegistry({ ...base, env: { NPM_CONFIG_REGISTRY: 'https://env' } }), { url: 'https://env/', from: 'NPM_CONFIG_REGISTRY' });
  assert.deepEqual(resolveNpmRegistry({ ...base, flag: 'https://flag' }), { url: 'https://flag/', from: '--registry' });
  assert.deepEqual(resolveNpmRegistry({ env: {}, projectNpmrc: null, userNpmrc: null }).url, 'https://registry.npmjs.org/');
});

test('a corrupted tarball fails its integrity check: refused, nothing left', async () => {
  const dir = tempDir();
  mode = 'corrupt-tarball';
  try {
    const r = await runCli(npmArgs(dir, '--voices', 'af_heart'));
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^Error: .*kokoro-js-1\.2\.1\.tgz: sha512 \S+ does not match the registry's integrity sha512-\S+; the tarball was deleted and nothing installed$/m);
    assert.deepEqual(readdirSync(join(dir, 'voices')), []);
  } finally {
    mode = 'ok';
  }
});

test('a pack whose sha256 is not the pinned one: refused, and no pack of that run is installed', async () => {
  const dir = tempDir();
  mode = 'bad-pack';
  try {
    const r = await runCli(npmArgs(dir, '--voices', 'bf_emma,af_heart'));
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^Error: voices\/af_heart\.bin in kokoro-js@1\.2\.1: sha256 [0-9a-f]{64} does not match the pinned d583ccff[0-9a-f]{56}; nothing installed$/m);
    assert.deepEqual(readdirSync(join(dir, 'voices')), []);
  } finally {
    mode = 'ok';
  }
});

test('a voice the tarball lacks is refused by name', async () => {
  const dir = tempDir();
  const r = await runCli(npmArgs(dir, '--voices', 'ff_siwis'));
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /kokoro-js@1\.2\.1 holds no voices\/ff_siwis\.bin; nothing installed/);
  assert.deepEqual(readdirSync(join(dir, 'voices')), []);
});

test('an unreachable registry: one clear error, exit 3, nothing left', async () => {
  const dir = tempDir();
  const r = await runCli(['download', '--source', 'npm', '--registry', `http://127.0.0.1:${deadPort}`, '--voices', 'af_heart', '--voices-dir', join(dir, 'voices'), '--retries', '0']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`^Error: cannot reach the npm registry http://127\\.0\\.0\\.1:${deadPort}/ \\(--registry\\): GET \\S+/kokoro-js: ECONNREFUSED \\(after 1 attempt\\)$`, 'm'));
  assert.match(r.stderr, /hint: .*--registry/);
  assert.deepEqual(readdirSync(join(dir, 'voices')), []);
});

test('Hugging Face unreachable: one line, then the voices come from the npm registry', async () => {
  const dir = tempDir();
  const r = await runCli(['download', '--endpoint', `http://127.0.0.1:${deadPort}`, '--registry', registry, '--no-model', '--voices', 'bf_emma', '--voices-dir', join(dir, 'voices'), '--retries', '0']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => /Hugging Face/.test(l));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^Hugging Face cannot be reached: taking the voice packs from npm kokoro-js@1\.2\.1 from http:\/\/127\.0\.0\.1:\d+\/ \(--registry\)$/);
  assert.deepEqual(readFileSync(join(dir, 'voices', 'bf_emma.bin')), voice('bf_emma'));
  // --source hf never falls back.
  const hf = await runCli(['download', '--source', 'hf', '--endpoint', `http://127.0.0.1:${deadPort}`, '--registry', registry, '--no-model', '--voices', 'af_heart', '--voices-dir', join(dir, 'hf'), '--retries', '0']);
  assert.equal(hf.code, 4, hf.stderr);
  assert.match(hf.stderr, /cannot download .*af_heart\.bin: ECONNREFUSED/);
});

test('--voices takes languages; voices --lang filters by letter or tag; a bad --lang is a usage error', async () => {
  assert.deepEqual(expandVoiceList('fr'), ['ff_siwis']);
  assert.deepEqual(expandVoiceList('j'), ['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo']);
  assert.deepEqual(expandVoiceList('af_heart, pt-br'), ['af_heart', 'pf_dora', 'pm_alex', 'pm_santa']);
  assert.equal(expandVoiceList('af_heart,all'), 'all');
  const dir = tempDir();
  mkdirSync(join(dir, 'v'));
  writeFileSync(join(dir, 'v', 'ff_siwis.bin'), voice('af_heart'));
  for (const code of ['fr', 'f', 'FR']) {
    const r = await runCli(['voices', '--lang', code, '--json', '--voices-dir', join(dir, 'v')]);
    assert.equal(r.code, 0, r.stderr);
    const v = (JSON.parse(r.stdout.toString()) as { voices: { name: string; language: string; installed: boolean; downloadable: boolean }[] }).voices;
    assert.deepEqual(v, [{ name: 'ff_siwis', language: 'French', gender: 'female', installed: true, downloadable: true }]);
  }
  const ja = await runCli(['voices', '--lang', 'ja', '--json', '--voices-dir', join(dir, 'v')]);
  const jv = (JSON.parse(ja.stdout.toString()) as { voices: { name: string; installed: boolean }[] }).voices;
  assert.deepEqual(jv.map((x) => [x.name, x.installed]), [['jf_alpha', false], ['jf_gongitsune', false], ['jf_nezumi', false], ['jf_tebukuro', false], ['jm_kumo', false]]);
  const all = await runCli(['voices', '--all', '--json', '--voices-dir', join(dir, 'v')]);
  assert.equal((JSON.parse(all.stdout.toString()) as { voices: unknown[] }).voices.length, 54);
  const bad = await runCli(['voices', '--lang', 'de']);
  assert.equal(bad.code, 2);
  // The one --lang parser's message, as synth, book, bench and tune give it.
  assert.match(bad.stderr, /^Error: unknown language "de" for --lang\n  hint: use one of a, b, e, f, h, i, j, p, z, en-us/);
});

test('tar reader: ustar and pax paths, checksums, truncation', () => {
  const data = Buffer.from('hello');
  const long = `package/${'d/'.repeat(60)}voices/x.bin`;
  const t = tar([tarEntry('package/a.txt', data), tarEntry('PaxHeader', pax(long), 'x'), tarEntry('ignored-name', data), tarEntry('package/dir/', Buffer.alloc(0), '5')]);
  assert.deepEqual([...tarFiles(t)].map((f) => [f.path, f.data.toString()]), [['package/a.txt', 'hello'], [long, 'hello']]);
  const damaged = Buffer.from(t);
  damaged[10] = 0x41;
  assert.throws(() => [...tarFiles(damaged)], /header checksum mismatch at byte 0/);
  assert.throws(() => [...tarFiles(tar([tarEntry('package/big', Buffer.alloc(2000, 7))]).subarray(0, 1500))], /entry at byte 0 runs past the end \(truncated\)/);
  assert.throws(() => [...tarFiles(t.subarray(0, t.length - 1024))], /no end-of-archive marker/);
  assert.deepEqual(sha512Of('sha1-abc sha512-XYZ==?foo sha512-QQ=='), ['XYZ==', 'QQ==']);
});
