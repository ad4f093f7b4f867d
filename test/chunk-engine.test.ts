import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, type AudioChunk } from '../src/engine';
import { chunkPhonemes } from '../src/text/chunk';
import { STANDIN, VOICES } from './helpers';

async function chunksOf(text: string, maxChunkTokens: number, firstChunkTokens?: number): Promise<AudioChunk[]> {
  const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens, phonemeCacheSize: 0 });
  try {
    const out: AudioChunk[] = [];
    for await (const c of engine.synthesize({ text, voice: 'af_heart', speed: 1, firstChunkTokens })) out.push(c);
    return out;
  } finally {
    await engine.close();
  }
}

const sentencesOf = (chunks: AudioChunk[]): string[] => chunks.flatMap((c) => c.phonemes.split(/(?<=\.) /u));

test('the engine plans balanced chunks: as many as greedy packing, cut between sentences, even', async () => {
  const text = 'Hello there. '.repeat(10).trim();
  const chunks = await chunksOf(text, 40);
  const sentences = sentencesOf(chunks);
  assert.equal(sentences.length, 10, 'every chunk ends at a sentence end');
  const greedy = chunkPhonemes(sentences, 40);
  assert.equal(chunks.length, greedy.length, 'as many calls as greedy packing');
  const perChunk = chunks.map((c) => c.phonemes.split(/(?<=\.) /u).length);
  assert.ok(Math.max(...perChunk) - Math.min(...perChunk) <= 1, `sentences per chunk ${perChunk} (greedy: ${greedy.map((c) => c.split(/(?<=\.) /u).length)})`);
  assert.ok(Math.min(...perChunk) > Math.min(...greedy.map((c) => c.split(/(?<=\.) /u).length)), 'no short last chunk');
});

test('a stream keeps its short first chunk; the chunks after it are balanced', async () => {
  const text = 'Hello there, my friend. '.repeat(8).trim();
  const whole = await chunksOf(text, 60);
  const stream = await chunksOf(text, 60, 16);
  assert.ok(stream[0]!.tokens <= 16, `first chunk ${stream[0]!.tokens}`);
  const rest = stream.slice(1).map((c) => c.tokens);
  assert.ok(Math.max(...rest) - Math.min(...rest) <= Math.max(...whole.map((c) => c.tokens)) / 2, `rest ${rest}`);
  assert.equal(stream.map((c) => c.phonemes).join(' ').replace(/ /g, ''), whole.map((c) => c.phonemes).join(' ').replace(/ /g, ''));
});

test('an inline break ends a segment: each side is balanced on its own', async () => {
  const side = 'Hello there. '.repeat(7).trim();
  const chunks = await chunksOf(`${side} [pause:0.5] ${side}`, 40);
  const perChunk = chunks.map((c) => c.phonemes.split(/(?<=\.) /u).length);
  // Seven sentences of which three fit a call: greedy packing gives 3/3/1 on each side.
  assert.deepEqual(chunkPhonemes(sentencesOf(chunks).slice(0, 7), 40).map((c) => c.split(/(?<=\.) /u).length), [3, 3, 1]);
  assert.equal(chunks.length, 6);
  assert.deepEqual(perChunk.slice(0, 3).reduce((a, b) => a + b, 0), 7, 'the break closes the third chunk');
  assert.deepEqual([perChunk.slice(0, 3).sort(), perChunk.slice(3).sort()], [[2, 2, 3], [2, 2, 3]]);
});
