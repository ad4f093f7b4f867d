/**
 * Screenshot of an HTML report for the README: `node dist/scripts/report-screenshot.js REPORT.html OUT.png [WIDTH] [HEIGHT] [TOP]`
 * (whole page when HEIGHT is left out; TOP: where the shot starts, CSS pixels). Needs Chromium (`apt-get install chromium`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium, renderPage } from './chromium';

async function main(): Promise<void> {
  const [html, out, width = '1200', height, top = '0'] = process.argv.slice(2);
  if (!html || !out) throw new Error('usage: report-screenshot.js REPORT.html OUT.png [WIDTH] [HEIGHT]');
  const chromium = findChromium();
  if (!chromium) throw new Error('no chromium on PATH: apt-get install chromium');
  const r = await renderPage(chromium, resolve(html), Number(width), height ? Number(height) : undefined, { top: Number(top) });
  if (r.errors.length || r.requests.length) throw new Error(`the page was not clean: ${[...r.errors, ...r.requests].join('; ')}`);
  writeFileSync(out, r.png);
  console.log(`${out}: ${r.png.length} bytes, page ${r.pageHeight} px tall (${r.version})`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
