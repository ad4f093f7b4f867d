import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TAGGER_DATA, preloadTaggerData, TAGGER_DATA_MODULES, winkLexiconVersion } from '../src/text/lang/misaki/tagger-data';
import { ROOT, tempDir } from './helpers';

/** Tags of the 384 reference sentences from a fresh process, with or without the JSON word lists. */
function tagsOfCorpus(preload: boolean): { preloaded: boolean; tags: string[][] } {
  const script = `
    const { preloadTaggerData } = require('./dist/src/text/lang/misaki/tagger-data.js');
    const preloaded = ${preload} ? preloadTaggerData() : false;
    const { tagTokens } = require('./dist/src/text/lang/misaki/tokens.js');
    const sentences = require('./test/fixtures/misaki-en/reference.json').sentences;
    const tags = sentences.map((s) => tagTokens(s.normalized).map((t) => t.text + '/' + t.tag));
    console.log(JSON.stringify({ preloaded, tags }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })) as { preloaded: boolean; tags: string[][] };
}

test('the build writes the tagger word lists as JSON; the tagger tags the 384 reference sentences exactly as from wink-lexicon\'s own modules', () => {
  const own = tagsOfCorpus(false);
  const fast = tagsOfCorpus(true);
  assert.equal(own.preloaded, false);
  assert.equal(fast.preloaded, true, `${DEFAULT_TAGGER_DATA} was built and loaded`);
  assert.equal(fast.tags.length, 384);
  assert.deepEqual(fast.tags, own.tags);
  // The homographs misaki needs tags for get told apart: "read" as VB and VBN, "record" as NN and VB.
  const all = new Set(fast.tags.flat());
  for (const t of ['read/VB', 'read/VBN', 'record/NN', 'record/VB']) assert.ok(all.has(t), t);
});

test('tagger data: no file, a malformed one, another wink-lexicon version or a missing list preload nothing', () => {
  const dir = tempDir('kokoro-tagger-');
  assert.equal(preloadTaggerData(join(dir, 'absent.json')), false);
  writeFileSync(join(dir, 'bad.json'), '{"version": "2.2.0", "modu');
  assert.equal(preloadTaggerData(join(dir, 'bad.json')), false);
  const modules = Object.fromEntries(TAGGER_DATA_MODULES.map((m) => [m, {}]));
  writeFileSync(join(dir, 'old.json'), JSON.stringify({ version: '0.0.1', modules }));
  assert.equal(preloadTaggerData(join(dir, 'old.json')), false);
  const { 'lexicon.js': _, ...partial } = modules;
  writeFileSync(join(dir, 'partial.json'), JSON.stringify({ version: winkLexiconVersion(), modules: partial }));
  assert.equal(preloadTaggerData(join(dir, 'partial.json')), false);
  for (const m of TAGGER_DATA_MODULES) assert.equal(require.cache[join(require.resolve('wink-lexicon/package.json'), '..', 'src', m)], undefined, `${m} not put in the module cache`);
});
