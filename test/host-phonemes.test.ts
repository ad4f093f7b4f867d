import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, type AudioChunk, type EngineOptions } from '../src/engine';
import { EngineHost } from '../src/host/pool';
import { RemotePhonemes } from '../src/host/remote-phonemes';
import type { FromHost } from '../src/host/protocol';
import { englishFrontEnd } from '../src/text/lang/english';
import { frontEndOfId, withG2p } from '../src/text/lang/g2p';
import { TrackedText } from '../src/text/tracked';
import { KokoroError } from '../src/util/errors';
import { STANDIN, VOICES } from './helpers';

const OPTS: EngineOptions = {
  ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 40, phonemeCacheSize: 64, g2p: 'misaki',
};
const TEXT = 'I read the record about a better water bottle. Then we wound the clock. The last line!';

async function collect(chunks: AsyncIterable<AudioChunk>): Promise<AudioChunk[]> {
  const out: AudioChunk[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

test('engine host: one phoneme store serves every worker (a sentence phonemized for one is a cache hit for the other), misaki phonemes as in-process', async () => {
  const engine = await createEngine(OPTS);
  const want = await collect(engine.synthesize({ text: TEXT, voice: 'af_heart', speed: 1 }));
  const sentences = engine.cacheStats().misses;
  await engine.close();
  assert.equal(sentences, 3);
  assert.ok(want.some((c) => c.phonemes.includes('T')), `misaki writes the flap as T: ${want.map((c) => c.phonemes).join(' | ')}`);
  const host = await EngineHost.start([{ engine: OPTS }, { engine: OPTS }]);
  try {
    // Two jobs at once: one per worker. Each sentence is phonemized once, for both.
    const [a, b] = await Promise.all([1, 2].map(() => collect(host.synthesize({ text: TEXT, voice: 'af_heart', speed: 1 }))));
    for (const got of [a!, b!]) assert.deepEqual(got.map((c) => [c.phonemes, c.spans]), want.map((c) => [c.phonemes, c.spans]));
    const s = host.phonemeStats();
    assert.equal(s.misses, sentences, `phonemized once each: ${JSON.stringify(s)}`);
    assert.equal(s.hits, sentences, `the other worker's sentences were hits: ${JSON.stringify(s)}`);
    assert.equal(s.size, sentences);
  } finally {
    await host.close();
  }
});

test('remote phonemes: answers resolve in any order with their ranges; a failure arrives as the KokoroError the host raised', async () => {
  const sent: FromHost[] = [];
  const remote = new RemotePhonemes((m) => sent.push(m));
  const us = withG2p(englishFrontEnd('en-us'), 'misaki');
  const first = remote.get(us, 'Hello there.');
  const second = remote.get(englishFrontEnd('en-gb'), 'Bad one.');
  assert.deepEqual(sent.map((m) => m.type === 'phonemize' && [m.frontEnd, m.sentence]), [['en-us-x-misaki', 'Hello there.'], ['en-gb', 'Bad one.']]);
  const ids = sent.map((m) => (m.type === 'phonemize' ? m.id : -1));
  remote.answer({ type: 'phonemes-failed', id: ids[1]!, error: { code: 'phonemizer', message: 'cannot read the misaki lexicon', hint: 'reinstall', exitCode: 4 } });
  const t = TrackedText.uniform('həlˈO', 0, 5);
  remote.answer({ type: 'phonemes', id: ids[0]!, phonemes: structuredClone(t.toWire()) });
  const got = await first;
  assert.equal(got.text, 'həlˈO');
  assert.deepEqual(got.spanOf(0, got.length), [0, 5]);
  await assert.rejects(second, (e: unknown) => e instanceof KokoroError && e.code === 'phonemizer' && e.message === 'cannot read the misaki lexicon' && e.exitCode === 4);
  assert.deepEqual(remote.stats(), { size: 0, capacity: 0, hits: 0, misses: 0 });
});

test('frontEndOfId: misaki\'s English front ends and every language\'s by id; an unknown id is undefined', () => {
  assert.equal(frontEndOfId('en-us-x-misaki'), withG2p(englishFrontEnd('en-us'), 'misaki'));
  assert.equal(frontEndOfId('en-gb-x-misaki')?.id, 'en-gb-x-misaki');
  assert.equal(frontEndOfId('en-gb')?.id, 'en-gb');
  assert.equal(frontEndOfId('fr')?.id, 'fr');
  assert.equal(frontEndOfId('xx-nowhere'), undefined);
});
