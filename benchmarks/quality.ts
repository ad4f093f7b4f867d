/**
 * The quality yardstick: how far a model file (or a graph rewrite of it, or the runtime it runs on)
 * sounds from the fp32 reference, on the same token ids, style rows and speed.
 *
 *   npm run build && node dist/benchmarks/quality.js \
 *     [--reference models/kokoro-v1.0.int8-fp32compute.onnx] [--int8 models/kokoro-v1.0.int8.onnx] \
 *     [--candidates PATH[@REWRITES],...] [--voices af_heart,bf_emma] [--cases short,medium,long,pangram,paragraph] \
 *     [--runtime DIR|bundled] [--threads 2] [--no-asr] [--out benchmarks/results/quality-DATE.json]
 *
 * REWRITES is a `--rewrites` setting (none, conv2d, tiles:1024, conv2d+tiles:1024; not auto).
 * The ids come from the front end once; every variant then speaks exactly those ids. Measured per
 * clip: the log-mel distance and the mel-cepstral distortion to the reference (spectral.ts), and over
 * all clips Whisper base's word errors (the real tier's recognizer in .cache/asr, transcripts
 * normalised as an ASR evaluation does). The reference is run twice: its second run is the floor
 * (Kokoro's decoder has a noise source; whether it repeats itself depends on the runtime).
 *
 * A variant is fp32-grade when its mean log-mel distance is at most the int8 file's and Whisper
 * misses no more words in it than in the reference. Quality figures do not depend on load, so this
 * may run beside other work; it prints a Markdown table and writes the figures as JSON.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { floatToInt16 } from '../src/audio/pcm';
import { encodeWav } from '../src/audio/wav';
import { createEngine, DEFAULT_SESSION_SETTINGS, PLAIN_ENGINE, loadVoicePack, styleRow } from '../src/engine';
import { parseRewrites, rewriteName, type RewriteChoice } from '../src/engine/graph-rewrites';
import { NO_MODEL_CACHE } from '../src/engine/session';
import { Synthesizer } from '../src/engine/synthesizer';
import { MAX_TOKENS } from '../src/spec';
import { englishWordErrorRate } from '../test-real/english-asr-normalize';
import { ASR_READY, SUITE, transcribe } from '../test-real/helpers';
import { joined } from '../test/helpers';
import { spectralDistance, type SpectralDistance } from './quality/spectral';
import { flag, hasFlag, listFlag, ROOT } from './lib';



interface Variant {
  readonly label: string;
  readonly path: string;
  /** The graph rewrites the session holds (null: the file as onnxruntime optimizes it). */
  readonly rewrites: RewriteChoice | null;
}

interface Clip {
  readonly voice: string;
  readonly name: string;
  readonly text: string;
  /** Each model call's ids, pads included, as the front end cut them. */
  readonly chunks: readonly (readonly number[])[];
}

interface ClipResult extends SpectralDistance {
  readonly voice: string;
  readonly case: string;
  readonly seconds: number;
  readonly referenceSeconds: number;
  readonly heard: string | null;
}

interface VariantResult {
  readonly label: string;
  readonly path: string;
  readonly rewrites: string;
  readonly clips: readonly ClipResult[];
  readonly meanLogMelDb: number;
  readonly meanMcdDb: number;
  readonly wordErrors: number | null;
  readonly words: number | null;
  readonly fp32Grade: boolean | null;
}

function variantOf(spec: string): Variant {
  const at = spec.lastIndexOf('@');
  const path = at > 0 ? spec.slice(0, at) : spec;
  const setting = at > 0 ? parseRewrites(spec.slice(at + 1)) : null;
  if (setting === 'auto') throw new Error(`${spec}: name the rewrites (none, conv2d, tiles:N...), not auto, so the figures say what was measured`);
  const rewrites = setting && (setting.conv2d || setting.tileFrames !== null) ? setting : null;
  return { label: rewrites ? `${basename(path)} @${rewriteName(rewrites)}` : basename(path), path: resolve(path), rewrites };
}

async function speakAll(v: Variant, clips: readonly Clip[], voicesDir: string, runtime: string | null, threads: number, cacheDir: string): Promise<Float32Array[]> {
  const synth = await Synthesizer.load(v.path, { ...DEFAULT_SESSION_SETTINGS, intraOpNumThreads: threads }, undefined, runtime, v.rewrites ? { dir: cacheDir, rewrites: v.rewrites } : NO_MODEL_CACHE);
  try {
    const out: Float32Array[] = [];
    for (const c of clips) {
      const pack = await loadVoicePack(voicesDir, c.voice);
      const parts: Float32Array[] = [];
      for (const ids of c.chunks) parts.push((await synth.run(ids, styleRow(pack, ids.length - 2), 1)).samples);
      out.push(joined(parts));
    }
    return out;
  } finally {
    await synth.release();
  }
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  const reference = variantOf(flag('--reference', join(ROOT, 'models', 'kokoro-v1.0.int8-fp32compute.onnx')));
  const int8 = variantOf(flag('--int8', join(ROOT, 'models', 'kokoro-v1.0.int8.onnx')));
  const candidates = listFlag('--candidates', '').map(variantOf);
  const voices = listFlag('--voices', 'af_heart,bf_emma');
  const caseNames = listFlag('--cases', SUITE.map((c) => c.name).join(','));
  const runtimeFlag = flag('--runtime', 'bundled');
  const runtime = runtimeFlag === 'bundled' ? null : resolve(runtimeFlag);
  const threads = Number(flag('--threads', '2'));
  const voicesDir = resolve(flag('--voices-dir', join(ROOT, 'test', 'fixtures', 'voices')));
  const asr = !hasFlag('--no-asr');
  if (asr && !ASR_READY) throw new Error('the recognizer is not set up (bash scripts/setup-asr.sh), or pass --no-asr');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = resolve(flag('--out', join(ROOT, 'benchmarks', 'results', `quality-${stamp}.json`)));
  const cases = caseNames.map((n) => {
    const c = SUITE.find((x) => x.name === n);
    if (!c) throw new Error(`unknown case ${n} (the suite has ${SUITE.map((x) => x.name).join(', ')})`);
    return c;
  });
  const work = mkdtempSync(join(tmpdir(), 'kokoro-quality-'));
  try {
    // The ids, once, as synth cuts them (this engine's audio is not used: every variant, the
    // reference included, speaks the ids through a bare session below).
    const engine = await createEngine({ ...PLAIN_ENGINE, modelPath: reference.path, voicesDir, session: DEFAULT_SESSION_SETTINGS, maxChunkTokens: MAX_TOKENS, phonemeCacheSize: 0, runtimeDir: runtime });
    const clips: Clip[] = [];
    try {
      for (const voice of voices) {
        for (const c of cases) {
          const chunks: number[][] = [];
          for await (const chunk of engine.synthesize({ text: c.text, voice, speed: 1 })) chunks.push([...chunk.ids]);
          clips.push({ voice, name: c.name, text: c.text, chunks });
        }
      }
    } finally {
      await engine.close();
    }
    const variants: Variant[] = [{ ...reference, label: `${reference.label} (second run)` }, int8, ...candidates];
    process.stderr.write(`reference ${reference.label}; ${clips.length} clips (${voices.join(', ')} x ${caseNames.join(', ')}); runtime ${runtime ?? 'bundled'}\n`);
    const refAudio = await speakAll(reference, clips, voicesDir, runtime, threads, join(work, 'cache'));
    const audio: Float32Array[][] = [];
    for (const v of variants) {
      process.stderr.write(`speaking ${v.label}\n`);
      audio.push(await speakAll(v, clips, voicesDir, runtime, threads, join(work, 'cache')));
    }
    let heard: Record<string, string> = {};
    const wav = (k: number, i: number): string => join(work, `${k}-${i}.wav`);
    if (asr) {
      const paths: string[] = [];
      [refAudio, ...audio].forEach((set, k) =>
        set.forEach((samples, i) => {
          writeFileSync(wav(k, i), encodeWav(floatToInt16(samples)));
          paths.push(wav(k, i));
        }),
      );
      process.stderr.write(`Whisper base on ${paths.length} clips\n`);
      heard = await transcribe(paths);
    }
    const errorsOf = (k: number): { errors: number; words: number } => {
      let errors = 0;
      let words = 0;
      clips.forEach((c, i) => {
        const w = englishWordErrorRate(c.text, heard[wav(k, i)] ?? '');
        errors += w.errors;
        words += w.words;
      });
      return { errors, words };
    };
    const referenceErrors = asr ? errorsOf(0) : null;
    const partial = variants.map((v, k) => {
      const results: ClipResult[] = clips.map((c, i) => ({
        voice: c.voice,
        case: c.name,
        ...spectralDistance(refAudio[i]!, audio[k]![i]!),
        seconds: audio[k]![i]!.length / 24000,
        referenceSeconds: refAudio[i]!.length / 24000,
        heard: asr ? (heard[wav(k + 1, i)] ?? '') : null,
      }));
      const w = asr ? errorsOf(k + 1) : null;
      return { v, results, w };
    });
    const int8Distance = mean(partial[1]!.results.map((r) => r.logMelDb));
    const variantResults: VariantResult[] = partial.map(({ v, results, w }) => {
      const meanLogMelDb = mean(results.map((r) => r.logMelDb));
      return {
        label: v.label,
        path: v.path,
        rewrites: v.rewrites ? rewriteName(v.rewrites) : 'none',
        clips: results,
        meanLogMelDb,
        meanMcdDb: mean(results.map((r) => r.mcdDb)),
        wordErrors: w?.errors ?? null,
        words: w?.words ?? null,
        fp32Grade: w && referenceErrors ? meanLogMelDb <= int8Distance && w.errors <= referenceErrors.errors : null,
      };
    });
    const report = {
      kind: 'quality',
      date: new Date().toISOString(),
      cpu: cpus()[0]?.model ?? 'unknown',
      runtime: runtime ?? 'bundled',
      threads,
      reference: { path: reference.path, wordErrors: referenceErrors?.errors ?? null, words: referenceErrors?.words ?? null },
      voices,
      cases: caseNames,
      variants: variantResults,
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 1)}\n`);
    renameSync(`${out}.tmp`, out);
    const rows = variantResults.map(
      (r) =>
        `| ${r.label} | ${r.meanLogMelDb.toFixed(2)} | ${r.meanMcdDb.toFixed(2)} | ${r.wordErrors === null ? '-' : `${r.wordErrors}/${r.words}`} | ${r.fp32Grade === null ? '-' : r.fp32Grade ? 'yes' : 'no'} |`,
    );
    process.stdout.write(
      [
        `Reference ${basename(reference.path)}: Whisper misses ${referenceErrors ? `${referenceErrors.errors}/${referenceErrors.words}` : '-'} words. CPU ${report.cpu}, runtime ${report.runtime}.`,
        '',
        '| variant | log-mel distance (dB) | MCD (dB) | Whisper word errors | fp32-grade |',
        '|---|---|---|---|---|',
        ...rows,
        '',
        `written ${out}`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
