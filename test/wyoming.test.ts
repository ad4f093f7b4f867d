import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { raw, serve, speech } from './serve-helpers';

// The Wyoming protocol's own Python client (PyPI's `wyoming`, as Home Assistant uses it), in the venv
// scripts/setup-wyoming.sh makes (.ci/run calls it). CI must have it: there a missing venv fails.
const PYTHON = join(ROOT, '.cache', 'wyoming', 'venv', 'bin', 'python');
const CLIENT = join(ROOT, 'test', 'wyoming_client.py');
const present = existsSync(PYTHON);
if (!present && process.env.CI) throw new Error(`the wyoming client venv is missing (${PYTHON}): .ci/run runs scripts/setup-wyoming.sh`);
if (!present) process.stderr.write(`\n# SKIPPED: the Wyoming tests need the wyoming client venv: run bash scripts/setup-wyoming.sh\n\n`);
const skip = present ? false : 'no wyoming venv (bash scripts/setup-wyoming.sh)';

const LONG = 'The quick brown fox jumps over the lazy dog, again and again. ';

function client<T>(port: number, scenario: string, args: unknown = {}): Promise<T> {
  return new Promise((ok, fail) => {
    execFile(PYTHON, [CLIENT, String(port), scenario, JSON.stringify(args)], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) => {
      if (e) return fail(new Error(`${scenario}: ${e.message}\n${stderr}`));
      ok(JSON.parse(stdout) as T);
    });
  });
}

interface Audio {
  types: string[];
  bytes: number;
  chunks: number;
  formats: number[][];
  errors: { text: string; code: string }[];
  audio_after_part?: number | null;
}

test('describe: info lists every installed voice with its language and attribution, and streaming', { skip }, async () => {
  const s = await serve(['--wyoming', 'tcp://127.0.0.1:0']);
  try {
    const info = await client<{ type: string; tts: { name: string; supports_synthesize_streaming: boolean; installed: boolean; voices: { name: string; languages: string[]; attribution: { name: string; url: string }; installed: boolean }[] }[] }>(s.wyomingPort, 'describe');
    assert.equal(info.type, 'info');
    assert.equal(info.tts.length, 1);
    const p = info.tts[0]!;
    assert.equal(p.name, 'kokoro-ts');
    assert.equal(p.supports_synthesize_streaming, true);
    assert.deepEqual(p.voices.map((v) => [v.name, v.languages]), [['af_heart', ['en-US']], ['af_nicole', ['en-US']], ['bf_emma', ['en-GB']]]);
    for (const v of p.voices) {
      assert.equal(v.installed, true);
      assert.match(v.attribution.name, /Kokoro/);
    }
    const metrics = (await raw(s.base, '/metrics')).body.toString();
    assert.match(metrics, /kokoro_wyoming_requests_total\{kind="describe"\} 1/);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('synthesize: audio-start, 16-bit mono 24 kHz chunks, audio-stop; the same audio as the HTTP stream', { skip }, async () => {
  const s = await serve(['--wyoming', 'tcp://127.0.0.1:0']);
  try {
    const text = 'Hello there. This is Kokoro speaking over Wyoming, to Home Assistant, in a few short chunks of speech.';
    for (const voice of ['af_nicole', 'af_heart:0.5,bf_emma:0.5']) {
      const a = await client<Audio>(s.wyomingPort, 'synthesize', { text, voice: { name: voice } });
      assert.deepEqual(a.errors, []);
      assert.equal(a.types[0], 'audio-start');
      assert.equal(a.types.at(-1), 'audio-stop');
      assert.ok(a.chunks >= 2, `chunks as they are made: ${a.chunks}`);
      assert.deepEqual(a.formats, [[24000, 2, 1]]);
      const http = await speech(s.base, { input: text, voice, response_format: 'pcm', stream: true });
      assert.equal(http.status, 200);
      assert.equal(a.bytes, http.body.length, `${voice}: as many samples as the HTTP stream`);
    }
    // A language alone picks a voice that speaks it.
    const gb = await client<Audio>(s.wyomingPort, 'synthesize', { text: 'Good evening.', voice: { language: 'en_GB' } });
    assert.deepEqual(gb.errors, []);
    const emma = await speech(s.base, { input: 'Good evening.', voice: 'bf_emma', response_format: 'pcm', stream: true });
    assert.equal(gb.bytes, emma.body.length);
    const metrics = (await raw(s.base, '/metrics')).body.toString();
    assert.match(metrics, /kokoro_wyoming_requests_total\{kind="synthesize"\} 3/);
    assert.match(metrics, /kokoro_wyoming_time_to_first_audio_seconds_count 3/);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('streaming synthesis, text split mid-word: the first sentence is spoken before the rest is sent', { skip }, async () => {
  const s = await serve(['--wyoming', 'tcp://127.0.0.1:0', '--no-http']);
  try {
    const parts = ['Hello the', 're, this is the fir', 'st sentence. And here a sec', 'ond one, which ends', ' here. Bye.'];
    const a = await client<Audio>(s.wyomingPort, 'stream', { parts, voice: { name: 'af_heart' }, wait_after: [2] });
    assert.deepEqual(a.errors, []);
    assert.equal(a.audio_after_part, 2, 'audio came once the first sentence was complete, with its rest unsent');
    assert.equal(a.types.filter((t) => t === 'audio-start').length, 1);
    assert.deepEqual(a.types.slice(-2), ['audio-stop', 'synthesize-stopped']);
    assert.deepEqual(a.formats, [[24000, 2, 1]]);
    // Each sentence was spoken whole: as much audio as the three sentences said one by one.
    let want = 0;
    for (const sentence of ['Hello there, this is the first sentence.', 'And here a second one, which ends here.', 'Bye.']) {
      want += (await client<Audio>(s.wyomingPort, 'synthesize', { text: sentence, voice: { name: 'af_heart' } })).bytes;
    }
    assert.equal(a.bytes, want);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('a client gone mid-answer frees its worker; a full queue is an error event at once, not a wait', { skip }, async () => {
  // One worker, no queue: a request that kept its worker would have the next refused.
  const s = await serve(['--wyoming', 'tcp://127.0.0.1:0', '--workers', '1', '--queue', '0', '--max-chars', '100000']);
  try {
    const long = LONG.repeat(600);
    const gone = await client<{ types: string[] }>(s.wyomingPort, 'disconnect', { text: long });
    assert.deepEqual(gone.types, ['audio-start', 'audio-chunk']);
    const t0 = Date.now();
    let next = await client<Audio>(s.wyomingPort, 'synthesize', { text: 'Next, please.' });
    // The worker stops after the chunk in progress (milliseconds on the stand-in), not after the whole text.
    while (next.errors[0]?.code === 'busy' && Date.now() - t0 < 1500) next = await client<Audio>(s.wyomingPort, 'synthesize', { text: 'Next, please.' });
    assert.deepEqual(next.errors, []);
    assert.equal(next.types.at(-1), 'audio-stop');
    const b = await client<{ refused: Audio & { seconds: number }; refused_stream: Audio }>(s.wyomingPort, 'busy', { text: long });
    assert.equal(b.refused.errors[0]?.code, 'busy', JSON.stringify(b.refused));
    assert.ok(b.refused.seconds < 2, `refused at once: ${b.refused.seconds} s`);
    assert.equal(b.refused_stream.errors[0]?.code, 'busy');
    const metrics = (await raw(s.base, '/metrics')).body.toString();
    assert.match(metrics, /kokoro_cancelled_total [12]/);
    assert.match(metrics, /kokoro_wyoming_errors_total\{code="busy"\} 2/);
    assert.match(metrics, /kokoro_rejected_total\{reason="queue_full"\} 2/);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('bad events each get an error event and the connection stays usable', { skip }, async () => {
  const s = await serve(['--wyoming', 'tcp://127.0.0.1:0', '--max-chars', '1000']);
  try {
    const r = await client<{ answers: { type: string; code?: string; text?: string }[]; then: string }>(s.wyomingPort, 'bad');
    assert.deepEqual(r.answers.map((a) => [a.type, a.code]), [
      ['error', 'bad-header'], ['error', 'unknown-event'], ['error', 'missing-text'], ['error', 'voice_not_found'],
      ['error', 'bad-state'], ['error', 'too-large'], ['error', 'too-large'], ['error', 'bad-data'],
    ]);
    assert.match(r.answers[3]!.text!, /unknown voice "zz_nobody"/);
    assert.equal(r.then, 'info');
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('SIGTERM drains a Wyoming answer in flight: it ends whole', { skip }, async () => {
  const s = await serve(['--wyoming', 'tcp://127.0.0.1:0']);
  const answer = client<Audio>(s.wyomingPort, 'synthesize', { text: LONG.repeat(60) });
  // Signalled only once the answer is under way (admitted: in flight).
  while (!/^kokoro_requests_in_flight 1$/m.test((await raw(s.base, '/metrics')).body.toString())) await new Promise((r) => setTimeout(r, 20));
  const code = s.stop();
  const a = await answer;
  assert.equal(await code, 0, s.stderr());
  assert.deepEqual(a.errors, []);
  assert.equal(a.types.at(-1), 'audio-stop');
});

test('serve --no-http without --wyoming is a usage error', async () => {
  await assert.rejects(serve(['--no-http']), /nothing to serve without --wyoming/);
});
