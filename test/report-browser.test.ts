import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, renderPage } from '../scripts/chromium';
import { decodePng, luminanceVariance } from '../scripts/png';
import { loadResultSet } from '../src/results/load';
import { renderHtml } from '../src/report/html';
import { ROOT, tempDir } from './helpers';

/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium` package; .ci/run installs
 * it) opens it from disk, must log no error and fetch nothing, and its screenshot must not be blank.
 * Without Chromium the tests are skipped, loudly; this file never installs anything.
 */
const chromium = findChromium();
const skip = chromium ? false : 'Chromium not found (apt-get install chromium)';
if (!chromium) {
  process.stderr.write([
    '##########################################################################',
    '# NOTICE: no chromium on PATH: the browser test of the HTML report is     #',
    '# SKIPPED. Install it with: apt-get install -y chromium                   #',
    '##########################################################################',
    '',
  ].join('\n'));
}

test('headless Chromium renders the report from disk: no console errors, no requests, not blank', { skip }, async () => {
  const dir = tempDir();
  const file = join(dir, 'report.html');
  writeFileSync(file, renderHtml(await loadResultSet([join(ROOT, 'benchmarks', 'real'), join(ROOT, 'benchmarks', 'baseline-ci.json')], ROOT)));
  const r = await renderPage(chromium as string, file, 1200, 1600);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.requests, [], 'a self-contained page fetches nothing');
  assert.match(r.version, /Chrom/);
  const img = decodePng(r.png);
  assert.equal(img.width, 1200);
  assert.equal(img.height, 1600);
  const v = luminanceVariance(img);
  // A white page is 0; text and charts on white give several hundred (measured ~1500 here).
  assert.ok(v > 200, `screenshot luminance variance ${v.toFixed(1)}: blank?`);
  assert.ok(r.pageHeight > 3000, `the whole report is laid out (${r.pageHeight} px tall)`);
});

test('the browser check fails when it should: a script error is caught, a blank page has no variance', { skip }, async () => {
  const dir = tempDir();
  const file = join(dir, 'bad.html');
  writeFileSync(file, '<!DOCTYPE html><html><body><script>console.error("broken"); undefinedFunction();</script><img src="http://127.0.0.1:9/x.png"></body></html>');
  const r = await renderPage(chromium as string, file, 400, 300);
  assert.ok(r.errors.some((e) => /broken/.test(e)), r.errors.join('; '));
  assert.ok(r.errors.some((e) => /undefinedFunction/.test(e)), r.errors.join('; '));
  assert.ok(r.requests.some((u) => u.startsWith('http://127.0.0.1:9/')), r.requests.join('; '));
  const blank = join(dir, 'blank.html');
  writeFileSync(blank, '<!DOCTYPE html><html><body></body></html>');
  const b = await renderPage(chromium as string, blank, 400, 300);
  assert.deepEqual(b.errors, []);
  assert.ok(luminanceVariance(decodePng(b.png)) < 1);
});
