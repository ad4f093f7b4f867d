/**
 * The web page `serve` answers at /web: one HTML document, its style and script inline, no framework
 * and no request beyond this server's public API (GET /health, GET /v1/audio/voices, POST
 * /v1/audio/speech). It plays speech while it is made (PCM events, `stream_format: "sse"`, scheduled
 * as Web Audio buffers), highlights the word being spoken from the events' word timings (a model with
 * durations), and downloads the audio in the chosen format. With an API key on the server it asks for
 * the key and sends it only as "Authorization: Bearer", kept in the page's memory.
 *
 * `window.kokoroWeb.stats` counts what the page did (requests, samples handed to the audio graph,
 * words highlighted): the browser tests read it, and it costs nothing.
 *
 * Style and script are raw strings (no backticks or template placeholders inside): web.ts allows
 * exactly these two by hash in the page's Content-Security-Policy.
 */

export const PAGE_STYLE = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f6f6f3; --fg: #1c1c1f; --muted: #5a5a62; --card: #ffffff; --line: #d3d3d8;
  --accent: #2051b8; --accent-fg: #ffffff; --mark: #ffd966; --error: #a8231b;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #141417; --fg: #ececf0; --muted: #a4a4ad; --card: #1e1e23; --line: #3a3a43; --accent: #86a8ff; --accent-fg: #0b1020; --mark: #7a5d00; --error: #ff8f85; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45; }
header, main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { padding-bottom: 0; }
h1 { font-size: 1.45rem; margin: 0 0 .2rem; }
h2 { font-size: 1.05rem; margin: 0 0 .6rem; }
p { margin: .3rem 0; }
.layout { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 60rem) { .layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; }
.stack > * + * { margin-top: .9rem; }
label, legend { display: block; font-weight: 600; margin: 0 0 .3rem; }
textarea, select, input[type=number], input[type=password] {
  width: 100%; font: inherit; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg);
}
select, input[type=number], input[type=password] { height: 2.6rem; }
textarea { min-height: 9rem; resize: vertical; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0; padding: .6rem .75rem .75rem; min-width: 0; }
legend { padding: 0 .3rem; }
.voice-row { display: grid; grid-template-columns: minmax(0, 1fr) 5.5rem 5.8rem; gap: .5rem; align-items: end; margin-bottom: .6rem; }
.voice-row.single { grid-template-columns: minmax(0, 1fr); }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .75rem; }
@media (max-width: 26rem) { .pair { grid-template-columns: minmax(0, 1fr); } }
input[type=range] { width: 100%; accent-color: var(--accent); }
.buttons { display: flex; flex-wrap: wrap; gap: .6rem; }
button {
  font: inherit; padding: .55rem 1.1rem; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--card); color: var(--accent); cursor: pointer;
}
button.primary { background: var(--accent); color: var(--accent-fg); font-weight: 600; }
button:disabled { opacity: .45; cursor: default; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.reading { font-size: 1.15rem; white-space: pre-wrap; overflow-wrap: anywhere; min-height: 5rem; }
.reading .word.now { background: var(--mark); border-radius: 3px; box-shadow: 0 0 0 2px var(--mark); }
.muted, .note { color: var(--muted); }
.error { color: var(--error); }
kbd { font: .85em ui-monospace, monospace; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3em; }
[hidden] { display: none !important; }
`;

export const PAGE_SCRIPT = String.raw`
(() => {
  'use strict';
  const RATE = 24000;
  const EXT = { wav: 'wav', mp3: 'mp3', opus: 'opus', pcm: 'pcm' };
  const $ = (id) => document.getElementById(id);
  // firstAudioMs / streamMs: from Speak to the first piece scheduled, and to the end of the stream.
  const stats = { requests: 0, samples: 0, buffers: 0, peak: 0, words: 0, highlighted: 0, trail: [], downloads: 0, firstAudioMs: -1, streamMs: -1 };
  window.kokoroWeb = { stats };
  let apiKey = null;
  let durations = false;
  let current = null;

  function say(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = kind || '';
  }

  function enable(on) {
    for (const id of ['speak', 'download']) $(id).disabled = !on;
  }

  function headers(json) {
    const h = {};
    if (json) h['Content-Type'] = 'application/json';
    if (apiKey) h.Authorization = 'Bearer ' + apiKey;
    return h;
  }

  async function failure(res) {
    try {
      const b = await res.json();
      if (b && b.error && b.error.message) return b.error.message;
    } catch (e) {
      // not JSON
    }
    return 'the server answered ' + res.status;
  }

  function showKey(message) {
    $('key-panel').hidden = false;
    $('key-error').textContent = message || '';
    enable(false);
    say('This server needs an API key.');
    $('key').focus();
  }

  function fillVoices(voices, preferred) {
    const groups = new Map();
    for (const v of voices) {
      const g = v.language || 'Other';
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(v);
    }
    document.querySelectorAll('select.voice').forEach((sel, row) => {
      const was = sel.value;
      sel.textContent = '';
      for (const [label, list] of groups) {
        const group = document.createElement('optgroup');
        group.label = label;
        for (const v of list) {
          const o = document.createElement('option');
          o.value = v.id;
          o.textContent = v.name + ' (' + v.gender + ')';
          group.append(o);
        }
        sel.append(group);
      }
      const want = was || (row === 0 ? preferred : voices[Math.min(row, voices.length - 1)].id);
      if (voices.some((v) => v.id === want)) sel.value = want;
    });
  }

  async function loadVoices() {
    let res;
    try {
      res = await fetch('/v1/audio/voices', { headers: headers(false) });
    } catch (e) {
      say('The server cannot be reached: ' + e.message, 'error');
      return;
    }
    if (res.status === 401) {
      apiKey = null;
      showKey(await failure(res));
      return;
    }
    if (!res.ok) {
      say(await failure(res), 'error');
      return;
    }
    const body = await res.json();
    if (!body.data || body.data.length === 0) {
      say('No voices are installed on the server.', 'error');
      return;
    }
    fillVoices(body.data, body.default_voice);
    const asked = !$('key-panel').hidden;
    $('key-panel').hidden = true;
    enable(true);
    if (asked) $('text').focus();
    say('Ready: ' + body.data.length + ' voices.');
  }

  async function start() {
    let health;
    try {
      const res = await fetch('/health');
      health = await res.json();
    } catch (e) {
      say('The server cannot be reached: ' + e.message, 'error');
      return;
    }
    if (health.status !== 'ok') {
      say('The model is loading (' + health.status + ')...');
      setTimeout(start, 1000);
      return;
    }
    durations = health.timestamps === true;
    $('model-note').textContent = durations
      ? 'The word being spoken is highlighted below.'
      : 'This model has no durations, so the words cannot be followed while it speaks (kokoro-ts models add-durations MODEL adds them).';
    if (health.api_key_required && !apiKey) showKey('');
    else await loadVoices();
  }

  function rows() {
    return Array.from(document.querySelectorAll('.voice-row')).filter((r) => !r.hidden);
  }

  function layoutRows() {
    const shown = rows();
    for (const r of shown) r.classList.toggle('single', shown.length === 1);
    for (const w of document.querySelectorAll('.weight')) w.hidden = shown.length === 1;
    $('add-voice').disabled = shown.length === 3;
  }

  function voiceSpec() {
    const shown = rows();
    if (shown.length === 1) return shown[0].querySelector('select').value;
    return shown.map((r) => r.querySelector('select').value + ':' + Number(r.querySelector('input').value)).join(',');
  }

  function request(format) {
    return { model: 'kokoro', input: $('text').value, voice: voiceSpec(), speed: Number($('speed').value), response_format: format };
  }

  function fromBase64(text) {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function readEvents(body, onEvent) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
        if (data) onEvent(JSON.parse(data));
      }
    }
  }

  /** 16-bit PCM pieces scheduled back to back on Web Audio; knows which second of the audio is playing. */
  class Player {
    constructor() {
      this.ctx = new AudioContext({ sampleRate: RATE });
      this.ctx.resume();
      // Every piece goes through one analyser, which shows the loudest sample the graph has played.
      this.meter = this.ctx.createAnalyser();
      this.meter.fftSize = 2048;
      this.meter.connect(this.ctx.destination);
      this.probe = new Float32Array(this.meter.fftSize);
      this.next = 0;
      this.scheduled = 0;
      this.segments = [];
      this.sources = [];
      this.carry = null;
    }

    push(bytes) {
      if (this.carry) {
        const joined = new Uint8Array(this.carry.length + bytes.length);
        joined.set(this.carry);
        joined.set(bytes, this.carry.length);
        bytes = joined;
        this.carry = null;
      }
      const n = bytes.length >> 1;
      if (bytes.length % 2 === 1) this.carry = bytes.slice(bytes.length - 1);
      if (n === 0) return;
      const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
      const buffer = this.ctx.createBuffer(1, n, RATE);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < n; i++) channel[i] = view.getInt16(i * 2, true) / 32768;
      const source = this.ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(this.meter);
      // A piece that comes late starts a little ahead of now; the gap is kept in the segments.
      const at = Math.max(this.next, this.ctx.currentTime + 0.05);
      source.start(at);
      this.segments.push({ at, from: this.scheduled, length: n / RATE });
      this.next = at + n / RATE;
      this.scheduled += n / RATE;
      this.sources.push(source);
      stats.samples += n;
      stats.buffers++;
    }

    /** Updates stats.peak from the samples that last went through the graph. */
    measure() {
      this.meter.getFloatTimeDomainData(this.probe);
      for (const v of this.probe) if (Math.abs(v) > stats.peak) stats.peak = Math.abs(v);
    }

    /** Seconds into the audio now playing; -1 before the first piece starts. */
    position() {
      const t = this.ctx.currentTime;
      let p = -1;
      for (const s of this.segments) {
        if (s.at > t) break;
        p = s.from + Math.min(t - s.at, s.length);
      }
      return p;
    }

    get finished() {
      return this.segments.length > 0 && this.ctx.currentTime >= this.next;
    }

    close() {
      for (const s of this.sources) {
        try {
          s.stop();
        } catch (e) {
          // not started
        }
      }
      this.ctx.close();
    }
  }

  function renderReading(text, words) {
    const box = $('reading');
    box.textContent = '';
    const spans = [];
    let at = 0;
    for (const w of words) {
      if (w.charStart < at || w.charEnd > text.length) {
        spans.push(null);
        continue;
      }
      box.append(text.slice(at, w.charStart));
      const s = document.createElement('span');
      s.className = 'word';
      s.textContent = text.slice(w.charStart, w.charEnd);
      box.append(s);
      spans.push(s);
      at = w.charEnd;
    }
    box.append(text.slice(at));
    return spans;
  }

  function mark(c, i) {
    if (i === c.now) return;
    if (c.now >= 0 && c.spans[c.now]) c.spans[c.now].classList.remove('now');
    if (i >= 0 && c.spans[i]) {
      c.spans[i].classList.add('now');
      stats.highlighted++;
      if (stats.trail.length < 1000) stats.trail.push(i);
    }
    c.now = i;
  }

  function tick() {
    const c = current;
    if (!c) return;
    c.player.measure();
    const pos = c.player.position();
    let i = -1;
    for (let k = 0; k < c.words.length && pos >= 0 && c.words[k].start <= pos; k++) i = k;
    mark(c, i);
    if (c.done && c.player.finished) {
      halt();
      say('Done: ' + c.seconds.toFixed(1) + ' s of audio.');
    }
  }

  function halt() {
    const c = current;
    if (!c) return;
    current = null;
    clearInterval(c.timer);
    mark(c, -1);
    c.abort.abort();
    c.player.close();
    $('stop').disabled = true;
  }

  async function speak() {
    const text = $('text').value;
    if (!text.trim()) {
      say('Type some text first.', 'error');
      $('text').focus();
      return;
    }
    halt();
    const c = { player: new Player(), abort: new AbortController(), text, words: [], spans: renderReading(text, []), now: -1, done: false, seconds: 0, timer: 0 };
    current = c;
    c.timer = setInterval(tick, 40);
    $('stop').disabled = false;
    const body = request('pcm');
    body.stream = true;
    body.stream_format = 'sse';
    if (durations) body.timestamps = true;
    say('Asking the server...');
    const t0 = performance.now();
    stats.firstAudioMs = -1;
    stats.streamMs = -1;
    try {
      stats.requests++;
      const res = await fetch('/v1/audio/speech', { method: 'POST', headers: headers(true), body: JSON.stringify(body), signal: c.abort.signal });
      if (!res.ok) {
        const message = await failure(res);
        halt();
        if (res.status === 401) showKey(message);
        else say('Speech failed: ' + message, 'error');
        return;
      }
      say('Playing while the rest is made...');
      await readEvents(res.body, (ev) => {
        if (ev.type === 'speech.audio.delta') {
          if (ev.audio) c.player.push(fromBase64(ev.audio));
          if (stats.firstAudioMs < 0 && c.player.segments.length > 0) stats.firstAudioMs = performance.now() - t0;
          if (ev.words && ev.words.length > 0) {
            c.words.push(...ev.words);
            stats.words += ev.words.length;
            c.spans = renderReading(text, c.words);
            if (c.now >= 0 && c.spans[c.now]) c.spans[c.now].classList.add('now');
          }
        } else if (ev.type === 'speech.audio.done') {
          stats.streamMs = performance.now() - t0;
          c.done = true;
          c.seconds = ev.audio_seconds;
        }
      });
      if (!c.done) throw new Error('the answer was cut short');
      if (current === c) say('Playing ' + c.seconds.toFixed(1) + ' s of audio...');
    } catch (e) {
      if (c.abort.signal.aborted) return;
      halt();
      say('Speech failed: ' + e.message, 'error');
    }
  }

  async function download() {
    if (!$('text').value.trim()) {
      say('Type some text first.', 'error');
      return;
    }
    const format = $('format').value;
    $('download').disabled = true;
    say('Making the ' + format + ' file...');
    try {
      stats.requests++;
      const res = await fetch('/v1/audio/speech', { method: 'POST', headers: headers(true), body: JSON.stringify(request(format)) });
      if (!res.ok) {
        const message = await failure(res);
        if (res.status === 401) showKey(message);
        else say('Download failed: ' + message, 'error');
        return;
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'kokoro-ts.' + EXT[format];
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      stats.downloads++;
      say('Saved ' + a.download + ' (' + Math.max(1, Math.round(blob.size / 1024)) + ' kB).');
    } catch (e) {
      say('Download failed: ' + e.message, 'error');
    } finally {
      $('download').disabled = false;
    }
  }

  $('speak-form').addEventListener('submit', (e) => {
    e.preventDefault();
    speak();
  });
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (!$('speak').disabled) speak();
    }
  });
  $('stop').addEventListener('click', () => {
    halt();
    say('Stopped.');
  });
  $('download').addEventListener('click', download);
  $('speed').addEventListener('input', () => {
    $('speed-out').textContent = Number($('speed').value).toFixed(2) + 'x';
  });
  $('add-voice').addEventListener('click', () => {
    const hidden = Array.from(document.querySelectorAll('.voice-row')).find((r) => r.hidden);
    if (!hidden) return;
    hidden.hidden = false;
    layoutRows();
    hidden.querySelector('select').focus();
  });
  for (const b of document.querySelectorAll('button.remove')) {
    b.addEventListener('click', () => {
      b.closest('.voice-row').hidden = true;
      layoutRows();
      $('add-voice').focus();
    });
  }
  $('key-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = $('key').value.trim();
    if (!key) return;
    apiKey = key;
    $('key').value = '';
    await loadVoices();
  });
  layoutRows();
  enable(false);
  start();
})();
`;

function voiceRow(i: number): string {
  const n = i + 1;
  const remove = i === 0 ? '' : `<button type="button" class="remove" aria-label="Remove voice ${n}">Remove</button>`;
  return `<div class="voice-row"${i === 0 ? '' : ' hidden'}>
          <div><label for="voice-${i}">Voice ${n}</label><select id="voice-${i}" class="voice"></select></div>
          <div class="weight"><label for="weight-${i}">Weight</label><input id="weight-${i}" type="number" min="1" max="100" step="1" value="50" inputmode="numeric"></div>
          ${remove}
        </div>`;
}

/** The whole page. */
export function webPage(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kokoro-ts: speak</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1>kokoro-ts</h1>
  <p class="muted">Type, pick a voice, listen while the rest is made.</p>
</header>
<main>
  <section id="key-panel" class="card" hidden aria-labelledby="key-title">
    <h2 id="key-title">API key</h2>
    <p>This server asks for an API key. It stays in this tab and is sent only as the Authorization header.</p>
    <form id="key-form" class="stack">
      <div><label for="key">API key</label><input id="key" type="password" autocomplete="off" spellcheck="false" required></div>
      <button type="submit" class="primary">Use this key</button>
    </form>
    <p id="key-error" class="error" role="alert"></p>
  </section>
  <div class="layout">
    <form id="speak-form" class="card stack">
      <div>
        <label for="text">Text</label>
        <textarea id="text" rows="6" spellcheck="true">Hello! This is kokoro-ts, speaking in your browser while the rest of the audio is still being made.</textarea>
        <p class="muted">Anything the speech API takes. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> speaks.</p>
      </div>
      <fieldset>
        <legend>Voice (a blend of up to three)</legend>
        ${[0, 1, 2].map(voiceRow).join('\n        ')}
        <button type="button" id="add-voice">Add a voice to the blend</button>
      </fieldset>
      <div class="pair">
        <div>
          <label for="speed">Speed <output id="speed-out" for="speed">1.00x</output></label>
          <input id="speed" type="range" min="0.5" max="2" step="0.05" value="1">
        </div>
        <div>
          <label for="format">Download format</label>
          <select id="format">
            <option value="wav">WAV</option>
            <option value="mp3">MP3</option>
            <option value="opus">Ogg Opus</option>
            <option value="pcm">PCM (16-bit, 24 kHz, mono)</option>
          </select>
        </div>
      </div>
      <div class="buttons">
        <button type="submit" id="speak" class="primary">Speak</button>
        <button type="button" id="stop" disabled>Stop</button>
        <button type="button" id="download">Download</button>
      </div>
      <p id="status" role="status" aria-live="polite"></p>
    </form>
    <section class="card" aria-labelledby="reading-title">
      <h2 id="reading-title">Reading</h2>
      <p id="model-note" class="note"></p>
      <div id="reading" class="reading"></div>
    </section>
  </div>
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
