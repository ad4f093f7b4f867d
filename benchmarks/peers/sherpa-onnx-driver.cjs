'use strict';
/**
 * sherpa-onnx-node 1.13.8 as a peer-benchmark driver, loaded from its scratch install (--peer-dir,
 * .cache/peers/sherpa-onnx) and the Kokoro folder prepare.ts builds (--model-dir: model.onnx with
 * sherpa's metadata, voices.bin, tokens.txt) with espeak-ng-data (--data-dir). sherpa-onnx turns
 * text into phonemes itself (espeak-ng, lang en-us), not through misaki as kokoro-ts does.
 *
 * silenceScale 1 (in the config and in each generation config: sherpa's generate falls back to the
 * config's value when given its 0.2 default) makes it return the model's raw output instead of
 * shortening pauses. It exposes no model session, so bareModelMs is null and calls is empty (its
 * sentence split is internal).
 *
 * Warm: prints a Ready line, then answers each request {"case", "text"} with a measurement line
 * (benchmarks/peers/protocol.ts).
 *   node sherpa-onnx-driver.cjs --peer-dir P --model-dir D --data-dir E --sid N --threads T
 * Cold: load, generate the text, write a WAV file, exit.
 *   node sherpa-onnx-driver.cjs --cold ... --text "Hello world!" --out OUT.wav
 */
const { createRequire } = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

function flag(name) {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v) throw new Error(`${name} is required`);
  return v;
}

const peerDir = flag('--peer-dir');
const modelDir = flag('--model-dir');
const dataDir = flag('--data-dir');
const sid = Number(flag('--sid'));
const threads = Number(flag('--threads'));
const cold = process.argv.includes('--cold');
const sherpa = createRequire(join(peerDir, 'package.json'))('sherpa-onnx-node');

const version = (name) => JSON.parse(readFileSync(join(peerDir, 'node_modules', name, 'package.json'), 'utf8')).version;

function load() {
  return new sherpa.OfflineTts({
    model: {
      kokoro: {
        model: join(modelDir, 'model.onnx'),
        voices: join(modelDir, 'voices.bin'),
        tokens: join(modelDir, 'tokens.txt'),
        dataDir,
        lang: 'en-us',
      },
      numThreads: threads,
      provider: 'cpu',
      debug: 0,
    },
    silenceScale: 1,
  });
}

function speak(tts, text) {
  const generationConfig = new sherpa.GenerationConfig({ sid, speed: 1, silenceScale: 1 });
  const audio = tts.generate({ text, generationConfig });
  if (!audio || !audio.samples || audio.samples.length === 0) throw new Error(`sherpa-onnx returned no audio for ${JSON.stringify(text)}`);
  return audio;
}

/** The onnxruntime the platform package bundles, from the library's soname (its package.json does not say). */
function bundledOrt() {
  const lib = readFileSync(join(peerDir, 'node_modules', 'sherpa-onnx-linux-x64', 'libonnxruntime.so')).toString('latin1');
  const m = /libonnxruntime\.so\.(\d+\.\d+\.\d+)/.exec(lib);
  return m ? m[1] : 'unknown';
}

async function main() {
  const tts = load();
  if (cold) {
    const audio = speak(tts, flag('--text'));
    sherpa.writeWave(flag('--out'), { samples: audio.samples, sampleRate: audio.sampleRate });
    return;
  }
  const loadMs = performance.now();
  const versions = { 'sherpa-onnx-node': version('sherpa-onnx-node'), 'sherpa-onnx-linux-x64': version('sherpa-onnx-linux-x64'), onnxruntime: bundledOrt() };
  process.stdout.write(`${JSON.stringify({ ready: true, tool: 'sherpa-onnx', versions, loadMs })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const req = JSON.parse(line);
    const t0 = performance.now();
    const audio = speak(tts, req.text);
    const wallMs = performance.now() - t0;
    const m = {
      tool: 'sherpa-onnx', case: req.case, wallMs, bareModelMs: null, audioSeconds: audio.samples.length / audio.sampleRate,
      calls: [], peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`sherpa-onnx driver: ${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
