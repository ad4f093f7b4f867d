import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Command } from 'commander';
import { DEFAULTS, KEYS, KEY_NAMES, type Key, type KeySpec } from '../src/config/keys';
import { addEngineFlags, configFor, type ConfigFlags } from '../src/cli/settings';
import { tempDir } from './helpers';

test('the defaults derived from the declarations are the table they replaced', () => {
  assert.deepEqual(DEFAULTS, {
    'session.intraOpNumThreads': 0, 'session.interOpNumThreads': 1, 'session.executionMode': 'sequential', 'session.graphOptimizationLevel': 'all',
    'session.enableCpuMemArena': true, 'session.enableMemPattern': false, voice: 'af_heart', model: null, voicesDir: null, speed: 1, g2p: 'misaki',
    lexicon: [], phonemeCacheSize: 256, maxChunkTokens: 200, firstChunkTokens: 64, pipelineDepth: 4, engineWarmup: false, sentencePause: 0.15,
    clausePause: 0.075, jobs: 1, sessions: 1, runtime: 'auto', modelCache: 'auto', rewrites: 'auto', 'server.host': '127.0.0.1', 'server.port': 8880,
    'server.workers': 0, 'server.queue': 16, 'server.maxChars': 4096, 'server.drainTimeout': 30, 'server.apiKey': null, 'server.web': true,
    'server.http': true, 'server.wyoming': null, flushAfter: 0,
  });
  for (const k of KEY_NAMES) {
    const d: unknown = KEYS[k].default;
    assert.deepEqual(KEYS[k].parse(d === null || Array.isArray(d) ? null : String(d)), d, `${k}: its parser takes its default`);
  }
});

test('addEngineFlags: every engine flag spelt as before, from the declarations', () => {
  const cmd = addEngineFlags(new Command());
  assert.deepEqual(cmd.options.map((o) => o.flags), [
    '-v, --voice <voice>', '-s, --speed <n>', '-m, --model <path>', '--voices-dir <dir>', '--g2p <name>', '--lexicon <file>', '--threads <n>',
    '--inter-op <n>', '--chunk-tokens <n>', '--sessions <n>', '--runtime <which>', '--model-cache <dir>', '--rewrites <which>', '--pipeline-depth <n>',
    '--engine-warmup', '--no-engine-warmup', '--sentence-pause <s>', '--clause-pause <s>', '--download',
  ]);
  assert.equal(cmd.options.find((o) => o.long === '--no-engine-warmup')?.description, 'no load-time warm-up (the default)');
});

/** A value each flagged setting accepts that is not its default, as a flag gives it. */
const GIVEN: Partial<Record<Key, string>> = {
  'session.intraOpNumThreads': '3', 'session.interOpNumThreads': '2', voice: 'af_nicole', model: 'm.onnx', voicesDir: 'v', speed: '1.5', g2p: 'espeak',
  maxChunkTokens: '120', firstChunkTokens: '30', pipelineDepth: '2', sentencePause: '0.3', clausePause: '0.2', jobs: '2', sessions: '2',
  runtime: 'bundled', modelCache: 'off', rewrites: 'none', 'server.host': '0.0.0.0', 'server.port': '9000', 'server.workers': '3', 'server.queue': '4',
  'server.maxChars': '100', 'server.drainTimeout': '5', 'server.apiKey': 'k', 'server.wyoming': 'tcp://127.0.0.1:10300', flushAfter: '1',
};

test('every setting with a flag is read from that flag (the flag table is derived), with --no- forms and a repeated --lexicon', async () => {
  const dir = tempDir();
  const override = join(dir, 'override.json');
  writeFileSync(override, '{}');
  const cmd = addEngineFlags(new Command()).exitOverride().option('--override-file <path>');
  const argv: string[] = ['--override-file', override, '--lexicon', 'a.tsv', '--lexicon', 'b.json', '--engine-warmup', '--no-web', '--no-http'];
  const flagged = KEY_NAMES.filter((k) => (KEYS[k] as KeySpec<unknown>).flag !== undefined);
  for (const key of flagged) {
    const { flag, json } = KEYS[key] as KeySpec<unknown>;
    if (!cmd.options.some((o) => o.long === flag)) {
      if (json === 'boolean') cmd.option(flag!).option(`--no-${flag!.slice(2)}`);
      else cmd.option(`${flag} <v>`);
    }
    if (GIVEN[key] !== undefined) argv.push(flag!, GIVEN[key]!);
  }
  cmd.parse(argv, { from: 'user' });
  const c = await configFor(cmd);
  for (const key of flagged) {
    assert.deepEqual(c.origins[key], { layer: 'flag', detail: (KEYS[key] as KeySpec<unknown>).flag }, key);
    assert.notDeepEqual(c.values[key], DEFAULTS[key], `${key} took the flag's value`);
  }
  assert.deepEqual(c.values.lexicon, ['a.tsv', 'b.json'], `joined by ${delimiter}, then split`);
  assert.equal(c.values.engineWarmup, true);
  assert.equal(c.values['server.web'], false);
  assert.equal(c.values['session.executionMode'], 'sequential', 'a setting without a flag keeps its default');
  assert.equal(c.origins['session.executionMode'].layer, 'default');
});

test('ConfigFlags is mapped from the declarations: each flag under commander\'s name, with its kind of value', () => {
  const ok: ConfigFlags = { threads: '2', chunkTokens: '100', voicesDir: 'v', lexicon: ['a', 'b'], engineWarmup: true, web: false, overrideFile: 'o.json' };
  // @ts-expect-error a flag's value is the text commander gives, not a number
  const notText: ConfigFlags = { threads: 2 };
  // @ts-expect-error a key without a flag has no place among the flags
  const noFlag: ConfigFlags = { phonemeCacheSize: '3' };
  // @ts-expect-error --lexicon may be repeated: a list
  const oneLexicon: ConfigFlags = { lexicon: 'a' };
  assert.ok(ok && notText && noFlag && oneLexicon);
});
