import type { Command } from 'commander';
import { createEngine, checkSpeed, parseVoiceSpec, dialectOf, type Engine, type SessionSettings } from '../engine';
import { MAX_TOKENS } from '../spec';
import { floatToInt16 } from '../audio/pcm';
import { encodeWav } from '../audio/wav';
import { atomicWriteFile, tempPathFor } from '../util/fs';
import { checkOutputPath, readInputText, trackTemp, writeStdout } from './io';
import { configFor, isVerbose } from './settings';
import { sessionOf, type ResolvedConfig } from '../config/resolve';
import { resolveModelPath, resolveVoicesDir } from './paths';
import { downloadMissing } from './first-run';

interface SynthFlags {
  file?: string;
  phonemes?: boolean;
  output: string;
}

/** Everything `synth` needs, resolved and validated at the edge. */
export interface SynthOptions {
  readonly text: string;
  readonly voice: string;
  readonly speed: number;
  readonly modelPath: string;
  readonly voicesDir: string;
  readonly session: SessionSettings;
  readonly phonemeCacheSize: number;
  readonly phonemesOnly: boolean;
  /** Absolute path, or '-' for stdout. */
  readonly output: string;
  readonly verbose: boolean;
}

export async function resolveSynthOptions(text: string | undefined, f: SynthFlags, config: ResolvedConfig, verbose: boolean, cwd: string): Promise<SynthOptions> {
  const v = config.values;
  checkSpeed(v.speed);
  dialectOf(parseVoiceSpec(v.voice)[0]!.name);
  const output = f.phonemes ? '-' : await checkOutputPath(f.output, cwd);
  const body = await readInputText(text, f.file, cwd);
  return {
    text: body,
    voice: v.voice,
    speed: v.speed,
    modelPath: await resolveModelPath(v.model ?? undefined, cwd),
    voicesDir: await resolveVoicesDir(v.voicesDir ?? undefined, cwd),
    session: sessionOf(v),
    phonemeCacheSize: v.phonemeCacheSize,
    phonemesOnly: f.phonemes === true,
    output,
    verbose,
  };
}

function log(o: SynthOptions, msg: string): void {
  if (o.verbose) process.stderr.write(`${msg}\n`);
}

async function synthesizeToWav(engine: Engine, o: SynthOptions): Promise<{ wav: Uint8Array; seconds: number }> {
  const plan = await engine.plan({ text: o.text, voice: o.voice, speed: o.speed });
  log(o, `front end: ${plan.chunks.length} chunk(s), ${plan.frontEndMs.toFixed(1)} ms; dropped symbols: ${plan.dropped.length}${plan.dropped.length ? ` (${[...new Set(plan.dropped)].join(' ')})` : ''}`);
  const parts: Int16Array[] = [];
  let total = 0;
  for await (const c of engine.render(plan, o.speed)) {
    log(o, `chunk ${c.index + 1}/${c.count}: ${c.tokens} tokens, ${(c.samples.length / 24000).toFixed(2)} s audio, model ${c.modelMs.toFixed(1)} ms: ${c.phonemes}`);
    parts.push(floatToInt16(c.samples));
    total += c.samples.length;
  }
  const all = new Int16Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return { wav: encodeWav(all), seconds: total / 24000 };
}

export async function runSynth(o: SynthOptions): Promise<void> {
  const engine = await createEngine(
    { modelPath: o.modelPath, voicesDir: o.voicesDir, session: o.session, maxChunkTokens: MAX_TOKENS, phonemeCacheSize: o.phonemeCacheSize },
    { warn: (m) => process.stderr.write(`Warning: ${m}\n`) },
  );
  log(o, `session: intra-op ${o.session.intraOpNumThreads}, inter-op ${o.session.interOpNumThreads}, ${o.session.executionMode}, optimization ${o.session.graphOptimizationLevel}`);
  log(o, `model ${o.modelPath} (${engine.contract.layout} layout, speed as ${engine.contract.speedType}), session created in ${engine.sessionCreateMs.toFixed(0)} ms, ready ${performance.now().toFixed(0)} ms after process start`);
  if (o.phonemesOnly) {
    await writeStdout(`${await engine.phonemize(o.text, o.voice)}\n`);
    return;
  }
  const t0 = performance.now();
  const { wav, seconds } = await synthesizeToWav(engine, o);
  if (o.output === '-') await writeStdout(wav);
  else {
    const untrack = trackTemp(tempPathFor(o.output));
    await atomicWriteFile(o.output, wav);
    untrack();
    const ms = performance.now() - t0;
    process.stderr.write(`Wrote ${o.output} (${seconds.toFixed(2)} s of audio in ${(ms / 1000).toFixed(2)} s, RTF ${(ms / 1000 / seconds).toFixed(3)})\n`);
  }
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('speak text into a 24 kHz 16-bit mono WAV file')
    .argument('[text]', 'the text to speak (or use -f)')
    .option('-f, --file <path>', 'read the text from a file, or - for stdin')
    .option('-v, --voice <voice>', 'voice name or blend, e.g. af_nicole or af_bella:0.6,af_nicole:0.4 (default af_heart)')
    .option('-s, --speed <n>', 'speaking speed, 0.5 to 2.0 (default 1)')
    .option('-m, --model <path>', 'Kokoro ONNX model file (default: models/model.onnx)')
    .option('--voices-dir <dir>', 'folder of voice packs NAME.bin (default: voices/)')
    .option('--threads <n>', 'ONNX Runtime intra-op threads (default: one per physical core)')
    .option('--inter-op <n>', 'ONNX Runtime inter-op threads (parallel execution mode)')
    .option('--phonemes', 'print the phonemes and exit')
    .option('--download', 'first fetch the default model and the voice if they are missing')
    .option('-o, --output <path>', 'output WAV file, or - for stdout', 'out.wav')
    .action(async (text: string | undefined, flags: SynthFlags, cmd: Command) => {
      const config = await configFor(cmd);
      if ((flags as { download?: boolean }).download) await downloadMissing(config, process.env, process.cwd());
      const o = await resolveSynthOptions(text, flags, config, isVerbose(cmd), process.cwd());
      await runSynth(o);
    });
}
