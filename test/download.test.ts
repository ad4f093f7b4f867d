import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../src/audio/wav';
import { FIXTURES, freshPackage, runCli as runCliRaw, STANDIN, tempDir } from './helpers';
import { SOURCE_TABLE, type SourceTable } from '../src/download/model-sources';

/**
 * A stand-in for huggingface.co on 127.0.0.1, with the same path layout and the same habits:
 * large files redirect to a "CDN" path and announce their sha256 in X-Linked-Etag on the redirect.
 * Each file can be told to misbehave: cut the connection half-way once, corrupt a byte, stall.
 */
type Mode = 'ok' | 'cut-once' | 'corrupt' | 'stall';
const PREFIX = '/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/';
const files: Record<string, Buffer> = {
  'onnx/model.onnx': readFileSync(STANDIN),
  'voices/af_heart.bin': readFileSync(join(FIXTURES, 'voices', 'af_heart.bin')),
  'voices/bf_emma.bin': readFileSync(join(FIXTURES, 'voices', 'bf_emma.bin')),
  'voices/af_nicole.bin': readFileSync(join(FIXTURES, 'voices', 'af_nicole.bin')),
};
const modes: Record<string, Mode> = {};
const ranges: { path: string; range: string | undefined }[] = [];
const cut = new Set<string>();
let server: Server;
let endpoint: string;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function serveBytes(path: string, req: IncomingMessage, res: ServerResponse): void {
  const body = files[path]!;
  const mode = modes[path] ?? 'ok';
  ranges.push({ path, range: req.headers.range });
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const from = m ? Number(m[1]) : 0;
  if (from >= body.length) {
    res.writeHead(416).end();
    return;
  }
  let data = body.subarray(from);
  if (mode === 'corrupt') {
    data = Buffer.from(data);
    const mid = data.length >> 1;
    data[mid] = data[mid]! ^ 0xff;
  }
  res.writeHead(from ? 206 : 200, { 'content-length': String(data.length), ...(from ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
  if (mode === 'stall') {
    res.write(data.subarray(0, 1000)); // then nothing, forever
    return;
  }
  if (mode === 'cut-once' && !cut.has(path)) {
    cut.add(path);
    res.write(data.subarray(0, data.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  res.end(data);
}

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/cdn/')) return serveBytes(url.slice(5), req, res);
    if (!url.startsWith(PREFIX) || !(url.slice(PREFIX.length) in files)) return void res.writeHead(404).end('Entry not found');
    const path = url.slice(PREFIX.length);
    if (path.endsWith('.onnx')) {
      // Hugging Face's LFS habit: a redirect that names the file's sha256 and size.
      res.writeHead(302, { location: `/cdn/${path}`, 'x-linked-etag': `"${sha(files[path]!)}"`, 'x-linked-size': String(files[path]!.length) }).end();
      return;
    }
    serveBytes(path, req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

/** The pinned table with the stand-in's hash for Hugging Face's fp32 and every other source on this server (which answers 404). */
let tableFile: string | null = null;
function testTable(): string {
  if (tableFile) return tableFile;
  const table: SourceTable = {
    ...SOURCE_TABLE,
    hf: { pins: { fp32: { sha256: sha(files['onnx/model.onnx']!), bytes: files['onnx/model.onnx']!.length } } },
    github: { ...SOURCE_TABLE.github, base: `${endpoint}/gh` },
    pypi: { ...SOURCE_TABLE.pypi, index: `${endpoint}/pypi` },
    runtime: { ...SOURCE_TABLE.runtime, platforms: Object.fromEntries(Object.entries(SOURCE_TABLE.runtime.platforms).map(([k, f]) => [k, { ...f, url: `${endpoint}/no-wheel.whl` }])) },
  };
  tableFile = join(tempDir(), 'table.json');
  writeFileSync(tableFile, JSON.stringify(table));
  return tableFile;
}
const runCli = (a: string[], o: Parameters<typeof runCliRaw>[1] = {}): ReturnType<typeof runCliRaw> => runCliRaw(a, { ...o, env: { KOKORO_TEST_SOURCES: testTable(), ...(o.env ?? {}) } });

after(() => {
  server.closeAllConnections();
  server.close();
});

function args(dir: string, ...more: string[]): string[] {
  return ['download', '--endpoint', endpoint, '--dir', join(dir, 'models'), '--voices-dir', join(dir, 'voices'), ...more];
}

test('full download: model verified by the sha256 the server announces, voices by the registry; a second run skips them', async () => {
  const dir = tempDir();
  const r = await runCli(args(dir, '--voices', 'af_heart,bf_emma'));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readFileSync(join(dir, 'models', 'model.onnx')), files['onnx/model.onnx']);
  assert.deepEqual(readFileSync(join(dir, 'voices', 'bf_emma.bin')), files['voices/bf_emma.bin']);
  assert.match(r.stderr, /^Model from Hugging Face: .*model\.onnx: [\d.]+ MB, sha256 verified \(pinned\)$/m);
  assert.match(r.stderr, /The faster onnxruntime [\d.]+ was not installed \(.*HTTP 404 not found\); the bundled onnxruntime-node works/, 'the runtime step ran and failed softly');
  assert.match(r.stderr, /af_heart\.bin: 0\.5 MB, sha256 verified \(registry\)/);
  assert.deepEqual(readdirSync(join(dir, 'models')).sort(), ['.kokoro-manifest.json', 'model.onnx']);
  const manifest = JSON.parse(readFileSync(join(dir, 'models', '.kokoro-manifest.json'), 'utf8')) as { files: Record<string, { sha256: string; verifiedBy: string }> };
  assert.deepEqual([manifest.files['model.onnx']!.sha256, manifest.files['model.onnx']!.verifiedBy], [sha(files['onnx/model.onnx']!), 'registry']);

  const before = ranges.length;
  const again = await runCli(args(dir, '--voices', 'af_heart,bf_emma'));
  assert.equal(again.code, 0, again.stderr);
  assert.equal((again.stderr.match(/already present, sha256 verified/g) ?? []).length, 3);
  assert.equal(ranges.length, before, 'nothing fetched the second time');

  const models = await runCli(['models', '--json'], { cwd: dir });
  const listed = (JSON.parse(models.stdout.toString()) as { models: { path: string; variant: string; verified: string | null }[] }).models.find((m) => m.path === join(dir, 'models', 'model.onnx'));
  assert.deepEqual([listed?.variant, listed?.verified], ['stand-in (not Kokoro)', 'sha256 (registry)']);
  const voices = await runCli(['voices', '--all', '--json', '--voices-dir', join(dir, 'voices')]);
  const v = JSON.parse(voices.stdout.toString()) as { voices: { name: string; installed: boolean; downloadable: boolean }[] };
  assert.equal(v.voices.length, 54);
  assert.deepEqual(v.voices.filter((x) => x.installed).map((x) => x.name), ['af_heart', 'bf_emma']);
});

test('a connection cut half-way is resumed with a Range request and the file verifies', async () => {
  const dir = tempDir();
  modes['voices/af_nicole.bin'] = 'cut-once';
  try {
    const r = await runCli(args(dir, '--no-model', '--voices', 'af_nicole', '--retries', '2'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /retrying in 1\.0 s from byte \d+/);
    assert.match(r.stderr, /af_nicole\.bin: .*sha256 verified \(registry\), resumed/);
    const resumed = ranges.filter((x) => x.path === 'voices/af_nicole.bin' && x.range);
    assert.equal(resumed.length, 1);
    assert.ok(Number(/bytes=(\d+)-/.exec(resumed[0]!.range!)![1]) > 0);
    assert.deepEqual(readFileSync(join(dir, 'voices', 'af_nicole.bin')), files['voices/af_nicole.bin']);
    assert.deepEqual(readdirSync(join(dir, 'voices')).sort(), ['.kokoro-manifest.json', 'af_nicole.bin']);
  } finally {
    delete modes['voices/af_nicole.bin'];
  }
});

test('a corrupted body is rejected and leaves no file behind', async () => {
  const dir = tempDir();
  modes['voices/bf_emma.bin'] = 'corrupt';
  try {
    const r = await runCli(args(dir, '--no-model', '--voices', 'bf_emma'));
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^Error: .*bf_emma\.bin: sha256 [0-9a-f]{64} does not match the expected [0-9a-f]{64}; the downloaded file was deleted/m);
    assert.deepEqual(readdirSync(join(dir, 'voices')), []);
  } finally {
    delete modes['voices/bf_emma.bin'];
  }
});

test('404: one-line error naming the URL and how to place the file by hand', async () => {
  const dir = tempDir();
  const r = await runCli(args(dir, '--variant', 'q4', '--source', 'hf'));
  assert.equal(r.code, 4);
  const [line, hint] = r.stderr.trim().split('\n').filter((l) => l.startsWith('Error') || l.startsWith('  hint'));
  assert.equal(line, `Error: ${endpoint}${PREFIX}onnx/model_q4.onnx: HTTP 404 not found`);
  assert.match(hint!, /download onnx\/model_q4\.onnx from https:\/\/huggingface\.co\/onnx-community\/Kokoro-82M-v1\.0-ONNX .*save it as .*model_q4\.onnx/);
  assert.equal(existsSync(join(dir, 'models', 'model_q4.onnx')), false);
});

test('a stalled server times out in bounded time; the partial file is kept for a later resume', async () => {
  const dir = tempDir();
  modes['voices/af_heart.bin'] = 'stall';
  try {
    const t0 = Date.now();
    const r = await runCli(args(dir, '--no-model', '--voices', 'af_heart', '--timeout', '1', '--retries', '0'));
    const took = Date.now() - t0;
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /cannot download .*af_heart\.bin: stalled: no data for 1 s \(after 1 attempt; 1000 bytes kept in .*af_heart\.bin\.part to resume\)/);
    assert.ok(took < 10_000, `took ${took} ms`);
    assert.equal(existsSync(join(dir, 'voices', 'af_heart.bin')), false);
  } finally {
    delete modes['voices/af_heart.bin'];
  }
  // The server is healthy again: the next run resumes from byte 1000.
  const r = await runCli(args(dir, '--no-model', '--voices', 'af_heart'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(ranges.filter((x) => x.path === 'voices/af_heart.bin').pop()!.range, 'bytes=1000-');
  assert.deepEqual(readFileSync(join(dir, 'voices', 'af_heart.bin')), files['voices/af_heart.bin']);
});

test('an unwritable target folder is a one-line error before any request', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'file'), 'x');
  const n = ranges.length;
  const r = await runCli(['download', '--endpoint', endpoint, '--dir', join(dir, 'file', 'models'), '--voices', 'af_heart', '--voices-dir', join(dir, 'v')]);
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^Error: cannot write to .*file\/models: ENOTDIR/m);
  assert.equal(ranges.length, n);
});

test('bad options: unknown variant, unknown voice with a suggestion, non-http endpoint', async () => {
  const dir = tempDir();
  const cases: [string[], RegExp][] = [
    [['--variant', 'int4'], /^Error: option '--variant <v>' argument 'int4' is invalid\. Allowed choices are fp32, fp16, q8, q8f16, uint8, uint8f16, q4, q4f16, int8\./],
    [['--voices', 'af_nicol'], /no voice "af_nicol" in Kokoro v1\.0/],
    [['--endpoint', 'ftp://x'], /--endpoint must be an http\(s\) URL/],
  ];
  for (const [a, msg] of cases) {
    const r = await runCli(['download', '--dir', join(dir, 'm'), ...a]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, msg);
  }
});

test('first run: synth without a model says which command to run; synth --download fetches model and voice, then speaks', async () => {
  const dir = tempDir();
  const bin = freshPackage();
  const none = await runCli(['synth', 'Hello.', '-o', join(dir, 'a.wav')], { cwd: dir, bin });
  assert.equal(none.code, 3);
  assert.match(none.stderr, /no Kokoro model found/);
  assert.match(none.stderr, /run `kokoro-ts download`/);

  const home = join(dir, 'home');
  const r = await runCli(['synth', 'Hello there.', '--download', '-v', 'bf_emma', '-o', join(dir, 'b.wav')], { cwd: dir, env: { HF_ENDPOINT: endpoint, KOKORO_HOME: home }, bin });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(home, 'models', 'model.onnx')), 'into the data folder');
  assert.ok(existsSync(join(home, 'voices', 'bf_emma.bin')));
  assert.equal(existsSync(join(dir, 'models')), false, 'not into the working folder');
  assert.ok(decodeWav(readFileSync(join(dir, 'b.wav'))).samples.length > 0);
});

test('download --durations: the fetched model gets its durations output in place, recorded in the manifest; synth --timestamps then works', async () => {
  const dir = tempDir();
  const r = await runCli(args(dir, '--voices', 'af_heart', '--durations'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /durations output added/);
  const path = join(dir, 'models', 'model.onnx');
  const edited = readFileSync(path);
  assert.notDeepEqual(edited, files['onnx/model.onnx'], 'the file now has one more output');
  const manifest = JSON.parse(readFileSync(join(dir, 'models', '.kokoro-manifest.json'), 'utf8')) as { files: Record<string, { sha256: string; verifiedBy: string; durations?: { fromSha256: string } }> };
  const entry = manifest.files['model.onnx']!;
  assert.deepEqual([entry.sha256, entry.verifiedBy, entry.durations?.fromSha256], [sha(edited), 'registry', sha(files['onnx/model.onnx']!)]);
  const models = await runCli(['models', '--json'], { cwd: dir });
  const listed = (JSON.parse(models.stdout.toString()) as { models: { path: string; verified: string | null; durationsAddedFrom: string | null }[] }).models.find((m) => m.path === path);
  assert.deepEqual([listed?.verified, listed?.durationsAddedFrom], ['sha256 (registry) + durations added', 'model.onnx']);
  const again = await runCli(args(dir, '--voices', 'af_heart'));
  assert.match(again.stderr, /already present, sha256 verified/, 'the edited file counts as verified, not fetched again');
  const t = await runCli(['synth', 'Hello there.', '-m', path, '--voices-dir', join(dir, 'voices'), '-o', join(dir, 'h.wav'), '--timestamps', join(dir, 'h.json')]);
  assert.equal(t.code, 0, t.stderr);
  assert.deepEqual((JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8')) as { words: { text: string }[] }).words.map((w) => w.text), ['Hello', 'there']);
});
