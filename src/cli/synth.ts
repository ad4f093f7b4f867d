import { KokoroError } from '../util/errors';
import { Option, type Command } from 'commander';
import { createEngine, frontEndFor, parseVoiceSpec, speak, speakTextStream, type AudioChunk, type RewriteRecord, type Schedule, type SpeakResult } from '../engine';
import { SAMPLE_RATE } from '../spec';
import { estimateSamples } from '../audio/pcm-buffer';
import { AUDIO_FORMATS, describeFormats, type AudioFormat } from '../audio/formats';
import { openOutput } from '../audio/output';
import { checkOutputPath, readInputText, textSource, trackTemp, writeStdout } from './io';
import { parseFormat } from './parse';
import { addEngineFlags, configFor, isVerbose } from './settings';
import type { ResolvedConfig } from '../config/resolve';
import { engineDepsOf, engineOptionsOf, pausesOf, resolveEngineSettings, type EngineSettings } from './engine-settings';
import { availableParallelism } from 'node:os';
import { threadsPerJob } from '../batch/lines';
import { resolveTimingPlan, TimingOutput, type TimingFlags, type TimingPlan } from './timing-output';
import { requireDurations } from '../engine';
import { anyTimings } from '../captions/files';
import { downloadMissing } from './first-run';
import { languageNote, parseLangFlag } from './lang';
import { checkInputText, inputKindOf } from './text-input';
import { INPUT_KINDS, type InputKind } from '../text/markup';
import { registerBatchFlags, resolveBatchOptions, runBatch, type BatchFlags } from './synth-batch';
import { ExportManager, synthRenderers, type ExportPlan } from '../report/export';
import { exportIo, resolveExports } from './exports';
import type { SynthChunkSummary, SynthSummary } from '../results/synth';

export interface SynthFlags extends BatchFlags, TimingFlags {
  file?: string;
  phonemes?: boolean;
  output: string;
  stream?: boolean;
  format: string;
  input?: string;
  ssml?: boolean;
  json?: string;
}

/** Everything `synth` needs, resolved and validated at the edge. */
export interface SynthOptions extends EngineSettings {
  readonly text: string;
  readonly phonemesOnly: boolean;
  /** Absolute path, or '-' for stdout. */
  readonly output: string;
  readonly format: AudioFormat;
  readonly stream: boolean;
  /** Token limit of the first chunk; undefined = the chunk length (no short first chunk). */
  readonly firstChunkTokens: number | undefined;
  readonly verbose: boolean;
  readonly timing: TimingPlan;
  /** --json: the summary (SynthSummary). */
  readonly exports: ExportPlan;
  /** The text's syntax (text with markup, SSML, Kokoro phonemes). */
  readonly input: InputKind;
  /**
   * Text still being written on stdin, spoken sentence by sentence as it completes (then `text` is
   * empty); null: `text` is the whole text.
   */
  readonly live: { readonly flushAfterMs: number | null } | null;
}

/**
 * The first chunk's limit: a stream uses firstChunkTokens (from any layer); a plain run uses it only
 * when the flag asks, so both can be given the same chunk plan. Capped at the chunk length.
 */
export function firstChunkOf(config: ResolvedConfig, stream: boolean): number | undefined {
  const v = config.values;
  if (!stream && config.origins.firstChunkTokens.layer !== 'flag') return undefined;
  return Math.min(v.firstChunkTokens, v.maxChunkTokens);
}

export async function resolveSynthOptions(text: string | undefined, f: SynthFlags, config: ResolvedConfig, verbose: boolean, cwd: string): Promise<SynthOptions> {
  const engine = await resolveEngineSettings(config, cwd, f.lang);
  const format = parseFormat(f.format);
  const output = f.phonemes ? '-' : await checkOutputPath(f.output, cwd);
  const input = inputKindOf(f);
  const stream = f.stream === true;
  const timing = await resolveTimingPlan(f, output, cwd);
  if (f.json !== undefined && f.phonemes) throw new KokoroError('usage', '--json is the summary of the audio made; --phonemes makes none');
  if (f.json === '-' && [output, ...Object.values(timing.paths)].includes('-')) throw new KokoroError('usage', '--json - and another output would both write to stdout', 'send one of them to a file');
  const exports = await resolveExports({ json: f.json }, cwd, null);
  const base = { ...engine, phonemesOnly: f.phonemes === true, output, format, stream, firstChunkTokens: firstChunkOf(config, stream), verbose, timing, input, exports };
  // A stream of plain text from stdin is spoken as it arrives. Timing files and captions are
  // written for the whole text, and SSML or phonemes are parsed whole: those read stdin to its end first.
  if (stream && input === 'text' && !base.phonemesOnly && !anyTimings(timing.wants) && textSource(text, f.file, process.stdin.isTTY === true).kind === 'stdin') {
    const flushAfter = config.values.flushAfter;
    return { ...base, text: '', live: { flushAfterMs: flushAfter > 0 ? flushAfter * 1000 : null } };
  }
  const body = await readInputText(text, f.file, cwd);
  for (const note of await checkInputText(body, input, engine.voicesDir)) if (verbose) process.stderr.write(`${note}\n`);
  return { ...base, text: body, live: null };
}

const CACHE_NOTES: Record<string, string> = {
  hit: ' from the optimized copy in the model cache',
  saved: ' (optimized copy saved to the model cache: later loads are faster)',
  unusable: ' (model cache not usable: optimized the original)',
};

function cacheNote(outcome: string | undefined): string {
  return outcome === undefined ? '' : CACHE_NOTES[outcome] ?? '';
}

/** The rewrites a session's copy holds, and the calibration's medians when it chose them: "graph rewrites: tiles:1024 (calibration: none 40/160 tokens 210/890 ms, ...)". */
function rewritesNote(r: RewriteRecord | null | undefined): string | null {
  if (!r) return null;
  const timings = r.calibration?.timings.map((t) => `${t.choice} ${t.medianMs.map((ms) => ms.toFixed(0)).join('/')} ms`).join(', ');
  const how = r.calibration ? `calibration on ${r.calibration.tokens.join('/')} tokens: ${timings || 'nothing to rewrite'}` : r.chosenBy;
  return `graph rewrites: ${r.choice} (${how})`;
}

function log(o: { verbose: boolean }, msg: string): void {
  if (o.verbose) process.stderr.write(`${msg}\n`);
}

function logChunk(o: { verbose: boolean }, c: AudioChunk): void {
  if (!o.verbose) return;
  const dropped = c.dropped.length ? `; dropped symbols: ${[...new Set(c.dropped)].join(' ')}` : '';
  log(o, `chunk ${c.index + 1}${c.last ? ' (last)' : ''}: ${c.tokens} tokens, ${(c.samples.length / SAMPLE_RATE).toFixed(2)} s audio, front end ${c.frontEndMs.toFixed(1)} ms, model ${c.modelMs.toFixed(1)} ms, voice ${c.voice}${dropped}: ${c.phonemes}`);
}

/** Standard input as text while it is written; a stdin that ends with no words is no text. */
async function* stdinText(): AsyncGenerator<string> {
  process.stdin.setEncoding('utf8');
  let words = false;
  for await (const t of process.stdin as AsyncIterable<string>) {
    words ||= t.trim() !== '';
    yield t;
  }
  if (!words) throw new KokoroError('bad-text', 'the text is empty or only whitespace', 'give some words to speak');
}

export async function runSynth(o: SynthOptions): Promise<void> {
  const cores = availableParallelism();
  const engine = await createEngine(engineOptionsOf(o), { warn: (m) => process.stderr.write(`Warning: ${m}\n`), ...engineDepsOf(o, cores) });
  const note = languageNote(o.voice, o.lang);
  if (note) log(o, note);
  log(o, `session: intra-op ${o.session.intraOpNumThreads}, inter-op ${o.session.interOpNumThreads}, ${o.session.executionMode}, optimization ${o.session.graphOptimizationLevel}; onnxruntime-node ${o.runtime.label}${o.runtime.dir ? ` (${o.runtime.dir})` : ''}`);
  if (o.sessions > 1) log(o, `${o.sessions} sessions in worker threads, ${threadsPerJob(o.session.intraOpNumThreads, o.sessions, cores)} intra-op thread(s) each: up to ${o.sessions} chunks in the model at once`);
  const readyMs = performance.now();
  log(o, `model ${o.modelPath} (${engine.contract.layout} layout, speed as ${engine.contract.speedType}${engine.contract.durationsOutput ? `, durations from ${engine.contract.durationsOutput}` : ''}), session created in ${engine.sessionCreateMs.toFixed(0)} ms${cacheNote(engine.optimizedCache)}${o.warmup ? `, warm-up ${engine.warmupMs.toFixed(0)} ms` : ''}, ready ${readyMs.toFixed(0)} ms after process start`);
  const rewrites = rewritesNote(engine.rewrites);
  if (rewrites) log(o, rewrites);
  if (o.phonemesOnly) {
    const { phonemes, lexiconHits } = await engine.phonemize({ text: o.text, voice: o.voice, lang: o.lang, input: o.input });
    if (o.lexiconEntries > 0) log(o, `lexicon: ${lexiconHits} hit(s) (${o.lexiconEntries} entries)`);
    await writeStdout(`${phonemes}\n`);
    return;
  }
  const hasDurations = engine.contract.durationsOutput !== null;
  if (anyTimings(o.timing.wants)) requireDurations(hasDurations, o.modelPath, 'word timings and captions');
  if (o.pauses.explicit && pausesOf(o)) requireDurations(hasDurations, o.modelPath, '--sentence-pause and --clause-pause');
  const timing = o.live ? null : await TimingOutput.open(o.timing, o.text, o.stream);
  // One text per process: the phonemizer's worker can go as soon as the text is phonemized; a whole
  // file (nothing is heard before the end) phonemizes everything first, so it goes before the model runs.
  const schedule: Schedule = o.stream ? { kind: 'stream-once' } : { kind: 'front-end-first' };
  const plan = o.live
    ? `stdin spoken sentence by sentence as each is complete${o.live.flushAfterMs !== null ? `, a clause after at most ${o.live.flushAfterMs / 1000} s` : ''}`
    : `${o.stream ? 'every sentence sent to the phonemizer at once, which closes when done' : 'whole text phonemized first, then the phonemizer closed'} (one text per run)`;
  log(o, `chunks of at most ${o.maxChunkTokens} tokens${o.firstChunkTokens !== undefined ? `, the first at most ${o.firstChunkTokens}` : ''}; ${plan}; ${o.stream ? 'streaming' : 'whole file'} ${o.format}`);
  const t0 = performance.now();
  const target = o.output === '-' ? { kind: 'stdout' as const, stream: process.stdout, fd: 1 } : { kind: 'path' as const, path: o.output };
  const sink = await openOutput(target, { format: o.format, stream: o.stream, estimateSamples: estimateSamples(o.text.length, o.speed) }, trackTemp);
  let r: SpeakResult;
  let lexiconHits = 0;
  const perChunk: SynthChunkSummary[] = [];
  try {
    const req = { text: o.text, voice: o.voice, lang: o.lang, speed: o.speed, firstChunkTokens: o.firstChunkTokens, schedule, pauses: hasDurations ? pausesOf(o) : undefined, input: o.input };
    const chunks = o.live
      ? speakTextStream(stdinText(), {
          rules: frontEndFor(parseVoiceSpec(o.voice)[0]!.name, o.lang), flushAfterMs: o.live.flushAfterMs,
          // Each sentence is a text of its own; the phonemizer stays up for the next (the default schedule).
          synthesize: (text) => engine.synthesize({ ...req, text, schedule: undefined }),
        })
      : engine.synthesize(req);
    r = await speak(chunks, sink, {
      onChunk: (c) => {
        lexiconHits += c.lexiconHits;
        perChunk.push({ tokens: c.tokens, phonemes: c.phonemes, audioSeconds: c.samples.length / SAMPLE_RATE, frontEndMs: c.frontEndMs, modelMs: c.modelMs });
        logChunk(o, c);
        timing?.add(c);
      },
    });
    await timing?.finish();
  } catch (e) {
    await timing?.abort();
    throw e;
  }
  const ms = performance.now() - t0;
  const seconds = r.samples / SAMPLE_RATE;
  const cache = engine.cacheStats();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  if (o.lexiconEntries > 0) log(o, `lexicon: ${lexiconHits} hit(s) (${o.lexiconEntries} entries)`);
  log(o, `first audio after ${r.timeToFirstAudioMs.toFixed(0)} ms; phoneme cache: ${cache.hits} hits, ${cache.misses} misses, ${cache.size}/${cache.capacity} entries; peak RSS ${peakRssMb.toFixed(0)} MB`);
  if (o.output !== '-') {
    process.stderr.write(`Wrote ${o.output} (${seconds.toFixed(2)} s of audio in ${(ms / 1000).toFixed(2)} s, RTF ${(ms / 1000 / seconds).toFixed(3)})\n`);
  }
  const files = [o.output, o.timing.paths.json, o.timing.paths.srt, o.timing.paths.vtt].filter((p): p is string => p !== null && p !== '-');
  const summary: SynthSummary = {
    schemaVersion: 1, tool: 'kokoro-ts synth', voice: o.voice, model: o.modelPath, audioSeconds: seconds, synthesisSeconds: ms / 1000, rtf: ms / 1000 / seconds, chunks: r.chunks, files,
    readyMs, sessionCreateMs: engine.sessionCreateMs, warmupMs: o.warmup ? engine.warmupMs : 0, peakRssMb, perChunk,
  };
  await new ExportManager(o.exports, synthRenderers, exportIo, 'Summary').finish(summary);
}

export function registerSynth(program: Command): void {
  const cmd = program
    .command('synth')
    .description('speak text into a 24 kHz 16-bit mono WAV file (or raw PCM), whole or streamed; or one file per line')
    .argument('[text]', 'the text to speak (or use -f)')
    .option('-f, --file <path>', 'read the text from a file, or - for stdin')
    .option('--phonemes', 'print the phonemes and exit')
    .addOption(new Option('--input <kind>', 'what the text is: text (inline markup; SSML if it starts with <speak>), ssml, or phonemes (Kokoro symbols)').choices(INPUT_KINDS).default(undefined))
    .option('--ssml', 'read the text as SSML (same as --input ssml)')
    .option('-o, --output <path>', 'output file, or - for stdout', 'out.wav')
    .option('--stream', 'hand each chunk to the output as soon as it is made, with a short first chunk (stdout: WAV with a streaming header, or --format pcm); text from stdin is spoken sentence by sentence as it arrives')
    .option('--flush-after <s>', 'with --stream from stdin: seconds a clause waits for its sentence to end before it is spoken (default 0: until it ends)')
    .addOption(new Option('--format <fmt>', describeFormats()).choices(AUDIO_FORMATS).default('wav'))
    .option('--lang <code>', `the text's language, if not the voice's own: a letter or tag (a, b, e, f, h, i, j, p, z; en-us, en-gb, es, fr, hi, it, ja, pt-br, zh)`, parseLangFlag)
    .option('--first-chunk-tokens <n>', 'most tokens in the first chunk (default for --stream: 64)')
    .option('--timestamps [file]', 'word timings as JSON (needs a model with durations: kokoro-ts models add-durations); with --stream one JSON line per chunk as it is made; with --split-lines NAME.json beside each file')
    .option('--timestamps-phonemes', 'also each phoneme token with its times, in the --timestamps JSON')
    .option('--srt [file]', 'captions as SubRip (with --split-lines: NAME.srt beside each file)')
    .option('--vtt [file]', 'captions as WebVTT (with --split-lines: NAME.vtt beside each file)')
    .option('--json <path>', 'write a summary as JSON (audio and synthesis seconds, RTF, chunks, files written, voice, model, load times, peak RSS, each chunk); - for stdout');
  addEngineFlags(cmd);
  registerBatchFlags(cmd);
  cmd.action(async (text: string | undefined, flags: SynthFlags, c: Command) => {
    const config = await configFor(c);
    if ((flags as { download?: boolean }).download) await downloadMissing(config, process.env, process.cwd());
    if (flags.shard && !flags.splitLines) throw new KokoroError('usage', '--shard goes with --split-lines', 'kokoro-ts synth -f lines.txt --split-lines --out-dir out/ --shard 1/4');
    if (flags.json !== undefined && flags.splitLines) throw new KokoroError('usage', '--json summarizes one synth, not --split-lines');
    if (flags.splitLines) {
      const b = await resolveBatchOptions(text, flags, config, isVerbose(c), process.cwd());
      await runBatch(b);
      return;
    }
    const o = await resolveSynthOptions(text, flags, config, isVerbose(c), process.cwd());
    await runSynth(o);
  });
}
