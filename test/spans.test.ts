import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planChunks } from '../src/text/chunk-planner';
import { SpanChunker } from '../src/text/chunk-stream';
import { TrackedText } from '../src/text/tracked';
import { phonemizeTracked } from '../src/text/phonemize';
import { alignWords } from '../src/text/word-align';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, G2PS, type AudioChunk } from '../src/engine';
import { STANDIN, VOICES } from './helpers';

function lcg(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Random "sentences" whose every character stands for its own offset in one long source. */
function randomTracked(rnd: () => number): { sentences: TrackedText[]; plain: string[] } {
  const alphabet = ['a', 'ə', 'ˈ', 'ɹ', 't', ' ', ' ', ' ', ',', '.', '—', 'ʃ'];
  const plain = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () =>
    Array.from({ length: 1 + Math.floor(rnd() * 400) }, () => alphabet[Math.floor(rnd() * alphabet.length)]!).join('').replace(/ +/g, ' ').trim(),
  ).filter((s) => s !== '');
  let at = 0;
  const sentences = plain.map((s) => {
    const t = TrackedText.of(s);
    const shifted = TrackedText.concat([...s].map((ch, i) => TrackedText.uniform(ch, at + t.rangeAt(i)[0], at + t.rangeAt(i)[1])));
    at += s.length + 1;
    return shifted;
  });
  return { sentences, plain };
}

test('SpanChunker makes exactly the planner\'s cuts, and its spans cover every token in order', () => {
  const rnd = lcg(11);
  for (let trial = 0; trial < 300; trial++) {
    const { sentences, plain } = randomTracked(rnd);
    const max = 1 + Math.floor(rnd() * 300);
    const first = 1 + Math.floor(rnd() * max);
    const c = new SpanChunker(max, first);
    const chunks = [...sentences.flatMap((s) => c.push(s)), ...c.finish()];
    assert.deepEqual(chunks.map((x) => x.phonemes), planChunks(plain, max, first), `trial ${trial}`);
    let lastEnd = -1;
    for (const ch of chunks) {
      let next = 0;
      for (const s of ch.spans) {
        assert.equal(s.tokens[0], next, 'contiguous token runs');
        assert.ok(s.tokens[1] > s.tokens[0]);
        next = s.tokens[1];
        assert.ok(s.text[0] >= lastEnd || s.text[0] === s.text[1], 'spans move forward through the source');
        if (s.text[1] > s.text[0]) lastEnd = s.text[1];
      }
      assert.equal(next, [...ch.phonemes].length, 'every token is covered');
    }
  }
});

for (const g2p of G2PS) {
  test(`engine chunks say which words of the original text each token run speaks (--g2p ${g2p})`, async () => {
    const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: STANDIN, voicesDir: VOICES, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 1 }, maxChunkTokens: 40, phonemeCacheSize: 0, g2p });
    const text = 'Hello, world. It costs $5.50 today!  Dr. Smith agrees.';
    try {
      const chunks: AudioChunk[] = [];
      for await (const c of engine.synthesize({ text, voice: 'af_heart', speed: 1 })) chunks.push(c);
      assert.ok(chunks.length >= 2, `several chunks: ${chunks.length}`);
      // A word whose phonemes are cut across two chunks ("$5.50" says several) has a span in both: one word.
      const ranges = chunks.flatMap((c) => c.spans.filter((s) => s.text[1] > s.text[0]).map((s) => s.text));
      const spoken = ranges.filter((r, i) => i === 0 || r[0] !== ranges[i - 1]![0] || r[1] !== ranges[i - 1]![1]).map((r) => text.slice(r[0], r[1]));
      const words = spoken.filter((w) => /\w/.test(w));
      assert.deepEqual(words, ['Hello', 'world', 'It', 'costs', '$5.50', 'today', 'Dr.', 'Smith', 'agrees']);
      assert.ok(spoken.includes(',') && spoken.includes('!'), 'punctuation tokens point at the punctuation');
      for (const c of chunks) {
        assert.equal(c.spans[c.spans.length - 1]!.tokens[1], c.tokens, 'spans cover the chunk');
        assert.equal(c.durations, null, 'this stand-in exports no durations');
      }
    } finally {
      await engine.close();
    }
  });
}

test('espeak merging or splitting words: the merged group points at the words it says, the rest at their own', async () => {
  const id = (ipa: string): string => ipa;
  const text = 'go to the shop, now';
  // A fake espeak that runs "to the" together in context (as espeak does with some function words).
  const merging = { phonemizeLine: async (line: string) => [line.replace('to the', 'tothe')] };
  const merged = await phonemizeTracked(merging, text, id);
  assert.equal(merged.text, 'go tothe shop, now', 'the in-context phonemes are what is spoken');
  const spanText = (from: number, to: number): string => text.slice(...merged.spanOf(from, to));
  assert.equal(spanText(0, 2), 'go');
  assert.equal(spanText(3, 8), 'to the', 'the merged word points at both written words');
  assert.equal(spanText(9, 13), 'shop');
  assert.equal(spanText(merged.text.indexOf('now'), merged.length), 'now');
  // One written word said as two spoken words: both point at it.
  const splitting = { phonemizeLine: async (line: string) => [line.replace('shop', 'sh op')] };
  const split = await phonemizeTracked(splitting, text, id);
  assert.equal(text.slice(...split.spanOf(split.text.indexOf('sh'), split.text.indexOf('op') + 2)), 'shop');
  assert.equal(text.slice(...split.spanOf(3, 5)), 'to');
  // When espeak keeps the words, each word points at itself.
  const plain = await phonemizeTracked({ phonemizeLine: async (line: string) => [line] }, text, id);
  assert.equal(text.slice(...plain.spanOf(3, 5)), 'to');
  assert.equal(text.slice(...plain.spanOf(6, 9)), 'the');
});

test('word alignment pairs spoken groups with written words by their phonemes', () => {
  assert.deepEqual(alignWords(['ænd', 'ðəbɜɹdz', 'ðæt'], ['ænd', 'ðə', 'bɜɹdz', 'ðæt']), [
    { spoken: [0, 1], written: [0, 1] },
    { spoken: [1, 2], written: [1, 3] },
    { spoken: [2, 3], written: [3, 4] },
  ]);
  assert.deepEqual(alignWords(['ðə', 'ɹeɪl', 'ɪŋ'], ['ðə', 'ɹeɪlɪŋ']), [
    { spoken: [0, 1], written: [0, 1] },
    { spoken: [1, 3], written: [1, 2] },
  ]);
  assert.equal(alignWords([], ['a']), null);
});
