/**
 * Streamed text, time to first audio: from the moment the first sentence is complete in the text
 * received (its last word, period and the space after it written) to the first audio chunk sent, over
 * Wyoming streaming (`serve --wyoming`, synthesize-start / -chunk) and over stdin (`synth --stream`
 * on a pipe the script keeps writing to). The reference is the bare model time of that sentence's
 * first chunk plus its front end, as the engine itself times them (`--verbose`'s chunk line of each
 * stdin run, whose engine is warmed up like the server's). Issue target: at most 1.1x. Runs alternate.
 *   npm run build && node dist/benchmarks/stream-latency.js MODEL VOICES_DIR [runs] [threads]
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { summarize } from '../src/bench/stats';
import { encodeEvent, EventReader, isFrameError } from '../src/serve/wyoming-events';
import { ROOT } from './lib';
import { untilServing } from '../src/serve/log';
import type { SynthSummary } from '../src/results/synth';
import { readFileSync } from 'node:fs';

const BIN = join(ROOT, 'bin', 'kokoro-ts');
// Words arrive as an LLM writes them; the sentence is complete with the piece carrying its period and the space after it.
const WORDS = ['The ', 'weather ', 'today ', 'is ', 'sunny ', 'and ', 'mild, ', 'with ', 'a ', 'light ', 'breeze ', 'from ', 'the ', 'west. '];
const REST = 'Tomorrow looks much the same, so you will not need an umbrella.';
const GAP_MS = 30;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The bundled onnxruntime, no graph rewrites (no calibration at load), optimized copies in this run's own cache folder. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_')) e[k] = v;
  e.KOKORO_RUNTIME = 'bundled';
  e.KOKORO_REWRITES = 'none';
  e.KOKORO_MODEL_CACHE = join(tmpdir(), 'kokoro-stream-latency-models');
  return e;
}

/** One stdin run: ms from the completing write to the first stdout bytes, and the engine's own front end + model ms of chunk 1. */
async function stdinRun(model: string, voices: string, threads: string): Promise<{ latency: number; bare: number }> {
  const summaryPath = join(tmpdir(), `kokoro-stream-latency-${process.pid}.json`);
  const child = spawn(process.execPath, [BIN, 'synth', '--stream', '--format', 'pcm', '-o', '-', '--verbose', '--engine-warmup', '-m', model, '--voices-dir', voices, '--threads', threads, '--json', summaryPath], { env: env() });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let firstAt = NaN;
  child.stdout.once('data', () => (firstAt = performance.now()));
  child.stdout.resume();
  const closed = new Promise<void>((ok) => child.on('close', () => ok()));
  while (!/ready \d+ ms after process start/.test(err)) {
    if (child.exitCode !== null) throw new Error(err);
    await sleep(20);
  }
  let t0 = NaN;
  for (const w of WORDS) {
    child.stdin.write(w);
    t0 = performance.now();
    await sleep(GAP_MS);
  }
  while (Number.isNaN(firstAt)) await sleep(2);
  child.stdin.end(REST);
  await closed;
  const first = (JSON.parse(readFileSync(summaryPath, 'utf8')) as SynthSummary).perChunk[0];
  if (!first) throw new Error(`no chunk in the summary:\n${err}`);
  return { latency: firstAt - t0, bare: first.frontEndMs + first.modelMs };
}

/** One Wyoming stream on its own connection: ms from the completing synthesize-chunk to the first audio-chunk. */
function wyomingRun(port: number): Promise<number> {
  return new Promise((ok, fail) => {
    const s = connect(port, '127.0.0.1');
    const reader = new EventReader({ headerBytes: 1 << 16, dataBytes: 1 << 20, payloadBytes: 1 << 24 });
    let t0 = NaN;
    let latency = NaN;
    s.on('data', (b: Buffer) => {
      for (const e of reader.push(b)) {
        if (isFrameError(e)) return fail(new Error(e.error));
        if (e.type === 'error') return fail(new Error(String(e.data.text)));
        if (e.type === 'audio-chunk' && Number.isNaN(latency)) {
          latency = performance.now() - t0;
          s.write(encodeEvent('synthesize-chunk', { text: REST }));
          s.write(encodeEvent('synthesize-stop'));
        }
        if (e.type === 'synthesize-stopped') {
          s.end();
          ok(latency);
        }
      }
    });
    s.on('error', fail);
    s.on('connect', async () => {
      s.write(encodeEvent('synthesize-start', { voice: { name: 'af_heart' } }));
      for (const w of WORDS) {
        s.write(encodeEvent('synthesize-chunk', { text: w }));
        t0 = performance.now();
        await sleep(GAP_MS);
      }
    });
  });
}

async function main(): Promise<void> {
  const [model, voices] = process.argv.slice(2);
  if (!model || !voices) throw new Error('usage: stream-latency.js MODEL VOICES_DIR [runs] [threads]');
  const runs = Number(process.argv[4] ?? 3);
  const threads = process.argv[5] ?? '2';
  const server = spawn(process.execPath, [BIN, 'serve', '--wyoming', 'tcp://127.0.0.1:0', '--no-http', '--workers', '1', '--threads', threads, '-m', model, '--voices-dir', voices, '--log-format', 'json'], { env: env() });
  const exited = new Promise<number | null>((ok) => server.on('exit', (code) => ok(code)));
  const port = (await untilServing(server.stderr, exited)).wyoming!.port;
  const w: number[] = [];
  const si: number[] = [];
  const bare: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      w.push(await wyomingRun(port));
      const r = await stdinRun(model, voices, threads);
      si.push(r.latency);
      bare.push(r.bare);
    }
  } finally {
    server.kill('SIGTERM');
  }
  const [mw, ms, mb] = [summarize(w).median, summarize(si).median, summarize(bare).median];
  console.log(`bare chunk 1 (front end + model, engine's own timing): median ${mb.toFixed(0)} ms`);
  console.log(`Wyoming streaming, sentence complete -> first audio-chunk: median ${mw.toFixed(0)} ms, ${(mw / mb).toFixed(2)}x bare`);
  const paired = summarize(si.map((x, i) => x / bare[i]!)).median;
  console.log(`synth --stream on stdin, sentence complete -> first bytes:  median ${ms.toFixed(0)} ms, ${(ms / mb).toFixed(2)}x bare (median of each run against its own chunk: ${paired.toFixed(3)}x)`);
  console.log(`${runs} alternated runs, ${threads} threads; per run: wyoming ${w.map((x) => x.toFixed(0)).join('/')}, stdin ${si.map((x) => x.toFixed(0)).join('/')}, bare ${bare.map((x) => x.toFixed(0)).join('/')} ms`);
}
void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
