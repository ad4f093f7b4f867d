/**
 * Screenshot of the serve web page while it speaks, for the README:
 * `node dist/scripts/web-screenshot.js URL OUT.png [WIDTH] [HEIGHT]`, URL the page of a running
 * `kokoro-ts serve` (http://127.0.0.1:8880/web) whose model has durations. It adds a second voice to
 * the blend, presses Speak and shoots once the fourth word is highlighted. Needs Chromium.
 */
import { writeFileSync } from 'node:fs';
import { findChromium, withBrowser } from './chromium';

async function main(): Promise<void> {
  const [url, out, width = '1100', height = '760'] = process.argv.slice(2);
  if (!url || !out || !/^https?:\/\//.test(url)) throw new Error('usage: web-screenshot.js http://HOST:PORT/web OUT.png [WIDTH] [HEIGHT]');
  const chromium = findChromium();
  if (!chromium) throw new Error('no chromium on PATH: apt-get install chromium');
  const origin = new URL(url).origin;
  await withBrowser(chromium, async (page) => {
    await page.resize(Number(width), Number(height));
    await page.navigate(url);
    await page.waitFor(`!document.getElementById('speak').disabled`, 20_000);
    await page.evaluate(`document.getElementById('add-voice').click()`);
    await page.evaluate(`document.getElementById('speak').click()`);
    await page.waitFor('window.kokoroWeb.stats.highlighted >= 4', 30_000);
    const { png } = await page.screenshot(Number(width), Number(height));
    const outside = page.requests.filter((u) => new URL(u).origin !== origin);
    if (page.errors.length || outside.length) throw new Error(`the page was not clean: ${[...page.errors, ...outside].join('; ')}`);
    writeFileSync(out, png);
    console.log(`${out}: ${png.length} bytes (${page.version})`);
  }, { args: ['--autoplay-policy=no-user-gesture-required'] });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
