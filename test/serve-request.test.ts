import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpeechRequest, type SpeechContext } from '../src/serve/request';
import { ApiError } from '../src/serve/errors';
import { Admission, autoWorkers } from '../src/serve/admission';
import { Counter, Gauge, Histogram, Registry, serverMetrics } from '../src/serve/metrics';

const CTX: SpeechContext = { voices: ['af_heart', 'af_nicole', 'bf_emma'], defaultVoice: 'af_heart', defaultSpeed: 1, maxChars: 100, hasDurations: false };

function refused(body: unknown, status: number, param: string | null, message: RegExp, ctx: SpeechContext = CTX): void {
  assert.throws(() => parseSpeechRequest(body, ctx), (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, status, e.message);
    assert.equal(e.param, param);
    assert.match(e.message, message);
    const b = e.body();
    assert.deepEqual(Object.keys(b.error).sort(), ['code', 'message', 'param', 'type']);
    return true;
  });
}

test('an OpenAI body becomes a request: defaults, OpenAI model names, blends, extra fields ignored', () => {
  assert.deepEqual(parseSpeechRequest({ input: 'Hi.' }, CTX), { text: 'Hi.', voice: 'af_heart', speed: 1, format: 'wav', stream: false, streamFormat: 'audio', timestamps: false, inputKind: 'text' });
  for (const model of ['kokoro', 'tts-1', 'tts-1-hd']) assert.equal(parseSpeechRequest({ model, input: 'Hi.' }, CTX).text, 'Hi.');
  const r = parseSpeechRequest({ model: 'tts-1', input: 'Hi.', voice: 'af_heart:0.6,bf_emma:0.4', speed: 1.5, response_format: 'pcm', stream: true, instructions: 'cheerful', user: 'x' }, CTX);
  assert.deepEqual(r, { text: 'Hi.', voice: 'af_heart:0.6,bf_emma:0.4', speed: 1.5, format: 'pcm', stream: true, streamFormat: 'audio', timestamps: false, inputKind: 'text' });
  assert.equal(parseSpeechRequest({ input: 'Hi.', stream_format: 'audio' }, CTX).format, 'wav');
  assert.equal(parseSpeechRequest({ input: 'Hi.', timestamps: true }, { ...CTX, hasDurations: true }).timestamps, true);
  // Events are a stream whether or not "stream" says so (as at OpenAI); word timings may ride them.
  const sse = parseSpeechRequest({ input: 'Hi.', stream_format: 'sse', response_format: 'pcm' }, CTX);
  assert.deepEqual([sse.stream, sse.streamFormat, sse.timestamps], [true, 'sse', false]);
  const timed = parseSpeechRequest({ input: 'Hi.', stream: true, stream_format: 'sse', timestamps: true }, { ...CTX, hasDurations: true });
  assert.deepEqual([timed.stream, timed.streamFormat, timed.timestamps], [true, 'sse', true]);
  assert.equal(parseSpeechRequest({ input: 'Hi.', lang: 'en-GB' }, CTX).lang, 'b', 'a tag becomes the letter');
  assert.equal(parseSpeechRequest({ input: 'Hi.', voice: 'bf_emma', lang: 'a' }, CTX).lang, 'a', 'a voice may read another language');
  assert.equal('lang' in parseSpeechRequest({ input: 'Hi.' }, CTX), false, 'no lang: the voice decides');
});

test('bad bodies are 400 (or 413) OpenAI errors naming the parameter', () => {
  refused([1], 400, null, /JSON object/);
  refused('text', 400, null, /JSON object/);
  refused({}, 400, 'input', /'input' is required/);
  refused({ input: 3 }, 400, 'input', /must be a string/);
  refused({ input: '   ' }, 400, 'input', /empty/);
  refused({ input: 'x'.repeat(101) }, 413, 'input', /101 characters; .* at most 100/);
  refused({ input: 'Hi', model: 'gpt-4o-mini-tts' }, 400, 'model', /kokoro, tts-1, tts-1-hd/);
  refused({ input: 'Hi', voice: 'af_hart' }, 400, 'voice', /unknown voice "af_hart"; did you mean af_heart\?/);
  refused({ input: 'Hi', voice: 'af_heart:0.5,bf_emm:0.5' }, 400, 'voice', /unknown voice "bf_emm"; did you mean bf_emma/);
  refused({ input: 'Hi', voice: 'af_heart:-1' }, 400, 'voice', /malformed voice blend/);
  refused({ input: 'Hi', voice: 'zz_nobody' }, 400, 'voice', /unknown voice "zz_nobody"; GET \/v1\/audio\/voices/);
  refused({ input: 'Hi', speed: 2.5 }, 400, 'speed', /out of range: use 0.5 to 2/);
  refused({ input: 'Hi', speed: 0.25 }, 400, 'speed', /out of range/);
  refused({ input: 'Hi', speed: 'fast' }, 400, 'speed', /must be a number/);
  for (const f of ['flac', 'aac']) refused({ input: 'Hi', response_format: f }, 400, 'response_format', new RegExp(`"${f}" is not served yet; supported: mp3, opus, wav, pcm`));
  refused({ input: 'Hi', response_format: 'ogg' }, 400, 'response_format', /"ogg" is unknown; supported: mp3, opus, wav, pcm/);
  refused({ input: 'Hi', stream: 'yes' }, 400, 'stream', /true or false/);
  refused({ input: 'Hi', stream_format: 'ndjson' }, 400, 'stream_format', /"ndjson" is not served; use audio or sse/);
  refused({ input: 'Hi', stream_format: 1 }, 400, 'stream_format', /must be a string/);
  refused({ input: 'Hi', stream_format: 'sse', timestamps: true }, 400, 'timestamps', /kokoro-ts models add-durations/);
  refused({ input: 'Hi', timestamps: true }, 400, 'timestamps', /kokoro-ts models add-durations/);
  refused({ input: 'Hi', lang: 'klingon' }, 400, 'lang', /unknown language "klingon"/);
  refused({ input: 'Hi', lang: 7 }, 400, 'lang', /must be a language code/);
  refused({ input: 'Hi', timestamps: true, stream: true }, 400, 'timestamps', /"stream_format": "sse"/, { ...CTX, hasDurations: true });
  refused({ input: 'Hi', timestamps: true, stream: true, stream_format: 'audio' }, 400, 'timestamps', /cannot ride a bare audio stream/, { ...CTX, hasDurations: true });
});

test('ApiError types follow the status', () => {
  assert.equal(new ApiError(400, 'x').type, 'invalid_request_error');
  assert.equal(new ApiError(413, 'x').type, 'invalid_request_error');
  assert.equal(new ApiError(401, 'x').type, 'authentication_error');
  assert.equal(new ApiError(503, 'x').type, 'rate_limit_error');
  assert.equal(new ApiError(500, 'x').type, 'server_error');
});

test('admission: workers + queue places, then refusal; Retry-After from recent times, at least 1', () => {
  const a = new Admission(2, 1);
  const held = [a.tryAdmit(), a.tryAdmit(), a.tryAdmit()];
  assert.ok(held.every((r) => r !== null));
  assert.equal(a.tryAdmit(), null);
  assert.equal(a.inFlight, 3);
  assert.equal(a.waiting, 1);
  assert.equal(a.retryAfterSeconds(), 1, 'no history yet');
  held[0]!();
  held[0]!(); // releasing twice frees one place only
  assert.equal(a.inFlight, 2);
  assert.notEqual(a.tryAdmit(), null);
  for (let i = 0; i < 30; i++) a.record(3);
  // 1 waiting + this one, over 2 workers: one round of ~3 s.
  assert.equal(a.retryAfterSeconds(), 3);
  a.record(0.001);
  assert.ok(a.retryAfterSeconds() >= 1);
  assert.equal(autoWorkers(0, 8), 4);
  assert.equal(autoWorkers(2, 8), 4);
  assert.equal(autoWorkers(4, 2), 1);
  assert.equal(autoWorkers(1, 2), 2);
});

test('metrics render in the Prometheus text format', () => {
  const r = new Registry();
  const c = r.add(new Counter('x_total', 'things'));
  c.inc({ route: '/a', status: '200' });
  c.inc({ route: '/a', status: '200' }, 2);
  c.inc({ route: 'say "hi"\n', status: '500' });
  let depth = 3;
  r.add(new Gauge('depth', 'waiting', () => depth));
  const h = r.add(new Histogram('lat_seconds', 'latency', [0.1, 1]));
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  depth = 4;
  assert.equal(r.render(), [
    '# HELP x_total things', '# TYPE x_total counter',
    'x_total{route="/a",status="200"} 3', 'x_total{route="say \\"hi\\"\\n",status="500"} 1',
    '# HELP depth waiting', '# TYPE depth gauge', 'depth 4',
    '# HELP lat_seconds latency', '# TYPE lat_seconds histogram',
    'lat_seconds_bucket{le="0.1"} 1', 'lat_seconds_bucket{le="1"} 2', 'lat_seconds_bucket{le="+Inf"} 3', 'lat_seconds_sum 5.55', 'lat_seconds_count 3',
  ].join('\n') + '\n');
  assert.throws(() => r.add(new Counter('x_total', 'again')), /twice/);
  assert.throws(() => c.inc({}, -1), /only goes up/);
  const m = serverMetrics({ queued: () => 2, inFlight: () => 5, workers: () => 3, phonemeCache: () => ({ hits: 7, misses: 4, size: 4 }) });
  const text = m.registry.render();
  for (const name of ['kokoro_http_requests_total', 'kokoro_queue_depth 2', 'kokoro_requests_in_flight 5', 'kokoro_engine_workers 3', 'kokoro_synthesis_seconds_count 0', 'kokoro_audio_seconds_total', 'kokoro_time_to_first_audio_seconds_bucket{le="+Inf"} 0', 'kokoro_cancelled_total 0', 'kokoro_phoneme_cache_hits_total 7', 'kokoro_phoneme_cache_misses_total 4', 'kokoro_phoneme_cache_entries 4']) {
    assert.ok(text.includes(name), `${name} in\n${text}`);
  }
});
