import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, STANDIN, STANDIN_DURATIONS, standinArgs, tempDir } from './helpers';
import { raw, serve, speech, type RawResponse } from './serve-helpers';

const TEXT = 'Hello, world. It costs $5.50 today! Dr. Smith agrees, and so do I. The quick brown fox jumps over the lazy dog, and then it rests in the shade for a while.';

interface Word {
  text: string;
  start: number;
  end: number;
  charStart: number;
  charEnd: number;
}
interface Event {
  type: string;
  audio?: string;
  words?: Word[];
  sample_rate?: number;
  audio_seconds?: number;
  usage?: { input_tokens: number; output_tokens: number; total_tokens: number };
}

/** The events of a text/event-stream body, checked to be well formed: "data: JSON" blocks, each ended by a blank line. */
function eventsOf(r: RawResponse): Event[] {
  assert.equal(r.status, 200, r.body.toString());
  assert.equal(r.headers['content-type'], 'text/event-stream');
  const text = r.body.toString('utf8');
  assert.ok(text.endsWith('\n\n'));
  return text.slice(0, -2).split('\n\n').map((block) => {
    assert.match(block, /^data: \{.*\}$/);
    return JSON.parse(block.slice(6)) as Event;
  });
}

const audioOf = (events: Event[]): Buffer => Buffer.concat(events.filter((e) => e.type === 'speech.audio.delta').map((e) => Buffer.from(e.audio ?? '', 'base64')));

test('stream_format sse: the deltas carry the bare stream byte for byte (pcm, wav, mp3), then one done event', async () => {
  const s = await serve();
  try {
    for (const format of ['pcm', 'wav', 'mp3']) {
      const events = eventsOf(await speech(s.base, { input: TEXT, response_format: format, stream_format: 'sse' }));
      const bare = await speech(s.base, { input: TEXT, response_format: format, stream: true });
      assert.equal(bare.status, 200);
      assert.deepEqual(audioOf(events), bare.body, `${format}: the same bytes as stream_format audio`);
      assert.ok(events.length >= 3, `${format}: the audio comes in pieces (${events.length} events)`);
      const last = events.at(-1)!;
      assert.equal(last.type, 'speech.audio.done');
      assert.equal(events.filter((e) => e.type === 'speech.audio.done').length, 1);
      assert.equal(last.sample_rate, 24000);
      assert.ok(last.usage!.input_tokens > 50 && last.usage!.total_tokens === last.usage!.input_tokens);
      if (format === 'pcm') assert.equal(last.audio_seconds, bare.body.length / 2 / 24000);
      assert.ok(events.every((e) => e.words === undefined), 'no timings unless asked');
    }
    // Refused before any audio: still an OpenAI JSON error, not an event stream.
    const bad = await speech(s.base, { input: TEXT, voice: 'af_nicol', stream_format: 'sse' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.headers['content-type']), /^application\/json/);
    const timed = await speech(s.base, { input: TEXT, stream_format: 'sse', timestamps: true });
    assert.equal(timed.status, 400, 'timestamps need durations');
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('stream_format sse with timestamps: the words of synth --stream --timestamps, each before or with its audio', async () => {
  const s = await serve([], { model: STANDIN_DURATIONS });
  const dir = tempDir();
  try {
    const events = eventsOf(await speech(s.base, { input: TEXT, response_format: 'pcm', stream_format: 'sse', timestamps: true }));
    const words: Word[] = [];
    let sentSamples = 0;
    for (const e of events) {
      for (const w of e.words ?? []) {
        // A word's timing arrives no later than the delta that starts its audio.
        assert.ok(sentSamples / 24000 <= w.start + 1e-9, `"${w.text}" at ${w.start} s came after ${sentSamples / 24000} s of audio`);
        words.push(w);
      }
      sentSamples += Buffer.from(e.audio ?? '', 'base64').length / 2;
    }
    const json = join(dir, 'words.json');
    const r = await runCli(['synth', TEXT, ...standinArgs(STANDIN_DURATIONS), '--stream', '--timestamps', json, '--format', 'pcm', '-o', join(dir, 'a.pcm')]);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { words: Word[] });
    assert.ok(lines.length >= 2, 'more than one chunk');
    assert.deepEqual(words, lines.flatMap((l) => l.words), 'the same words and times as synth --stream --timestamps');
    assert.deepEqual(audioOf(events), readFileSync(join(dir, 'a.pcm')), 'and the same audio');
    assert.ok(words.length >= 20);
    assert.ok(words.at(-1)!.end <= events.at(-1)!.audio_seconds! + 1e-9);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('the web page: / redirects to /web, one self-contained HTML file whose script and style the policy allows by hash', async () => {
  const s = await serve();
  try {
    const root = await raw(s.base, '/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.location, '/web');
    const page = await raw(s.base, '/web');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    const html = page.body.toString('utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    const policy = String(page.headers['content-security-policy']);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /connect-src 'self'/);
    const inline = (tag: string): string[] => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
    for (const [tag, directive] of [['script', 'script-src'], ['style', 'style-src']] as const) {
      const bodies = inline(tag);
      assert.equal(bodies.length, 1, `one inline ${tag}`);
      const hash = createHash('sha256').update(bodies[0]!, 'utf8').digest('base64');
      assert.ok(policy.includes(`${directive} 'sha256-${hash}'`), `${directive} allows the page's ${tag}`);
    }
    assert.doesNotMatch(html, /<script\s+src|<link\s+rel="stylesheet"|@import|https?:\/\//, 'nothing loaded from elsewhere');
    assert.equal((await raw(s.base, '/web', { method: 'POST', body: '{}' })).status, 405);
    // The page's data is the public API's.
    const voices = JSON.parse((await raw(s.base, '/v1/audio/voices')).body.toString()) as { default_voice: string; data: { id: string; language: string; gender: string; lang: string }[] };
    assert.equal(voices.default_voice, 'af_heart');
    assert.deepEqual(voices.data.find((v) => v.id === 'bf_emma'), { id: 'bf_emma', name: 'bf_emma', language: 'English (UK)', gender: 'female', lang: 'en-gb' });
    const health = JSON.parse((await raw(s.base, '/health')).body.toString()) as { api_key_required: boolean; timestamps: boolean };
    assert.deepEqual([health.api_key_required, health.timestamps], [false, false]);
    assert.ok(s.events().some((e) => e.event === 'web' && e.url === `${s.base}/web`), s.stderr());
    const metrics = (await raw(s.base, '/metrics')).body.toString();
    assert.match(metrics, /kokoro_http_requests_total\{route="\/web",status="200"\} 1/);
    assert.match(metrics, /kokoro_http_requests_total\{route="\/",status="302"\} 1/);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('--no-web (or KOKORO_WEB=false) serves no page: /web and / are 404, the API is unchanged', async () => {
  const cases: [string[], Record<string, string>][] = [[['--no-web'], {}], [[], { KOKORO_WEB: 'false' }], [['--web'], { KOKORO_WEB: 'false' }]];
  for (const [args, env] of cases) {
    const s = await serve(args, { env });
    try {
      const on = args.includes('--web');
      for (const path of ['/web', '/']) assert.equal((await raw(s.base, path)).status, on ? (path === '/' ? 302 : 200) : 404, `${args.join(' ')} ${JSON.stringify(env)} ${path}`);
      assert.equal(s.events().some((e) => e.event === 'web'), on);
      const ok = await speech(s.base, { input: 'Still speaking.' });
      assert.equal(ok.status, 200);
    } finally {
      assert.equal(await s.stop(), 0, s.stderr());
    }
  }
  const shown = await runCli(['config', '--json'], { env: { KOKORO_WEB: '0' } });
  assert.equal(shown.code, 0, shown.stderr);
  const settings = (JSON.parse(shown.stdout.toString()) as { settings: Record<string, { value: unknown; source: string }> }).settings;
  assert.deepEqual([settings['server.web']!.value, settings['server.web']!.source], [false, 'env']);
  const bad = await runCli(['serve', '-m', STANDIN], { env: { KOKORO_WEB: 'perhaps' } });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid server\.web "perhaps" from environment KOKORO_WEB/);
});

test('health says when the API needs a key; the page loads without it and holds nothing the key guards', async () => {
  const s = await serve(['--api-key', 'k-123']);
  try {
    const health = JSON.parse((await raw(s.base, '/health')).body.toString()) as { api_key_required: boolean };
    assert.equal(health.api_key_required, true);
    const page = await raw(s.base, '/web');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body.toString(), /af_heart|k-123/, 'no voice list, no key in the page');
    assert.equal((await raw(s.base, '/v1/audio/voices')).status, 401);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});
