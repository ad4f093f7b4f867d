import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { BIN, ROOT, runCli, STANDIN, testModelCache, VOICES } from './helpers';
import { raw, serve } from './serve-helpers';
import { jsonLine, listening, readServeEvents, textLine, untilServing, type ServeEvent } from '../src/serve/log';

test('every event reads as the line the server printed before events existed', () => {
  const lines: [ServeEvent, string][] = [
    [listening('http', { host: '127.0.0.1', port: 8880 }), 'Listening on http://127.0.0.1:8880'],
    [listening('http', { host: '::1', port: 8880 }), 'Listening on http://[::1]:8880'],
    [{ event: 'web', url: 'http://127.0.0.1:8880/web' }, 'Web page: http://127.0.0.1:8880/web'],
    [{ event: 'warning', message: 'listening beyond loopback without an API key (--api-key or KOKORO_API_KEY)' }, 'Warning: listening beyond loopback without an API key (--api-key or KOKORO_API_KEY)'],
    [listening('wyoming', { host: '127.0.0.1', port: 10200 }), 'Wyoming on tcp://127.0.0.1:10200'],
    [listening('wyoming', { host: '0.0.0.0', port: 10200 }), 'Wyoming on tcp://0.0.0.0:10200 (no authentication: the protocol has none)'],
    [{ event: 'ready', workers: 2, queue: 16, model: '/m.onnx', timestamps: false, apiKeyRequired: false }, 'Ready: 2 engine worker(s), queue 16, model /m.onnx'],
    [{ event: 'ready', workers: 1, queue: 4, model: '/d.onnx', timestamps: true, apiKeyRequired: true }, 'Ready: 1 engine worker(s), queue 4, model /d.onnx (word timings available), API key required'],
    [{ event: 'shutting-down', drainSeconds: 30 }, 'Shutting down: finishing requests in flight (up to 30 s)'],
    [{ event: 'stopped', cut: 0 }, 'Stopped'],
    [{ event: 'stopped', cut: 3 }, 'Stopped; 3 response(s) were cut at the drain timeout'],
    [{ event: 'drain-timeout', protocol: 'http', cut: 2 }, 'kokoro-ts serve: drain timeout: cutting 2 unfinished response(s)'],
    [{ event: 'drain-timeout', protocol: 'wyoming', cut: 1 }, 'kokoro-ts serve: drain timeout: cutting 1 unfinished Wyoming answer(s)'],
    [{ event: 'error', protocol: 'http', message: 'boom' }, 'kokoro-ts serve: error: boom'],
  ];
  for (const [e, line] of lines) assert.equal(textLine(e), line);
  assert.equal(listening('http', { host: '0.0.0.0', port: 1 }).loopback, false);
  assert.equal(listening('http', { host: 'localhost', port: 1 }).loopback, true);
});

test('a JSON line: event first, then the ISO time, then every field; the reader gets it back and passes other lines aside', async () => {
  const e: ServeEvent = { event: 'ready', workers: 2, queue: 16, model: '/m.onnx', timestamps: false, apiKeyRequired: true };
  const line = jsonLine(e, new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)));
  assert.equal(line, '{"event":"ready","time":"2026-01-02T03:04:05.006Z","workers":2,"queue":16,"model":"/m.onnx","timestamps":false,"apiKeyRequired":true}');
  const stream = new PassThrough();
  const got: ServeEvent[] = [];
  const other: string[] = [];
  readServeEvents(stream, (x) => got.push(x), (l) => other.push(l));
  // Split mid-line, as a pipe may deliver it.
  stream.write(`${line.slice(0, 20)}`);
  stream.write(`${line.slice(20)}\nError: no voices in /x\n{"not":"an event"}\n`);
  await new Promise((ok) => setImmediate(ok));
  assert.deepEqual(got, [{ ...e, time: '2026-01-02T03:04:05.006Z' }]);
  assert.deepEqual(other, ['Error: no voices in /x', '{"not":"an event"}']);
});

test('untilServing: resolves at ready with the listeners; a server that exits first is an error with what it said', async () => {
  const stream = new PassThrough();
  let exit = (_: number | null): void => undefined;
  const serving = untilServing(stream, new Promise((ok) => (exit = ok)));
  stream.write(`${jsonLine(listening('http', { host: '127.0.0.1', port: 5 }), new Date())}\n`);
  stream.write(`${jsonLine({ event: 'ready', workers: 1, queue: 1, model: 'm', timestamps: false, apiKeyRequired: false }, new Date())}\n`);
  const s = await serving;
  assert.equal(s.http?.url, 'http://127.0.0.1:5');
  assert.equal(s.wyoming, null);
  exit(0);
  const failing = new PassThrough();
  let die = (_: number | null): void => undefined;
  const never = untilServing(failing, new Promise((ok) => (die = ok)));
  failing.write('Error: listen EADDRINUSE\n');
  await new Promise((ok) => setImmediate(ok));
  die(1);
  await assert.rejects(never, /kokoro-ts serve exited \(1\) before it was ready: Error: listen EADDRINUSE/);
});

test('serve --log-format json: every line is an event with an ISO time; the listening URLs answer, HTTP and Wyoming', async () => {
  const s = await serve(['--workers', '1', '--wyoming', 'tcp://127.0.0.1:0']);
  let code: number | null;
  try {
    const http = s.events().find((e) => e.event === 'listening' && e.protocol === 'http');
    assert.ok(http && http.event === 'listening');
    assert.equal(http.url, `http://127.0.0.1:${http.port}`);
    assert.deepEqual([http.host, http.loopback], ['127.0.0.1', true]);
    assert.equal((await raw(http.url, '/health')).status, 200, 'the URL answers');
    const wy = s.events().find((e) => e.event === 'listening' && e.protocol === 'wyoming');
    assert.ok(wy && wy.event === 'listening');
    assert.equal(wy.url, `tcp://127.0.0.1:${wy.port}`);
    await new Promise<void>((ok, fail) => {
      const c = connect(wy.port, '127.0.0.1', () => {
        c.end();
        ok();
      });
      c.on('error', fail);
    });
  } finally {
    code = await s.stop();
  }
  assert.equal(code, 0, s.stderr());
  const lines = s.stderr().trimEnd().split('\n');
  const parsed = lines.map((l) => JSON.parse(l) as { event: string; time: string });
  for (const p of parsed) {
    assert.equal(typeof p.event, 'string');
    assert.equal(new Date(p.time).toISOString(), p.time, `an ISO time: ${p.time}`);
  }
  assert.deepEqual(parsed.map((p) => p.event), ['listening', 'web', 'listening', 'ready', 'shutting-down', 'stopped']);
  const ready = parsed[3] as unknown as Record<string, unknown>;
  assert.deepEqual([ready.workers, ready.queue, ready.model, ready.timestamps, ready.apiKeyRequired], [1, 16, STANDIN, false, false]);
  assert.deepEqual(s.events().map((e) => e.event), parsed.map((p) => p.event), 'the helper read the same events');
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as AddressInfo;
  await new Promise((ok) => probe.close(ok));
  return port;
}

test('serve logs text by default: the same lines as before', async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_')) env[k] = v;
  Object.assign(env, { KOKORO_RUNTIME: 'bundled', KOKORO_MODEL_CACHE: testModelCache() });
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '-m', STANDIN, '--voices-dir', VOICES, '--workers', '1'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  // Ready when /health says so: the address is known up front, nothing read from the prose.
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await raw(base, '/health').then((r) => r.status, () => 0);
    if (status === 200) break;
    assert.ok(Date.now() < deadline && child.exitCode === null, `serve did not get ready:\n${err}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  child.kill('SIGTERM');
  assert.equal(await exited, 0, err);
  assert.equal(err, [
    `Listening on ${base}`,
    `Web page: ${base}/web`,
    `Ready: 1 engine worker(s), queue 16, model ${STANDIN}`,
    '',
    'Interrupting: finishing up (press Ctrl-C again to quit at once)',
    'Shutting down: finishing requests in flight (up to 30 s)',
    'Stopped',
    '',
  ].join('\n'));
});

test('--log-format takes text or json only: a usage error naming both', async () => {
  const r = await runCli(['serve', '--log-format', 'yaml', '-m', STANDIN, '--voices-dir', VOICES]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^Error: --log-format must be one of text, json, not "yaml"/);
});
