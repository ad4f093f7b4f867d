import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SESSION_SETTINGS, loadVoicePack, styleRow } from '../src/engine';
import { loadModel } from '../src/engine/session';
import { Synthesizer } from '../src/engine/synthesizer';
import { autoRecordName, optimizedName, recordName, weightsName } from '../src/engine/optimized-model';
import { NO_REWRITES, type RewriteSetting } from '../src/engine/graph-rewrites';
import { buildFaithfulStandin, FAITHFUL_DEFAULT } from '../scripts/standin/faithful';
import { quantizeConvs } from '../scripts/standin/quantize';
import { NARROW } from '../src/engine/tile-convs';
import { resolveModelCacheDir } from '../src/cli/engine-settings';
import { KokoroError } from '../src/util/errors';
import { onnx } from 'onnx-proto';
import { runCli, STANDIN, standinArgs, tempDir, VOICES } from './helpers';

const SETTINGS = { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 };
const IDS = [0, 50, 83, 54, 156, 57, 135, 16, 65, 156, 87, 158, 0];
/** Every rewrite, whatever this CPU would choose: what the tests of each rewrite's copy load. */
const ALL: RewriteSetting = { conv2d: true, tileFrames: 1024 };

async function audioOf(model: string, cacheDir: string | null, rewrites: RewriteSetting = ALL): Promise<{ samples: Float32Array; cache: string | undefined; choice: string | null }> {
  const s = await Synthesizer.load(model, SETTINGS, undefined, null, { dir: cacheDir, rewrites });
  const voice = await loadVoicePack(VOICES, 'af_heart');
  const out = await s.run(IDS, styleRow(voice, IDS.length - 2), 1);
  const cache = s.optimizedCache;
  const choice = s.rewrites?.choice ?? null;
  await s.release();
  return { samples: out.samples, cache, choice };
}

function assertClose(a: Float32Array, b: Float32Array): void {
  assert.equal(a.length, b.length);
  let peak = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    peak = Math.max(peak, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  assert.ok(peak > 0.01 && diff <= 1e-5 * Math.max(1, peak), `max difference ${diff} (peak ${peak})`);
}

const onnxFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.onnx'));

test('optimized-model cache: the first load saves a copy, the next loads it; the audio is the same as without the cache', async () => {
  const dir = tempDir();
  const model = join(dir, 'm.onnx');
  copyFileSync(STANDIN, model);
  const cache = join(dir, 'cache');
  const off = await audioOf(model, null);
  assert.equal(off.cache, 'off');
  const first = await audioOf(model, cache);
  assert.equal(first.cache, 'saved');
  assert.equal(onnxFiles(cache).length, 1);
  assert.deepEqual(readdirSync(cache).filter((f) => f.endsWith('.tmp')), [], 'no temp folder left');
  const second = await audioOf(model, cache);
  assert.equal(second.cache, 'hit');
  assert.deepEqual(first.samples, off.samples);
  assert.deepEqual(second.samples, off.samples);
  // Level "disabled": nothing to save.
  const plain = await loadModel(model, { ...SETTINGS, graphOptimizationLevel: 'disabled' }, null, { dir: cache, rewrites: ALL });
  assert.equal(plain.optimizedCache, 'off');
  await plain.session.release();
});

test('optimized-model cache: a changed model file misses and replaces its old copy; a damaged copy is made again; an unwritable folder falls back', async () => {
  const dir = tempDir();
  const model = join(dir, 'm.onnx');
  copyFileSync(STANDIN, model);
  const cache = join(dir, 'cache');
  assert.equal((await audioOf(model, cache)).cache, 'saved');
  const [old] = onnxFiles(cache);
  // The same path, a new file (mtime): a new copy, and the old one goes.
  utimesSync(model, new Date(), new Date(Date.now() + 5000));
  assert.equal((await audioOf(model, cache)).cache, 'saved');
  const now = onnxFiles(cache);
  assert.equal(now.length, 1);
  assert.notEqual(now[0], old);
  // A damaged copy: not an error; the original is optimized and the copy written again.
  writeFileSync(join(cache, now[0]!), 'not a model');
  const again = await audioOf(model, cache);
  assert.equal(again.cache, 'saved');
  assert.ok(readFileSync(join(cache, now[0]!)).length > 100);
  assert.equal((await audioOf(model, cache)).cache, 'hit');
  // A cache "folder" under a file cannot be made: the original, as if there were no cache.
  const blocked = join(dir, 'file');
  writeFileSync(blocked, '');
  const fallback = await audioOf(model, join(blocked, 'cache'));
  assert.equal(fallback.cache, 'unusable');
  assert.deepEqual(fallback.samples, again.samples);
  // A broken model is still reported as one, cache or not.
  const broken = join(dir, 'broken.onnx');
  writeFileSync(broken, 'nope');
  await assert.rejects(loadModel(broken, SETTINGS, null, { dir: cache, rewrites: ALL }), (e: unknown) => e instanceof KokoroError && e.code === 'model-unreadable');
});

test('optimized-model cache: the weights go to NAME.data beside NAME.onnx; a copy without them is made again; stale temp folders go', async () => {
  const dir = tempDir();
  const model = join(dir, 'w.onnx');
  // A stand-in with real weight tensors (the plain one has none above the 1 kB threshold).
  const small = { ...FAITHFUL_DEFAULT, tokenDim: 32, tokenLayers: 1, frameChannels: 32, frameBlocks: 1, gen1Channels: 8, gen2Channels: 8 };
  writeFileSync(model, buildFaithfulStandin(small).bytes);
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  // A temp folder from a save killed two hours ago, and one from a save that may still be running.
  const stale = join(cache, '.x.onnx.1.aaaa.tmp');
  const fresh = join(cache, '.x.onnx.2.bbbb.tmp');
  mkdirSync(stale);
  mkdirSync(fresh);
  const old = new Date(Date.now() - 2 * 3600_000);
  utimesSync(stale, old, old);
  const off = await audioOf(model, null);
  const first = await audioOf(model, cache);
  assert.equal(first.cache, 'saved');
  const [graph] = onnxFiles(cache);
  const weights = join(cache, weightsName(graph!));
  assert.ok(existsSync(weights), 'weights file beside the graph');
  assert.ok(statSync(weights).size > 10 * statSync(join(cache, graph!)).size, 'the weights are in NAME.data, not in the graph');
  assert.equal(existsSync(stale), false, 'a stale temp folder is removed');
  assert.equal(existsSync(fresh), true, 'a recent temp folder is left to its save');
  // The copy's 1-D convolutions were made 2-D before optimizing, so onnxruntime runs them in its
  // NCHWc kernels (it never does for 1-D ones: the original optimized alone has none).
  const saved = onnx.ModelProto.decode(readFileSync(join(cache, graph!)));
  const nchwcConvs = saved.graph!.node!.filter((n) => n.domain === 'com.microsoft.nchwc' && n.opType === 'Conv').length;
  assert.ok(nchwcConvs >= 20, `${nchwcConvs} NCHWc convolutions in the copy`);
  const hit = await audioOf(model, cache);
  assert.equal(hit.cache, 'hit');
  // Same arithmetic in another kernel: the same waveform up to float rounding.
  assertClose(hit.samples, off.samples);
  assertClose(first.samples, off.samples);
  assert.deepEqual(hit.samples, first.samples, 'the copy computes what the session that saved it computed');
  // The weights gone: the copy does not load, so it is made again, and then hits.
  unlinkSync(weights);
  const again = await audioOf(model, cache);
  assert.equal(again.cache, 'saved');
  assert.ok(existsSync(weights));
  assertClose(again.samples, off.samples);
  assert.equal((await audioOf(model, cache)).cache, 'hit');
  assert.deepEqual(readdirSync(cache).filter((f) => !f.startsWith('.')).sort(), [graph!, weightsName(graph!), recordName(graph!)].sort());
  assert.equal(JSON.parse(readFileSync(join(cache, recordName(graph!)), 'utf8')).choice, 'conv2d', 'the copy records what it holds (no ConvInteger to tile)');
});

test('optimized-model cache: an int8 model is saved with its ConvIntegers in tiles, and computes the very same audio', async () => {
  const dir = tempDir();
  const model = join(dir, 'int8.onnx');
  const proto = onnx.ModelProto.decode(buildFaithfulStandin({ ...FAITHFUL_DEFAULT, tokenDim: 64, tokenLayers: 1, frameChannels: 64, frameBlocks: 1, gen1Channels: 16, gen2Channels: 16 }).bytes);
  quantizeConvs(proto);
  const inits = new Map(proto.graph!.initializer!.map((t) => [t.name!, t]));
  const narrow = proto.graph!.node!.filter((n) => {
    const d = (inits.get(n.input![1]!)?.dims ?? []).map(Number);
    return n.opType === 'ConvInteger' && d[0]! <= NARROW && d[1]! <= NARROW && d[2]! >= 3;
  }).length;
  assert.ok(narrow >= 10, `${narrow} narrow ConvIntegers`);
  writeFileSync(model, onnx.ModelProto.encode(proto).finish());
  const cache = join(dir, 'cache');
  const off = await audioOf(model, null);
  const first = await audioOf(model, cache);
  assert.equal(first.cache, 'saved');
  const [graph] = onnxFiles(cache);
  const saved = onnx.ModelProto.decode(readFileSync(join(cache, graph!)));
  const tiled = saved.graph!.node!.filter((n) => n.opType === 'ConvInteger' && n.name!.endsWith('_tiled/conv')).length;
  assert.equal(tiled, narrow, `${tiled} of ${narrow} narrow ConvIntegers in tiles in the copy`);
  const hit = await audioOf(model, cache);
  assert.equal(hit.cache, 'hit');
  // The integer convolutions compute the same integers, tile by tile: nothing is rounded otherwise.
  assert.deepEqual(first.samples, off.samples);
  assert.deepEqual(hit.samples, off.samples);
});

test('optimized-model copies are named by model file and by everything they depend on', () => {
  const a = optimizedName('/m/kokoro.onnx', [1, 2, 'all']);
  assert.match(a, /^kokoro-[0-9a-f]{12}-[0-9a-f]{16}\.onnx$/);
  assert.equal(optimizedName('/m/kokoro.onnx', [1, 2, 'all']), a);
  const b = optimizedName('/m/kokoro.onnx', [1, 2, 'extended']);
  assert.notEqual(b, a);
  assert.equal(b.split('-').slice(0, 2).join('-'), a.split('-').slice(0, 2).join('-'), 'same model file, same prefix');
  assert.notEqual(optimizedName('/other/kokoro.onnx', [1, 2, 'all']).split('-')[1], a.split('-')[1]);
});

test('model cache setting: auto is the user cache folder, off is none, a folder is resolved from cwd', () => {
  assert.equal(resolveModelCacheDir('off', '/w', { HOME: '/home/u' }), null);
  assert.equal(resolveModelCacheDir('auto', '/w', { HOME: '/home/u' }), '/home/u/.cache/kokoro-ts/optimized-models');
  assert.equal(resolveModelCacheDir('auto', '/w', { HOME: '/home/u', XDG_CACHE_HOME: '/xdg' }), '/xdg/kokoro-ts/optimized-models');
  assert.equal(resolveModelCacheDir('auto', '/w', {}), null);
  assert.equal(resolveModelCacheDir('cache/m', '/w', { HOME: '/home/u' }), '/w/cache/m');
});

test('synth --model-cache DIR: saved on the first run, loaded on the second, the same WAV as --model-cache off', async () => {
  const dir = tempDir();
  const cache = join(dir, 'mc');
  const run = async (name: string, mc: string): Promise<{ wav: Buffer; stderr: string }> => {
    const out = join(dir, `${name}.wav`);
    const r = await runCli(['synth', 'Hello there, world.', ...standinArgs(), '-o', out, '--model-cache', mc, '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    return { wav: readFileSync(out), stderr: r.stderr };
  };
  const first = await run('a', cache);
  assert.match(first.stderr, /optimized copy saved to the model cache/);
  const second = await run('b', cache);
  assert.match(second.stderr, /from the optimized copy in the model cache/);
  const off = await run('c', 'off');
  assert.doesNotMatch(off.stderr, /model cache/);
  assert.deepEqual(second.wav, off.wav);
  assert.deepEqual(first.wav, off.wav);
  assert.equal(onnxFiles(cache).length, 1);
});

/** A small int8 stand-in (the faithful graph, its convolutions quantized as quantize_dynamic does). */
function int8Standin(path: string): void {
  // One kernel per resblock: a fast model, so the calibration's real timings stay short here.
  const proto = onnx.ModelProto.decode(buildFaithfulStandin({ ...FAITHFUL_DEFAULT, tokenDim: 32, tokenLayers: 1, frameChannels: 32, frameBlocks: 1, gen1Channels: 8, gen2Channels: 8, kernels: [3], dilations: [1] }).bytes);
  quantizeConvs(proto);
  writeFileSync(path, onnx.ModelProto.encode(proto).finish());
}

test('rewrites: each can be switched off, alone or all; the copy holds exactly what was asked and the audio stays the same', async () => {
  const dir = tempDir();
  const model = join(dir, 'int8.onnx');
  int8Standin(model);
  const off = await audioOf(model, null);
  const countsIn = (cache: string): { tiled: number; nchwc: number } => {
    const [graph] = onnxFiles(cache);
    const g = onnx.ModelProto.decode(readFileSync(join(cache, graph!))).graph!;
    return { tiled: g.node!.filter((n) => n.opType === 'ConvInteger' && n.name!.endsWith('_tiled/conv')).length, nchwc: g.node!.filter((n) => n.domain === 'com.microsoft.nchwc' && n.opType === 'Conv').length };
  };
  const none = join(dir, 'none');
  const a = await audioOf(model, none, NO_REWRITES);
  assert.equal(a.cache, 'saved');
  assert.equal(a.choice, 'none');
  assert.deepEqual(countsIn(none).tiled, 0, 'no tiles with none');
  assert.deepEqual(a.samples, off.samples, 'no rewrite: the very same audio as the file as it is');
  const tiles = join(dir, 'tiles');
  const b = await audioOf(model, tiles, { conv2d: false, tileFrames: 64 });
  assert.equal(b.choice, 'tiles:64');
  assert.ok(countsIn(tiles).tiled >= 5, `${countsIn(tiles).tiled} ConvIntegers in tiles`);
  assert.deepEqual(b.samples, off.samples, 'tiles compute the same integers');
  const both = join(dir, 'both');
  const c = await audioOf(model, both, ALL);
  assert.ok(countsIn(both).tiled >= 5);
  assertClose(c.samples, off.samples);
  // The choice is part of the copy's name: asking for another one in the same folder misses, and
  // the copy of the old choice goes.
  const before = onnxFiles(both);
  const d = await audioOf(model, both, NO_REWRITES);
  assert.equal(d.cache, 'saved');
  assert.notDeepEqual(onnxFiles(both), before);
  assert.equal(onnxFiles(both).length, 1);
  assert.deepEqual(d.samples, off.samples);
});

test('rewrites auto: the first load measures each rewrite against none on this machine, records it, and later loads reuse the record', async () => {
  const dir = tempDir();
  const model = join(dir, 'int8.onnx');
  int8Standin(model);
  const cache = join(dir, 'cache');
  const off = await audioOf(model, null);
  const first = await audioOf(model, cache, 'auto');
  assert.equal(first.cache, 'saved');
  const [auto] = readdirSync(cache).filter((f) => f.endsWith('.auto.json'));
  assert.ok(auto, 'an auto record beside the copies');
  const record = JSON.parse(readFileSync(join(cache, auto!), 'utf8')) as { choice: string; chosenBy: string; calibration: { tokens: number[]; timings: { choice: string; medianMs: number[] }[] } };
  assert.equal(record.chosenBy, 'calibration');
  assert.equal(record.choice, first.choice);
  // All its convolutions are integer ones: conv2d changes nothing, so it is not measured.
  assert.deepEqual(record.calibration.timings.map((t) => t.choice), ['none', 'tiles:1024'], 'none and each rewrite that changes something, measured');
  console.log(`# calibration on the int8 stand-in: ${JSON.stringify(record.calibration)}, chose ${record.choice}`);
  for (const t of record.calibration.timings) {
    assert.equal(t.medianMs.length, record.calibration.tokens.length);
    assert.ok(t.medianMs.every((ms) => ms > 0), JSON.stringify(t));
  }
  // The copy in use is the one of the chosen rewrites, and says so.
  const [graph] = onnxFiles(cache);
  assert.equal(JSON.parse(readFileSync(join(cache, recordName(graph!)), 'utf8')).choice, record.choice);
  assert.deepEqual(readdirSync(cache).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), [], 'no temp folder or lock left');
  const mtime = statSync(join(cache, auto!)).mtimeMs;
  const second = await audioOf(model, cache, 'auto');
  assert.equal(second.cache, 'hit');
  assert.equal(second.choice, record.choice);
  assert.equal(statSync(join(cache, auto!)).mtimeMs, mtime, 'no second calibration');
  assertClose(second.samples, off.samples);
  // A fixed choice beside it keeps the auto record (switching back does not measure again).
  await audioOf(model, cache, NO_REWRITES);
  assert.ok(existsSync(join(cache, auto!)));
  assert.equal((await audioOf(model, cache, 'auto')).choice, record.choice);
});

test('rewrites auto: two loads at once calibrate once; the second waits for the first one\'s record', async () => {
  const dir = tempDir();
  const model = join(dir, 'int8.onnx');
  int8Standin(model);
  const cache = join(dir, 'cache');
  const [a, b] = await Promise.all([audioOf(model, cache, 'auto'), audioOf(model, cache, 'auto')]);
  assert.equal(a.choice, b.choice);
  assert.deepEqual(a.samples, b.samples);
  assert.equal(readdirSync(cache).filter((f) => f.endsWith('.auto.json')).length, 1);
  assert.equal(onnxFiles(cache).length, 1);
});

test('auto record names depend on the same things as copies, and never collide with a copy', () => {
  const name = autoRecordName('/m/kokoro.onnx', [1, 2, 'all']);
  assert.match(name, /^kokoro-[0-9a-f]{12}-[0-9a-f]{16}\.auto\.json$/);
  assert.notEqual(name.replace('.auto.json', '.onnx'), optimizedName('/m/kokoro.onnx', [1, 2, 'all']));
  assert.notEqual(autoRecordName('/m/kokoro.onnx', [1, 3, 'all']), name);
});

test('synth --rewrites: a bad value stops before any work with one line; none is reported with --verbose', async () => {
  const dir = tempDir();
  const bad = await runCli(['synth', 'Hello.', ...standinArgs(), '-o', join(dir, 'x.wav'), '--rewrites', 'tiles:3']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /rewrites.*tile length 3 is outside 64-65536/);
  assert.equal(existsSync(join(dir, 'x.wav')), false);
  const ok = await runCli(['synth', 'Hello.', ...standinArgs(), '-o', join(dir, 'y.wav'), '--model-cache', join(dir, 'mc'), '--rewrites', 'none', '--verbose']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /graph rewrites: none \(setting\)/);
});
