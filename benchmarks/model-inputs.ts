import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, styleRow } from '../src/engine';
import { ROOT } from './lib';


/** One model call's inputs: padded ids and the style row for their length. */
export interface ModelInput {
  readonly ids: number[];
  readonly style: number[];
}

/**
 * kokoro-ts's own model calls for suite cases (af_heart, chunks of at most `maxChunkTokens`), for
 * benchmarks that time bare session.run on identical inputs across runtimes. The ids come from the
 * front end alone: any model gives the same chunks, so the stand-in makes them quickly.
 */
export async function suiteModelInputs(cases: readonly string[], maxChunkTokens = 200): Promise<ModelInput[]> {
  const suite = (JSON.parse(readFileSync(join(ROOT, 'benchmarks', 'suite.json'), 'utf8')) as { cases: { name: string; text: string }[] }).cases;
  const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: join(ROOT, 'test', 'fixtures', 'models', 'kokoro-standin.onnx'), voicesDir: join(ROOT, 'test', 'fixtures', 'voices'), session: DEFAULT_SESSION_SETTINGS, maxChunkTokens, phonemeCacheSize: 0 });
  try {
    const pack = await engine.voicePack('af_heart');
    const out: ModelInput[] = [];
    for (const name of cases) {
      const c = suite.find((x) => x.name === name);
      if (!c) throw new Error(`no suite case ${name}`);
      for await (const ch of engine.synthesize({ text: c.text, voice: 'af_heart', speed: 1 })) out.push({ ids: [...ch.ids], style: [...styleRow(pack, ch.ids.length - 2)] });
    }
    return out;
  } finally {
    await engine.close();
  }
}
