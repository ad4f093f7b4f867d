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

test('endpoint: --endpoint, then HF_ENDPOINT, then huggingface.co; default is fp32 and af_heart', () => {
  const url = (f: Parameters<typeof resolveDownload>[0], env: Record<string, string> = {}): string => resolveDownload(f, env, '/w', null).files[0]!.url;
  assert.match(url({}), /^https:\/\/huggingface\.co\/.*\/onnx\/model\.onnx$/);
  assert.match(url({}, { HF_ENDPOINT: 'https://mirror.example' }), /^https:\/\/mirror\.example\//);
  assert.match(url({ endpoint: 'http://127.0.0.1:9' }, { HF_ENDPOINT: 'https://mirror.example' }), /^http:\/\/127\.0\.0\.1:9\//);
  assert.deepEqual(resolveDownload({}, {}, '/w', null).files.map((f) => f.name), ['model.onnx', 'af_heart.bin']);
});

test('progress line: bar, percent, bytes, rate and ETA; no total, no bar', () => {
  assert.equal(progressLine({ url: 'u', received: 50e6, total: 100e6, bytesPerSecond: 10e6 }, 10), '[#####.....]  50%  50.0/100.0 MB  10.0 MB/s  ETA 0:05');
  assert.equal(progressLine({ url: 'u', received: 3e6, total: null, bytesPerSecond: 1e6 }), '3.0 MB  1.0 MB/s');
});
