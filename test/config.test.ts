import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, overridePathOf, sessionOf } from '../src/config/resolve';
import { updateOverride } from '../src/config/override';
import { DEFAULTS, KEYS, KEY_NAMES } from '../src/config/keys';
import { KokoroError } from '../src/util/errors';
import { runCli, standinArgs, tempDir } from './helpers';

function overrideIn(dir: string, doc: unknown): string {
  const p = join(dir, 'override.json');
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return p;
}

test('no file, no env, no flags: the built-in defaults, each marked default', async () => {
  const c = await resolveConfig({ cwd: tempDir(), env: {} });
  assert.deepEqual(c.values, DEFAULTS);
  for (const k of KEY_NAMES) assert.equal(c.origins[k].layer, 'default');
});

test('each layer beats the one below: defaults < override.json < KOKORO_* < flags', async () => {
  const dir = tempDir();
  const path = overrideIn(dir, { session: { intraOpNumThreads: 3, executionMode: 'parallel' }, voice: 'af_nicole', speed: 1.1 });
  const fileOnly = await resolveConfig({ cwd: dir, env: {} });
  assert.equal(fileOnly.values['session.intraOpNumThreads'], 3);
  assert.equal(fileOnly.values['session.executionMode'], 'parallel');
  assert.equal(fileOnly.values.voice, 'af_nicole');
  assert.deepEqual(fileOnly.origins.voice, { layer: 'override', detail: path });
  assert.equal(fileOnly.values['session.graphOptimizationLevel'], 'all', 'keys the file does not set stay default');

  const env = { KOKORO_INTRA_OP_THREADS: '2', KOKORO_VOICE: 'bf_emma' };
  const withEnv = await resolveConfig({ cwd: dir, env });
  assert.equal(withEnv.values['session.intraOpNumThreads'], 2);
  assert.equal(withEnv.values.voice, 'bf_emma');
  assert.deepEqual(withEnv.origins.voice, { layer: 'env', detail: 'KOKORO_VOICE' });
  assert.equal(withEnv.values.speed, 1.1, 'env does not touch keys it does not set');

  const withFlags = await resolveConfig({ cwd: dir, env, flags: { 'session.intraOpNumThreads': '1', speed: '0.8' } });
  assert.equal(withFlags.values['session.intraOpNumThreads'], 1);
  assert.equal(withFlags.values.speed, 0.8);
  assert.deepEqual(withFlags.origins['session.intraOpNumThreads'], { layer: 'flag', detail: '--threads' });
  assert.equal(withFlags.values.voice, 'bf_emma');
  assert.deepEqual(sessionOf(withFlags.values), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'parallel', graphOptimizationLevel: 'all', enableCpuMemArena: true, enableMemPattern: false,
  });
});

test('an empty environment variable is ignored rather than read as a value', async () => {
  const c = await resolveConfig({ cwd: tempDir(), env: { KOKORO_SPEED: '' } });
  assert.equal(c.origins.speed.layer, 'default');
});

test('override file path: --override-file beats KOKORO_OVERRIDE beats ./override.json', async () => {
  const dir = tempDir();
  assert.equal(overridePathOf({ cwd: dir, env: {} }).path, join(dir, 'override.json'));
  assert.equal(overridePathOf({ cwd: dir, env: { KOKORO_OVERRIDE: 'e.json' } }).path, join(dir, 'e.json'));
  assert.equal(overridePathOf({ cwd: dir, env: { KOKORO_OVERRIDE: 'e.json' }, overrideFlag: 'f.json' }).path, join(dir, 'f.json'));
  // A missing ./override.json is normal; a missing file the user named is an error.
  await assert.rejects(resolveConfig({ cwd: dir, env: {}, overrideFlag: 'nope.json' }), (e: unknown) => e instanceof KokoroError && /cannot read override file .*nope\.json/.test(e.message));
  assert.equal((await resolveConfig({ cwd: dir, env: {}, overrideFlag: 'nope.json' }, false)).values.speed, 1);
});

// Every key, a bad value from every source: the error names the key and where the value came from.
const BAD: Record<string, { raw: string; json: unknown }> = {
  'session.intraOpNumThreads': { raw: 'two', json: -1 },
  'session.interOpNumThreads': { raw: '1.5', json: '2' },
  'session.executionMode': { raw: 'fast', json: 'fast' },
  'session.graphOptimizationLevel': { raw: 'max', json: 3 },
  'session.enableCpuMemArena': { raw: 'yes', json: 'true' },
  'session.enableMemPattern': { raw: 'no', json: 0 },
  voice: { raw: 'af_bella:-1', json: 42 },
  model: { raw: ' ', json: 7 },
  voicesDir: { raw: ' ', json: false },
  speed: { raw: '3', json: 0.1 },
  phonemeCacheSize: { raw: '-5', json: 'big' },
  maxChunkTokens: { raw: '511', json: 0 },
  firstChunkTokens: { raw: '0', json: '64' },
  pipelineDepth: { raw: '-1', json: 65 },
  engineWarmup: { raw: 'maybe', json: 1 },
  g2p: { raw: 'festival', json: 2 },
  lexicon: { raw: 'a.tsv::b.tsv', json: 3 },
  sentencePause: { raw: '11', json: -0.5 },
  clausePause: { raw: 'long', json: '0.2' },
  jobs: { raw: '0', json: 2.5 },
  sessions: { raw: '65', json: 0 },
  runtime: { raw: ' ', json: 1 },
  modelCache: { raw: ' ', json: false },
  rewrites: { raw: 'fast', json: 7 },
  'server.host': { raw: 'a host', json: 80 },
  'server.port': { raw: '65536', json: -1 },
  'server.workers': { raw: 'many', json: 1.5 },
  'server.queue': { raw: '-1', json: '4' },
  'server.maxChars': { raw: '0', json: 'lots' },
  'server.drainTimeout': { raw: 'soon', json: -1 },
  'server.apiKey': { raw: ' ', json: 42 },
  'server.web': { raw: 'on', json: 'true' },
  'server.http': { raw: 'off', json: 1 },
  'server.wyoming': { raw: 'udp://127.0.0.1:10200', json: 'tcp://host:99999' },
  flushAfter: { raw: 'soon', json: -0.5 },
};

test('every key rejects a bad value from the override file, the environment and a flag, naming key and source', async () => {
  assert.deepEqual(Object.keys(BAD).sort(), [...KEY_NAMES].sort(), 'a bad value for every key');
  for (const key of KEY_NAMES) {
    const { raw, json } = BAD[key]!;
    const dir = tempDir();
    const [head, tail] = key.split('.');
    const path = overrideIn(dir, tail ? { [head!]: { [tail]: json } } : { [key]: json });
    await assert.rejects(resolveConfig({ cwd: dir, env: {} }), (e: unknown) => {
      assert.ok(e instanceof KokoroError && e.message.startsWith(`invalid ${key} `) && e.message.includes(path), `${key} file: ${String(e)}`);
      return true;
    });
    const clean = tempDir();
    const env = KEYS[key].env;
    // A secret's bad value is not echoed back.
    const shown = 'secret' in KEYS[key] ? '(hidden)' : `"${raw}"`;
    await assert.rejects(resolveConfig({ cwd: clean, env: { [env]: raw } }), (e: unknown) => {
      assert.ok(e instanceof KokoroError && e.message.includes(`invalid ${key} ${shown} from environment ${env}`), `${key} env: ${String(e)}`);
      return true;
    });
    await assert.rejects(resolveConfig({ cwd: clean, env: {}, flags: { [key]: raw } }), (e: unknown) => {
      assert.ok(e instanceof KokoroError && e.message.includes(`invalid ${key} ${shown} from flag`), `${key} flag: ${String(e)}`);
      return true;
    });
  }
});

test('a broken override file is refused with its path, not ignored', async () => {
  const dir = tempDir();
  overrideIn(dir, '{"session": {');
  await assert.rejects(resolveConfig({ cwd: dir, env: {} }), /override file .* is not valid JSON/);
  overrideIn(dir, '[1,2]');
  await assert.rejects(resolveConfig({ cwd: dir, env: {} }), /must hold a JSON object/);
});

test('updateOverride sets keys and keeps every unrelated key, nested or not', async () => {
  const dir = tempDir();
  const path = overrideIn(dir, { note: 'mine', session: { intraOpNumThreads: 4, custom: true }, voice: 'af_nicole' });
  await updateOverride(path, { 'session.intraOpNumThreads': 2, 'session.executionMode': 'parallel' });
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
    note: 'mine', session: { intraOpNumThreads: 2, custom: true, executionMode: 'parallel' }, voice: 'af_nicole',
  });
  assert.deepEqual(readdirSync(dir), ['override.json'], 'no temp file left');
  const fresh = join(dir, 'new.json');
  await updateOverride(fresh, { speed: 1.2 });
  assert.deepEqual(JSON.parse(readFileSync(fresh, 'utf8')), { speed: 1.2 });
});

test('a write killed half-way leaves the old override file whole', async () => {
  const dir = tempDir();
  const old = `${JSON.stringify({ session: { intraOpNumThreads: 1 }, keep: 'me' }, null, 2)}\n`;
  const path = overrideIn(dir, old);
  // A child process starts writing a very large document through the same atomic writer and is
  // killed with SIGKILL (no cleanup runs) while it writes.
  const script = `
    const { updateOverride } = require(${JSON.stringify(join(__dirname, '..', 'src', 'config', 'override.js'))});
    process.stdout.write('start\\n');
    updateOverride(${JSON.stringify(path)}, { note: 'x'.repeat(300 * 1024 * 1024) });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res) => child.stdout.once('data', () => res()));
  // Kill it once the temp file holds part of the new document: the moment a non-atomic writer
  // would have left a truncated override.json.
  const deadline = Date.now() + 20_000;
  let partial = false;
  while (!partial && Date.now() < deadline) {
    const tmp = readdirSync(dir).find((f) => f.endsWith('.tmp'));
    partial = tmp !== undefined && statSync(join(dir, tmp), { throwIfNoEntry: false })!?.size > 0;
    if (!partial) await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  assert.ok(partial, 'caught the writer mid-write');
  await new Promise((r) => child.once('close', r));
  assert.equal(readFileSync(path, 'utf8'), old, 'the override file is exactly as it was');
});

test('kokoro-ts config shows each value with its source; a bad env value is a one-line error, exit 2', async () => {
  const dir = tempDir();
  const path = overrideIn(dir, { session: { intraOpNumThreads: 3 } });
  const r = await runCli(['config', '--json'], { cwd: dir, env: { KOKORO_VOICE: 'bf_emma' } });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.toString()) as { overrideFile: string; settings: Record<string, { value: unknown; source: string; detail: string }> };
  assert.equal(out.overrideFile, path);
  assert.deepEqual(out.settings['session.intraOpNumThreads'], { value: 3, source: 'override', detail: path });
  assert.deepEqual(out.settings.voice, { value: 'bf_emma', source: 'env', detail: 'KOKORO_VOICE' });
  assert.equal(out.settings.speed!.source, 'default');

  const table = await runCli(['config'], { cwd: dir });
  assert.equal(table.code, 0);
  assert.match(table.stdout.toString(), /session\.intraOpNumThreads.*3.*override/);

  const bad = await runCli(['config'], { cwd: dir, env: { KOKORO_EXECUTION_MODE: 'turbo' } });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n')[0], 'Error: invalid session.executionMode "turbo" from environment KOKORO_EXECUTION_MODE: must be one of sequential, parallel');
});

test('synth reads the override file it is pointed at (--override-file and KOKORO_OVERRIDE)', async () => {
  const dir = tempDir();
  const other = join(dir, 'tuned.json');
  writeFileSync(other, JSON.stringify({ session: { intraOpNumThreads: 1, executionMode: 'parallel', interOpNumThreads: 2 } }));
  for (const via of [['--override-file', other], []]) {
    const r = await runCli([...via, 'synth', 'Hi.', ...standinArgs(), '-o', join(dir, 'o.wav'), '--verbose'],
    { cwd: dir, env: via.length ? {} : { KOKORO_OVERRIDE: other } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /session: intra-op 1, inter-op 2, parallel/);
  }
});
