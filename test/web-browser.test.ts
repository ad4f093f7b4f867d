import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, withBrowser, type BrowserPage } from '../scripts/chromium';
import { decodePng, luminanceVariance } from '../scripts/png';
import { STANDIN, STANDIN_DURATIONS, tempDir } from './helpers';
import { isWholeWav, raw, serve, speech } from './serve-helpers';

/**
 * The web page of `serve` in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs
 * it) drives it as a user would (clicks and typed text through the DevTools input events) against a
 * served stand-in model. Without Chromium the tests are skipped, loudly; this file installs nothing.
 */
const chromium = findChromium();
const skip = chromium ? false : 'Chromium not found (apt-get install chromium)';
if (!chromium) {
  process.stderr.write([
    '##########################################################################',
    '# NOTICE: no chromium on PATH: the browser tests of the serve web page    #',
    '# are SKIPPED. Install it with: apt-get install -y chromium               #',
    '##########################################################################',
    '',
  ].join('\n'));
}

// Audio must play without a real user's gesture on a headless browser with no sound card.
const ARGS = ['--autoplay-policy=no-user-gesture-required'];
const TEXT = 'One small step, then two more steps, and a few words after that to hear.';

interface Stats {
  requests: number;
  samples: number;
  buffers: number;
  peak: number;
  words: number;
  highlighted: number;
  trail: number[];
  downloads: number;
  firstAudioMs: number;
  streamMs: number;
}

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}

/** Every request the page sent, with its headers and JSON body. */
function recordRequests(page: BrowserPage): Sent[] {
  const sent: Sent[] = [];
  page.on('Network.requestWillBeSent', (p) => {
    const r = p.request as { url: string; method: string; headers: Record<string, string>; postData?: string };
    if (r.url.startsWith('data:')) return;
    sent.push({ url: r.url, method: r.method, headers: r.headers, body: r.postData ? (JSON.parse(r.postData) as Record<string, unknown>) : null });
  });
  return sent;
}

const stats = async (page: BrowserPage): Promise<Stats> => (await page.evaluate('window.kokoroWeb.stats')) as Stats;
const text = async (page: BrowserPage, selector: string): Promise<string> => String(await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).textContent`));

/** A real click: mouse down and up at the middle of the element (scrolled into view). */
async function click(page: BrowserPage, selector: string): Promise<void> {
  const at = (await page.evaluate(`(() => {
    const e = document.querySelector(${JSON.stringify(selector)});
    e.scrollIntoView({ block: 'center' });
    const r = e.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  })()`)) as { x: number; y: number };
  for (const type of ['mousePressed', 'mouseReleased']) await page.send('Input.dispatchMouseEvent', { type, x: at.x, y: at.y, button: 'left', clickCount: 1 });
}

/** Focuses a field, clears it and types `value` as keyboard input. */
async function type(page: BrowserPage, selector: string, value: string): Promise<void> {
  await page.evaluate(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.focus(); e.value = ''; })()`);
  await page.send('Input.insertText', { text: value });
}

/** A screenshot that is not blank, and a page no wider than the window (nothing cut off at the side). */
async function checkWidth(page: BrowserPage, width: number): Promise<void> {
  const { png } = await page.screenshot(width, 900);
  const img = decodePng(png);
  assert.equal(img.width, width);
  const v = luminanceVariance(img);
  assert.ok(v > 200, `screenshot at ${width} px: luminance variance ${v.toFixed(1)}: blank?`);
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(scroll <= width, `at ${width} px the page is ${scroll} px wide`);
  const small = (await page.evaluate(`Array.from(document.querySelectorAll('button, select, textarea, input')).filter((e) => e.offsetParent !== null && e.getBoundingClientRect().width < 24).map((e) => e.id)`)) as string[];
  assert.deepEqual(small, [], `controls too narrow to use at ${width} px`);
}

test('the page in Chromium: voices by language, Speak streams audio into the graph and the highlight follows the words, Download saves a WAV', { skip, timeout: 180_000 }, async () => {
  const s = await serve([], { model: STANDIN_DURATIONS });
  const downloads = tempDir();
  try {
    await withBrowser(chromium as string, async (page) => {
      const sent = recordRequests(page);
      await page.navigate(`${s.base}/`);
      assert.equal(await page.evaluate('location.pathname'), '/web', '/ redirects to the page');
      await page.waitFor(`document.querySelectorAll('#voice-0 option').length === 3`, 10_000);
      assert.deepEqual(await page.evaluate(`Array.from(document.querySelectorAll('#voice-0 optgroup')).map((g) => g.label)`), ['English (US)', 'English (UK)']);
      assert.deepEqual(await page.evaluate(`Array.from(document.querySelectorAll('#voice-0 option')).map((o) => o.textContent)`), ['af_heart (female)', 'af_nicole (female)', 'bf_emma (female)']);
      assert.match(await text(page, '#model-note'), /highlighted/);
      // Every visible control has a label (its own <label for>, or aria-label on a button with text).
      const unlabelled = (await page.evaluate(`Array.from(document.querySelectorAll('select, textarea, input')).filter((e) => e.labels.length === 0).map((e) => e.id)`)) as string[];
      assert.deepEqual(unlabelled, []);

      await type(page, '#text', TEXT);
      await click(page, '#speak');
      await page.waitFor('window.kokoroWeb.stats.highlighted >= 3', 30_000);
      const during = await stats(page);
      assert.ok(during.samples > 0 && during.buffers > 0, 'samples reached the audio graph');
      assert.ok(during.peak > 0.01, `the graph played them: peak ${during.peak}`);
      await checkWidth(page, 360); // mid-speech: the highlighted word shows in the shot
      await checkWidth(page, 1440);
      await page.waitFor(`document.getElementById('status').textContent.startsWith('Done')`, 30_000);
      const after = await stats(page);
      const speak = sent.filter((r) => r.url === `${s.base}/v1/audio/speech`);
      assert.equal(speak.length, 1);
      assert.deepEqual(speak[0]!.body, { model: 'kokoro', input: TEXT, voice: 'af_heart', speed: 1, response_format: 'pcm', stream: true, stream_format: 'sse', timestamps: true });
      // The page scheduled exactly the audio the server makes for this request.
      const direct = await speech(s.base, { ...speak[0]!.body, stream_format: 'audio', timestamps: undefined });
      assert.equal(after.samples, direct.body.length / 2, 'every sample of the stream reached the graph');
      assert.ok(after.words >= 12, `${after.words} word timings`);
      assert.ok(after.firstAudioMs > 0 && after.firstAudioMs <= after.streamMs, `first audio at ${after.firstAudioMs} ms, stream done at ${after.streamMs} ms`);
      const distinct = [...new Set(after.trail)];
      assert.ok(distinct.length >= 3, `highlighted ${JSON.stringify(after.trail)}`);
      assert.ok(after.trail.every((w, k) => k === 0 || w > after.trail[k - 1]!), `the highlight only moves forward: ${JSON.stringify(after.trail)}`);
      assert.equal(after.highlighted, after.trail.length);
      assert.equal(await page.evaluate(`document.querySelectorAll('#reading .word').length`), after.words, 'each timed word is a span of the reading view');

      // A blend of two voices, a slower speed, then Download as WAV.
      await click(page, '#add-voice');
      await page.evaluate(`(() => { const s = document.getElementById('voice-1'); s.value = 'af_nicole'; })()`);
      await type(page, '#weight-1', '30');
      await page.evaluate(`(() => { const r = document.getElementById('speed'); r.value = '0.8'; r.dispatchEvent(new Event('input')); })()`);
      assert.equal(await text(page, '#speed-out'), '0.80x');
      await page.sendBrowser('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
      const done = new Promise<string>((ok, fail) => {
        let name = '';
        page.on('Browser.downloadWillBegin', (p) => (name = String(p.suggestedFilename)));
        page.on('Browser.downloadProgress', (p) => {
          if (p.state === 'completed') ok(name);
          else if (p.state === 'canceled') fail(new Error('download cancelled'));
        });
      });
      await click(page, '#download');
      const name = await done;
      assert.equal(name, 'kokoro-ts.wav');
      const saved = readFileSync(join(downloads, name));
      assert.ok(isWholeWav(saved), 'a whole WAV with exact sizes');
      const body = sent.filter((r) => r.url === `${s.base}/v1/audio/speech`)[1]!.body!;
      assert.deepEqual(body, { model: 'kokoro', input: TEXT, voice: 'af_heart:50,af_nicole:30', speed: 0.8, response_format: 'wav' });
      assert.deepEqual(saved, (await speech(s.base, body)).body, 'the file is the API answer');
      assert.match(await text(page, '#status'), /^Saved kokoro-ts\.wav/);

      assert.deepEqual(page.errors, []);
      const outside = page.requests.filter((u) => !u.startsWith(`${s.base}/`));
      assert.deepEqual(outside, [], 'no request beyond the server');
      assert.deepEqual([...new Set(sent.map((r) => new URL(r.url).pathname))].sort(), ['/', '/health', '/v1/audio/speech', '/v1/audio/voices', '/web']);
    }, { args: ARGS, timeoutMs: 150_000 });
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('the page on a model without durations says so, and still plays', { skip, timeout: 120_000 }, async () => {
  const s = await serve([], { model: STANDIN });
  try {
    await withBrowser(chromium as string, async (page) => {
      const sent = recordRequests(page);
      await page.navigate(`${s.base}/web`);
      await page.waitFor(`!document.getElementById('speak').disabled`, 10_000);
      assert.match(await text(page, '#model-note'), /no durations/);
      // Keyboard only: Ctrl+Enter in the text box speaks.
      await type(page, '#text', 'Short and plain.');
      for (const t of ['rawKeyDown', 'keyUp']) await page.send('Input.dispatchKeyEvent', { type: t, key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, modifiers: 2 });
      await page.waitFor(`document.getElementById('status').textContent.startsWith('Done')`, 30_000);
      const st = await stats(page);
      assert.ok(st.samples > 0);
      assert.equal(st.words, 0);
      assert.equal(st.highlighted, 0);
      const body = sent.find((r) => r.url.endsWith('/v1/audio/speech'))!.body!;
      assert.equal(body.timestamps, undefined, 'no timings asked of a model without durations');
      assert.equal(body.input, 'Short and plain.');
      assert.deepEqual(page.errors, []);
    }, { args: ARGS, timeoutMs: 100_000 });
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('with an API key the page asks for it, refuses a wrong one, and sends the right one only as Bearer', { skip, timeout: 120_000 }, async () => {
  const key = 'web-key-7d1f';
  const s = await serve(['--api-key', key]);
  try {
    assert.equal((await raw(s.base, '/web')).status, 200, 'the page itself holds no data and loads without the key');
    await withBrowser(chromium as string, async (page) => {
      const sent = recordRequests(page);
      await page.navigate(`${s.base}/web`);
      await page.waitFor(`!document.getElementById('key-panel').hidden`, 10_000);
      assert.equal(await page.evaluate(`document.getElementById('speak').disabled`), true, 'nothing to do before the key');
      assert.equal(sent.filter((r) => r.url.includes('/v1/')).length, 0, 'no API request before the key');
      await type(page, '#key', 'wrong-key');
      await click(page, '#key-form button');
      await page.waitFor(`document.getElementById('key-error').textContent !== ''`, 10_000);
      assert.match(await text(page, '#key-error'), /incorrect API key/);
      await type(page, '#key', key);
      await click(page, '#key-form button');
      await page.waitFor(`document.getElementById('key-panel').hidden && document.querySelectorAll('#voice-0 option').length === 3`, 10_000);
      await type(page, '#text', 'With the key.');
      await click(page, '#speak');
      await page.waitFor(`document.getElementById('status').textContent.startsWith('Done')`, 30_000);
      assert.ok((await stats(page)).samples > 0);
      const api = sent.filter((r) => r.url.includes('/v1/'));
      assert.deepEqual(api.map((r) => r.headers.Authorization), ['Bearer wrong-key', `Bearer ${key}`, `Bearer ${key}`]);
      assert.ok(sent.every((r) => !r.url.includes(key) && !r.url.includes('wrong-key')), 'never in a URL');
      assert.equal(await page.evaluate(`JSON.stringify(localStorage).includes(${JSON.stringify(key)}) || JSON.stringify(sessionStorage).includes(${JSON.stringify(key)}) || document.cookie.includes(${JSON.stringify(key)})`), false, 'not stored');
      // The wrong key's 401 is the browser's one logged failure.
      assert.deepEqual(page.errors.filter((e) => !/401/.test(e)), []);
      assert.equal(page.errors.length, 1, page.errors.join('; '));
    }, { args: ARGS, timeoutMs: 100_000 });
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});
