/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
 * messages ending in NUL on file descriptors 3 and 4), so Node 20 needs no WebSocket and the
 * project no dependency. Used by the browser test of the HTML report and by report-screenshot.ts.
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

/**
 * Opens `htmlFile` from disk in headless Chromium at `width` CSS pixels and screenshots it: the
 * `height` pixels from `top`, or the whole page when `height` is omitted.
 */
export async function renderPage(chromium: string, htmlFile: string, width: number, height?: number, opts: { top?: number; timeoutMs?: number } = {}): Promise<PageRender> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const top = opts.top ?? 0;
  const profile = mkdtempSync(join(tmpdir(), 'kokoro-chromium-'));
  const child: ChildProcess = spawn(chromium, [
    '--headless', '--disable-gpu', '--no-sandbox', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--hide-scrollbars', '--mute-audio', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true }); // its own process group: helpers included in the kill
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()).length > 20_000 && (stderr = stderr.slice(-10_000)));
  const exited = new Promise<never>((_, rej) => child.on('exit', (code) => rej(new Error(`chromium exited (${code}) before the page was rendered: ${stderr.split('\n').slice(-4).join(' | ')}`))));
  const timer = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`chromium did not render ${htmlFile} within ${timeoutMs} ms`)), timeoutMs).unref());
  const cdp = new Cdp(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const errors: string[] = [];
  const requests: string[] = [];
  const url = pathToFileURL(htmlFile).href;
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
      if (u !== url && !u.startsWith('data:')) requests.push(u);
    }
  });
  const run = async (): Promise<PageRender> => {
    const version = String((await cdp.send('Browser.getVersion')).product);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    const page = targetInfos.find((t) => t.type === 'page');
    const targetId = page ? page.targetId : String((await cdp.send('Target.createTarget', { url: 'about:blank' })).targetId);
    const sessionId = String((await cdp.send('Target.attachToTarget', { targetId, flatten: true })).sessionId);
    const s = (method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> => cdp.send(method, params, sessionId);
    await Promise.all([s('Runtime.enable'), s('Log.enable'), s('Page.enable'), s('Network.enable')]);
    await s('Emulation.setDeviceMetricsOverride', { width, height: height ?? 900, deviceScaleFactor: 1, mobile: false });
    const loaded = cdp.once('Page.loadEventFired', timeoutMs);
    await s('Page.navigate', { url });
    await loaded;
    const evaluate = async (expression: string): Promise<unknown> => ((await s('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result as { value: unknown }).value;
    await evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))');
    const pageHeight = Number(await evaluate('Math.ceil(document.documentElement.scrollHeight)'));
    const shotHeight = Math.min(height ?? pageHeight - top, 16_000);
    await s('Emulation.setDeviceMetricsOverride', { width, height: Math.max(pageHeight, top + shotHeight), deviceScaleFactor: 1, mobile: false });
    const shot = await s('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: top, width, height: shotHeight, scale: 1 }, captureBeyondViewport: true });
    await cdp.send('Browser.close').catch(() => undefined);
    return { png: Buffer.from(String(shot.data), 'base64'), errors, requests, version, pageHeight };
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
