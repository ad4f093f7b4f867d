import type { Command } from 'commander';
import { createEngine, checkSpeed, parseVoiceSpec, dialectOf, type AudioChunk, type EngineOptions, type SessionSettings } from '../engine';
import { SAMPLE_RATE } from '../spec';
import { speakTo, type SpeakResult } from '../audio/speak';
import { PcmBuffer, estimateSamples } from '../audio/pcm-buffer';
import { bufferedSink, descriptorSink, fileSink, specialFileSink, type AudioFormat, type AudioSink } from '../audio/sink';
import { isSpecialFile, tempPathFor } from '../util/fs';
import { KokoroError } from '../util/errors';
import { checkOutputPath, readInputText, trackTemp, writeStdout } from './io';
import { addEngineFlags, configFor, isVerbose } from './settings';
import { sessionOf, type ResolvedConfig } from '../config/resolve';
import { resolveModelPath, resolveVoicesDir } from './paths';
import { downloadMissing } from './first-run';
import { registerBatchFlags, resolveBatchOptions, runBatch, type BatchFlags } from './synth-batch';

export interface SynthFlags extends BatchFlags {
  file?: string;
  phonemes?: boolean;
  output: string;
  stream?: boolean;
  format: string;
}

/** What every synthesis (single or batch) takes from the configuration. */
export interface EngineSettings {
  readonly voice: string;
  readonly speed: number;
  readonly modelPath: string;
  readonly voicesDir: string;
  readonly session: SessionSettings;
  readonly phonemeCacheSize: number;
  readonly maxChunkTokens: number;
  readonly pipelineDepth: number;
  readonly warmup: boolean;
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
}

export function parseFormat(raw: string): AudioFormat {
  if (raw === 'wav' || raw === 'pcm') return raw;
  throw new KokoroError('usage', `--format must be wav or pcm, not "${raw}"`);
}

export async function resolveEngineSettings(config: ResolvedConfig, cwd: string): Promise<EngineSettings> {
  const v = config.values;
  checkSpeed(v.speed);
  dialectOf(parseVoiceSpec(v.voice)[0]!.name);
  return {
    voice: v.voice,
    speed: v.speed,
    modelPath: await resolveModelPath(v.model ?? undefined, cwd),
    voicesDir: await resolveVoicesDir(v.voicesDir ?? undefined, cwd),
    session: sessionOf(v),
    phonemeCacheSize: v.phonemeCacheSize,
    maxChunkTokens: v.maxChunkTokens,
    pipelineDepth: v.pipelineDepth,
    warmup: v.engineWarmup,
  };
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
  const engine = await resolveEngineSettings(config, cwd);
  const format = parseFormat(f.format);
  const output = f.phonemes ? '-' : await checkOutputPath(f.output, cwd);
  const body = await readInputText(text, f.file, cwd);
  const stream = f.stream === true;
  return { ...engine, text: body, phonemesOnly: f.phonemes === true, output, format, stream, firstChunkTokens: firstChunkOf(config, stream), verbose };
}

export function engineOptionsOf(s: EngineSettings): EngineOptions {
  return {
    modelPath: s.modelPath, voicesDir: s.voicesDir, session: s.session, maxChunkTokens: s.maxChunkTokens,
    phonemeCacheSize: s.phonemeCacheSize, pipelineDepth: s.pipelineDepth, warmup: s.warmup,
  };
}

function log(o: { verbose: boolean }, msg: string): void {
  if (o.verbose) process.stderr.write(`${msg}\n`);
}

function logChunk(o: { verbose: boolean }, c: AudioChunk): void {
  if (!o.verbose) return;
  const dropped = c.dropped.length ? `; dropped symbols: ${[...new Set(c.dropped)].join(' ')}` : '';
  log(o, `chunk ${c.index + 1}${c.last ? ' (last)' : ''}: ${c.tokens} tokens, ${(c.samples.length / SAMPLE_RATE).toFixed(2)} s audio, front end ${c.frontEndMs.toFixed(1)} ms, model ${c.modelMs.toFixed(1)} ms${dropped}: ${c.phonemes}`);
}

async function sinkFor(o: SynthOptions): Promise<{ sink: AudioSink; done: () => void }> {
  if (o.output === '-') {
    if (o.stream) return { sink: descriptorSink(1, o.format), done: () => undefined };
    return { sink: bufferedSink(o.format, new PcmBuffer(estimateSamples(o.text.length, o.speed)), writeStdout), done: () => undefined };
  }
  if (await isSpecialFile(o.output)) return { sink: await specialFileSink(o.output, o.format), done: () => undefined };
  const tmp = tempPathFor(o.output);
  const untrack = trackTemp(tmp);
  return { sink: await fileSink(o.output, tmp, o.format), done: untrack };
}

export async function runSynth(o: SynthOptions): Promise<void> {
  // One text per process: the phonemizer's worker can go as soon as the text is phonemized; a whole
  // file (nothing is heard before the end) phonemizes everything first, so it goes before the model runs.
  const engine = await createEngine({ ...engineOptionsOf(o), oneShot: !o.phonemesOnly, frontEndFirst: !o.stream }, { warn: (m) => process.stderr.write(`Warning: ${m}\n`) });
  log(o, `session: intra-op ${o.session.intraOpNumThreads}, inter-op ${o.session.interOpNumThreads}, ${o.session.executionMode}, optimization ${o.session.graphOptimizationLevel}`);
  log(o, `model ${o.modelPath} (${engine.contract.layout} layout, speed as ${engine.contract.speedType}), session created in ${engine.sessionCreateMs.toFixed(0)} ms${o.warmup ? `, warm-up ${engine.warmupMs.toFixed(0)} ms` : ''}, ready ${performance.now().toFixed(0)} ms after process start`);
  if (o.phonemesOnly) {
    await writeStdout(`${await engine.phonemize(o.text, o.voice)}\n`);
    return;
  }
  log(o, `chunks of at most ${o.maxChunkTokens} tokens${o.firstChunkTokens !== undefined ? `, the first at most ${o.firstChunkTokens}` : ''}; ${o.stream ? 'every sentence sent to the phonemizer at once, which closes when done' : 'whole text phonemized first, then the phonemizer closed'} (one text per run); ${o.stream ? 'streaming' : 'whole file'} ${o.format}`);
  const t0 = performance.now();
  const { sink, done } = await sinkFor(o);
  let r: SpeakResult;
  try {
    r = await speakTo(engine, { text: o.text, voice: o.voice, speed: o.speed, firstChunkTokens: o.firstChunkTokens }, sink, (c) => logChunk(o, c));
  } finally {
    done();
  }
  const ms = performance.now() - t0;
  const seconds = r.samples / SAMPLE_RATE;
  const cache = engine.cacheStats();
  log(o, `first audio after ${r.timeToFirstAudioMs.toFixed(0)} ms; phoneme cache: ${cache.hits} hits, ${cache.misses} misses, ${cache.size}/${cache.capacity} entries; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (o.output !== '-') {
    process.stderr.write(`Wrote ${o.output} (${seconds.toFixed(2)} s of audio in ${(ms / 1000).toFixed(2)} s, RTF ${(ms / 1000 / seconds).toFixed(3)})\n`);
  }
}

export function registerSynth(program: Command): void {
  const cmd = program
    .command('synth')
    .description('speak text into a 24 kHz 16-bit mono WAV file (or raw PCM), whole or streamed; or one file per line')
    .argument('[text]', 'the text to speak (or use -f)')
    .option('-f, --file <path>', 'read the text from a file, or - for stdin')
    .option('--phonemes', 'print the phonemes and exit')
    .option('-o, --output <path>', 'output file, or - for stdout', 'out.wav')
    .option('--stream', 'hand each chunk to the output as soon as it is made, with a short first chunk (stdout: WAV with a streaming header, or --format pcm)')
    .option('--format <fmt>', 'wav, or pcm (raw 16-bit little-endian mono, 24 kHz)', 'wav')
    .option('--first-chunk-tokens <n>', 'most tokens in the first chunk (default for --stream: 64)');
  addEngineFlags(cmd);
  registerBatchFlags(cmd);
  cmd.action(async (text: string | undefined, flags: SynthFlags, c: Command) => {
    const config = await configFor(c);
    if ((flags as { download?: boolean }).download) await downloadMissing(config, process.env, process.cwd());
    if (flags.splitLines) {
      const b = await resolveBatchOptions(text, { ...flags, outputGiven: c.getOptionValueSource('output') === 'cli' }, config, isVerbose(c), process.cwd());
      await runBatch(b);
      return;
    }
    const o = await resolveSynthOptions(text, flags, config, isVerbose(c), process.cwd());
    await runSynth(o);
  });
}
