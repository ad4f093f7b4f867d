/**
 * The gaps the model itself leaves after punctuation, from its durations (no listening): for every
 * sentence end (. ! ? …) and clause end (, ; : —) in the suite's texts, the time of the punctuation run
 * and the space or end pad after it — what --sentence-pause / --clause-pause top up to their target.
 * Deterministic (durations do not depend on timing), so it can run beside other work.
 *   npm run build && node dist/benchmarks/pauses.js MODEL-WITH-DURATIONS [voices-dir]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE } from '../src/engine';
import { pauseInserts, tokenStarts } from '../src/engine/timings';
import { SAMPLE_RATE } from '../src/spec';
import { quantileOf } from '../src/util/quantile';
import { ROOT } from './lib';

const VOICES = ['af_heart', 'af_nicole', 'bf_emma'];

async function main(): Promise<void> {
  const model = process.argv[2];
  if (!model) throw new Error('usage: node dist/benchmarks/pauses.js MODEL-WITH-DURATIONS [voices-dir]');
  const voicesDir = process.argv[3] ?? join(ROOT, 'test', 'fixtures', 'voices');
  const texts = (JSON.parse(readFileSync(join(ROOT, 'benchmarks', 'suite.json'), 'utf8')) as { cases: { text: string }[] }).cases.map((c) => c.text);
  const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: model, voicesDir, session: { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: 2 }, maxChunkTokens: 200, phonemeCacheSize: 0 });
  const gaps: Record<'sentence' | 'clause', number[]> = { sentence: [], clause: [] };
  try {
    for (const voice of VOICES) {
      for (const text of texts) {
        for await (const c of engine.synthesize({ text, voice, speed: 1 })) {
          if (!c.durations) throw new Error(`${model} has no durations output: run kokoro-ts models add-durations first`);
          const starts = tokenStarts(c.durations, c.samples.length);
          // A huge target makes every punctuation run an insert whose length is target - gap: the gap.
          for (const kind of ['sentence', 'clause'] as const) {
            const target = 100;
            const ins = pauseInserts(c.phonemes, starts, { sentenceS: kind === 'sentence' ? target : 0, clauseS: kind === 'clause' ? target : 0 });
            gaps[kind].push(...ins.map((i) => target - i.length / SAMPLE_RATE));
          }
        }
      }
    }
  } finally {
    await engine.close();
  }
  for (const kind of ['sentence', 'clause'] as const) {
    const g = gaps[kind];
    console.log(`${kind} ends: ${g.length}; gap the model leaves: p10 ${(quantileOf(g, 0.1) * 1000).toFixed(0)} ms, p25 ${(quantileOf(g, 0.25) * 1000).toFixed(0)}, median ${(quantileOf(g, 0.5) * 1000).toFixed(0)}, p75 ${(quantileOf(g, 0.75) * 1000).toFixed(0)}, p90 ${(quantileOf(g, 0.9) * 1000).toFixed(0)}`);
  }
}

void main();
