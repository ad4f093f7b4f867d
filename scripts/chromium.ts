/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
 * messages ending in NUL on file descriptors 3 and 4), so Node 20 needs no WebSocket and the
 * project no dependency. Used by the browser tests of the HTML report and of the web page, and by
 * report-screenshot.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';

/** The Chromium binary on PATH (Debian's package installs `chromium`), or null. */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

export interface PageRender {
  /** The screenshot, PNG. */
  readonly png: Buffer;
  /** Uncaught exceptions, console.error/assert calls and error log entries (failed loads among them). */
  readonly errors: string[];
  /** Every URL the page requested besides itself: a self-contained page has none. */
  readonly requests: string[];
  /** "Chrome/150.0.…" as the browser reports itself. */
  readonly version: string;
  /** Height of the whole page, CSS pixels. */
  readonly pageHeight: number;
}

interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
  readonly sessionId?: string;
}

class Cdp {
  private next = 1;
  private buffer = '';
  private readonly waiting = new Map<number, { res: (r: Record<string, unknown>) => void; rej: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];

  constructor(private readonly out: Writable, input: Readable) {
    input.setEncoding('utf8');
    input.on('data', (d: string) => {
      this.buffer += d;
      let end;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        const w = m.id === undefined ? undefined : this.waiting.get(m.id);
        if (w) {
          this.waiting.delete(m.id!);
          if (m.error) w.rej(new Error(m.error.message));
          else w.res(m.result ?? {});
        } else for (const l of this.listeners) l(m);
      }
    });
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((res, rej) => this.waiting.set(id, { res, rej }));
  }

  on(l: (m: Message) => void): void {
    this.listeners.push(l);
  }

  once(method: string, timeoutMs: number): Promise<Message> {
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.on((m) => {
        if (m.method === method) {
          clearTimeout(t);
          res(m);
        }
      });
    });
  }
}

/** A page in a running headless Chromium, driven over the DevTools protocol. */
export interface BrowserPage {
  /** Uncaught exceptions, console.error/assert calls and error log entries (failed loads among them), as they come. */
  readonly errors: string[];
  /** Every URL the page requested (data: URLs aside), as they come. */
  readonly requests: string[];
  /** "Chrome/150.0.…" as the browser reports itself. */
  readonly version: string;
  /** Loads a URL and waits for its load event. */
  navigate(url: string): Promise<void>;
  /** Evaluates an expression in the page (promises awaited) and returns its value as JSON. */
  evaluate(expression: string): Promise<unknown>;
  /** Waits until `expression` is truthy in the page, polling; rejects after `timeoutMs`, naming it. */
  waitFor(expression: string, timeoutMs: number): Promise<void>;
  /** A DevTools command to the page (Input.*, Emulation.*, ...). */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A DevTools command to the browser itself (Browser.setDownloadBehavior, ...). */
  sendBrowser(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Calls `listener` with every event of this name (page or browser). */
  on(method: string, listener: (params: Record<string, unknown>) => void): void;
  /** Sets the viewport's width (and height) in CSS pixels. */
  resize(width: number, height: number): Promise<void>;
  /** A PNG of the `height` pixels from `top` at `width`, or of the whole page when `height` is omitted. */
  screenshot(width: number, height?: number, top?: number): Promise<{ png: Buffer; pageHeight: number }>;
}

/**
 * Starts headless Chromium (its own profile, muted), hands `use` its page, and always ends the
 * browser and its helpers, within `timeoutMs` for the whole run. `args`: more command-line switches.
 */
export async function withBrowser<T>(chromium: string, use: (page: BrowserPage) => Promise<T>, opts: { timeoutMs?: number; args?: readonly string[] } = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const profile = mkdtempSync(join(tmpdir(), 'kokoro-chromium-'));
  const child: ChildProcess = spawn(chromium, [
    '--headless', '--disable-gpu', '--no-sandbox', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--hide-scrollbars', '--mute-audio', ...(opts.args ?? []), 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true }); // its own process group: helpers included in the kill
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()).length > 20_000 && (stderr = stderr.slice(-10_000)));
  const exited = new Promise<never>((_, rej) => child.on('exit', (code) => rej(new Error(`chromium exited (${code}) before the page was done: ${stderr.split('\n').slice(-4).join(' | ')}`))));
  const timer = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`the browser run did not finish within ${timeoutMs} ms`)), timeoutMs).unref());
  const cdp = new Cdp(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const errors: string[] = [];
  const requests: string[] = [];
  cdp.on((m) => {
    const p = m.params ?? {};
    if (m.method === 'Runtime.exceptionThrown') {
      const d = p.exceptionDetails as { text?: string; exception?: { description?: string } };
      errors.push(`uncaught: ${d.exception?.description ?? d.text ?? 'exception'}`);
    } else if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
      errors.push(`console.${String(p.type)}: ${JSON.stringify((p.args as { value?: unknown; description?: string }[]).map((a) => a.value ?? a.description))}`);
    } else if (m.method === 'Log.entryAdded') {
      const e = p.entry as { level: string; text: string; url?: string };
      if (e.level === 'error') errors.push(`log: ${e.text}${e.url ? ` (${e.url})` : ''}`);
    } else if (m.method === 'Network.requestWillBeSent') {
      const u = (p.request as { url: string }).url;
      if (!u.startsWith('data:')) requests.push(u);
    }
  });
  const run = async (): Promise<T> => {
    const version = String((await cdp.send('Browser.getVersion')).product);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    const target = targetInfos.find((t) => t.type === 'page');
    const targetId = target ? target.targetId : String((await cdp.send('Target.createTarget', { url: 'about:blank' })).targetId);
    const sessionId = String((await cdp.send('Target.attachToTarget', { targetId, flatten: true })).sessionId);
    const s = (method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> => cdp.send(method, params, sessionId);
    await Promise.all([s('Runtime.enable'), s('Log.enable'), s('Page.enable'), s('Network.enable')]);
    await s('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    const evaluate = async (expression: string): Promise<unknown> => {
      const r = await s('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`in the page: ${JSON.stringify((r.exceptionDetails as { exception?: { description?: string } }).exception?.description ?? r.exceptionDetails)}`);
      return (r.result as { value: unknown }).value;
    };
    const page: BrowserPage = {
      errors, requests, version, evaluate,
      send: s,
      sendBrowser: (method, params = {}) => cdp.send(method, params),
      on: (method, listener) => cdp.on((m) => m.method === method && listener(m.params ?? {})),
      async navigate(url) {
        const loaded = cdp.once('Page.loadEventFired', timeoutMs);
        await s('Page.navigate', { url });
        await loaded;
      },
      async waitFor(expression, ms) {
        const until = Date.now() + ms;
        while (!(await evaluate(`Boolean(${expression})`))) {
          if (Date.now() > until) throw new Error(`not true within ${ms} ms: ${expression}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      async resize(width, height) {
        await s('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
      },
      async screenshot(width, height, top = 0) {
        await page.resize(width, height ?? 900);
        await evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))');
        const pageHeight = Number(await evaluate('Math.ceil(document.documentElement.scrollHeight)'));
        const shotHeight = Math.min(height ?? pageHeight - top, 16_000);
        await page.resize(width, Math.max(pageHeight, top + shotHeight));
        const shot = await s('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: top, width, height: shotHeight, scale: 1 }, captureBeyondViewport: true });
        return { png: Buffer.from(String(shot.data), 'base64'), pageHeight };
      },
    };
    const out = await use(page);
    await cdp.send('Browser.close').catch(() => undefined);
    return out;
  };
  try {
    return await Promise.race([run(), exited, timer]);
  } finally {
    exited.catch(() => undefined);
    const gone = child.exitCode === null && child.signalCode === null ? new Promise((res) => child.once('exit', res)) : null;
    // Chromium's helper processes (crashpad, utilities) can outlive the browser and keep writing
    // into the profile: kill the whole group, then remove it. A leftover temp dir is no failure.
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    await gone;
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // left in the system's temp dir
    }
  }
}

/**
 * Opens `target` (an HTML file on disk, or an http(s) URL) in headless Chromium at `width` CSS
 * pixels and screenshots it: the `height` pixels from `top`, or the whole page when `height` is omitted.
 */
export async function renderPage(chromium: string, target: string, width: number, height?: number, opts: { top?: number; timeoutMs?: number } = {}): Promise<PageRender> {
  const url = /^https?:\/\//.test(target) ? target : pathToFileURL(target).href;
  return withBrowser(chromium, async (page) => {
    await page.resize(width, height ?? 900);
    await page.navigate(url);
    const { png, pageHeight } = await page.screenshot(width, height, opts.top);
    return { png, errors: page.errors, requests: page.requests.filter((u) => u !== url), version: page.version, pageHeight };
  }, { timeoutMs: opts.timeoutMs });
}
