'use strict';
/**
 * kokoro-js 1.2.1 as a peer-benchmark driver, loaded from its scratch install (--peer-dir,
 * .cache/peers/kokoro-js) and the local Hugging Face folder prepare.ts builds (--model-dir).
 * KokoroTTS.from_pretrained passes no session options, so the model and tokenizer are loaded with
 * transformers.js directly (session_options.intraOpNumThreads = --threads) and handed to the
 * KokoroTTS constructor, which is what from_pretrained does with them.
 *
 * Warm: prints a Ready line, then answers each request {"case", "text", "mode"} with a measurement
 * line (benchmarks/peers/protocol.ts). mode 'generate' = tts.generate(text) (one model call; cuts
 * at 512 ids); 'stream' = tts.stream() over a TextSplitterStream that is pushed the text and closed
 * (a plain string never ends the stream in 1.2.1), its sentences' audio concatenated. The bare-model
 * figure replays the recorded inputs of the same calls through tts.model.
 *   node kokoro-js-driver.cjs --peer-dir P --model-dir D --voice af_heart --threads T
 * Cold: load, generate the text, write a WAV file, exit.
 *   node kokoro-js-driver.cjs --cold --peer-dir P --model-dir D --voice af_heart --threads T --text "Hello world!" --out OUT.wav
 */
const { createRequire } = require('node:module');
const { readFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');
const { createInterface } = require('node:readline');

function flag(name, required = true) {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v && required) throw new Error(`${name} is required`);
  return v;
}

const peerDir = flag('--peer-dir');
const modelDir = flag('--model-dir');
const voice = flag('--voice');
const threads = Number(flag('--threads'));
const cold = process.argv.includes('--cold');
const peerRequire = createRequire(join(peerDir, 'package.json'));
const { KokoroTTS, TextSplitterStream } = peerRequire('kokoro-js');
const { StyleTextToSpeech2Model, AutoTokenizer, env } = peerRequire('@huggingface/transformers');

const version = (name) => JSON.parse(readFileSync(join(peerDir, 'node_modules', name, 'package.json'), 'utf8')).version;

async function load() {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(modelDir)}/`;
  const id = basename(modelDir);
  const [model, tokenizer] = await Promise.all([
    StyleTextToSpeech2Model.from_pretrained(id, { dtype: 'fp32', device: 'cpu', session_options: { intraOpNumThreads: threads } }),
    AutoTokenizer.from_pretrained(id),
  ]);
  const tts = new KokoroTTS(model, tokenizer);
  // Records each model call's inputs (kokoro-js calls this.model(inputs) once per call).
  const recorded = [];
  tts.model = new Proxy(model, {
    apply(target, thisArg, args) {
      recorded.push(args[0]);
      return Reflect.apply(target, thisArg, args);
    },
  });
  return { tts, model, recorded };
}

async function speak(tts, text, mode) {
  if (mode === 'stream') {
    const splitter = new TextSplitterStream();
    splitter.push(text);
    splitter.close();
    const parts = [];
    for await (const { audio } of tts.stream(splitter, { voice })) parts.push(audio.audio);
    const n = parts.reduce((a, p) => a + p.length, 0);
    const out = new Float32Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return { samples: out, rate: 24000 };
  }
  const audio = await tts.generate(text, { voice });
  return { samples: audio.audio, rate: audio.sampling_rate };
}

async function main() {
  const { tts, model, recorded } = await load();
  if (cold) {
    const audio = await tts.generate(flag('--text'), { voice });
    await audio.save(flag('--out'));
    return;
  }
  const versions = { 'kokoro-js': version('kokoro-js'), '@huggingface/transformers': version('@huggingface/transformers'), 'onnxruntime-node': version('onnxruntime-node') };
  process.stdout.write(`${JSON.stringify({ ready: true, tool: 'kokoro-js', versions, loadMs: performance.now() })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const req = JSON.parse(line);
    const mode = req.mode ?? 'generate';
    recorded.length = 0;
    const t0 = performance.now();
    const { samples, rate } = await speak(tts, req.text, mode);
    const wallMs = performance.now() - t0;
    const inputs = [...recorded];
    const t1 = performance.now();
    for (const i of inputs) await model(i);
    const bareModelMs = performance.now() - t1;
    const m = {
      tool: 'kokoro-js', case: req.case, wallMs, bareModelMs, audioSeconds: samples.length / rate,
      calls: inputs.map((i) => Number(i.input_ids.dims.at(-1))), peakRssMb: process.resourceUsage().maxRSS / 1024, mode,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`kokoro-js driver: ${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
