import { Option, type Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { SAMPLE_RATE } from '../spec';
import type { AudioFormat } from '../audio/sink';
import { parseBatchLines, shardItems, type BatchItem, type Shard } from '../batch/lines';
import { speakLines, type LineResult } from '../batch/speak-lines';
import { EngineHost } from '../host/pool';
import { ExitCode, KokoroError, messageOf } from '../util/errors';
import type { ResolvedConfig } from '../config/resolve';
import { readInputText, trackTemp } from './io';
import { parseFormat, parseShard } from './parse';
import { hostSetups, pausesOf, resolveEngineSettings, type EngineSettings } from './engine-settings';
import { languageNote } from './lang';
import { checkInputText, inputKindOf } from './text-input';
import type { InputKind } from '../text/markup';
import { timingWantsOf, type TimingFlags } from './timing-output';
import { requireDurations } from '../engine';
import { anyTimings, type TimingWants } from '../captions/files';

export interface BatchFlags extends TimingFlags {
  splitLines?: boolean;
  outDir?: string;
  names?: boolean;
  file?: string;
  format: string;
  stream?: boolean;
  shard?: Shard;
  /** --lang, already a letter (parseLangFlag). */
  lang?: string;
  output: string;
  input?: string;
  ssml?: boolean;
}

export interface BatchOptions extends EngineSettings {
  readonly timings: TimingWants;
  /** This shard's lines (all of them without --shard). */
  readonly items: BatchItem[];
  /** Non-empty lines in the whole input (more than `items` with --shard). */
  readonly totalLines: number;
  readonly shard: Shard | undefined;
  readonly outDir: string;
  readonly format: AudioFormat;
  readonly jobs: number;
  readonly verbose: boolean;
  readonly input: InputKind;
}

export function registerBatchFlags(cmd: Command): void {
  cmd
    .addOption(new Option('--split-lines', 'batch: one output file per non-empty line of the text (use with --out-dir)').conflicts(['output', 'stream']))
    .option('--out-dir <dir>', 'batch: folder for the files (created if missing)')
    .option('--names', 'batch: each line is "text<TAB>name[<TAB>voice]"; the file is named from the second column, spoken by the third\'s voice if given')
    .option('--jobs <n>', 'batch: parallel sessions, each with its share of the threads (default 1)')
    .option('--shard <k/n>', 'batch: speak only the K-th of N shares of the lines (non-empty lines whose position modulo N is K-1), for N processes or machines', parseShard);
}

export async function resolveBatchOptions(text: string | undefined, f: BatchFlags, config: ResolvedConfig, verbose: boolean, cwd: string): Promise<BatchOptions> {
  if (!f.outDir) throw new KokoroError('usage', '--split-lines needs --out-dir DIR', 'kokoro-ts synth -f lines.txt --split-lines --out-dir out/');
  for (const [flag, v] of [['--timestamps', f.timestamps], ['--srt', f.srt], ['--vtt', f.vtt]] as const) {
    if (typeof v === 'string') throw new KokoroError('usage', `with --split-lines, ${flag} takes no file: each line gets its own beside its audio`, `kokoro-ts synth -f lines.txt --split-lines --out-dir out/ ${flag}`);
  }
  const timings = timingWantsOf(f);
  if (f.timestampsPhonemes && !timings.json) throw new KokoroError('usage', '--timestamps-phonemes goes with --timestamps');
  const engine = await resolveEngineSettings(config, cwd, f.lang);
  const all = parseBatchLines(await readInputText(text, f.file, cwd), f.names === true);
  const items = f.shard ? shardItems(all, f.shard) : all;
  const input = inputKindOf(f);
  // Every line's markup and voice is checked before any is spoken: a typo fails the run, not line 900.
  for (const item of all) {
    try {
      await checkInputText(item.text, input, engine.voicesDir, item.voice === undefined ? [] : [item.voice]);
    } catch (e) {
      if (e instanceof KokoroError) throw new KokoroError('usage', `line ${item.line}: ${e.message}`, e.hint);
      throw e;
    }
  }
  const outDir = resolve(cwd, f.outDir);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new KokoroError('output-dir', `cannot create output folder ${outDir}: ${messageOf(e)}`, undefined, ExitCode.Io);
  }
  return { ...engine, timings, items, totalLines: all.length, shard: f.shard, outDir, format: parseFormat(f.format), jobs: Math.max(1, Math.min(config.values.jobs, items.length)), verbose, input };
}

function describe(r: LineResult): string {
  return r.ok ? `line ${r.line}: ${r.path} (${(r.samples / SAMPLE_RATE).toFixed(2)} s of audio)` : `line ${r.line}: FAILED: ${r.message}`;
}

export async function runBatch(o: BatchOptions): Promise<void> {
  const t0 = performance.now();
  const share = o.shard ? ` (shard ${o.shard.index}/${o.shard.count} of ${o.totalLines} line(s))` : '';
  if (o.items.length === 0) {
    process.stderr.write(`Nothing to speak${share}: this shard has no lines\n`);
    return;
  }
  const setups = hostSetups(o, o.jobs, availableParallelism());
  const note = languageNote(o.voice, o.lang);
  if (note && o.verbose) process.stderr.write(`${note}\n`);
  process.stderr.write(`Speaking ${o.items.length} line(s)${share} with ${o.jobs} job(s), ${setups[0]!.engine.session.intraOpNumThreads} thread(s) each\n`);
  const host = await EngineHost.start(setups);
  let results: LineResult[];
  try {
    if (anyTimings(o.timings)) requireDurations(host.hasDurations, o.modelPath, 'word timings and captions');
    if (o.pauses.explicit && pausesOf(o)) requireDurations(host.hasDurations, o.modelPath, '--sentence-pause and --clause-pause');
    const lines = { ...o, pauses: host.hasDurations ? pausesOf(o) : undefined };
    results = await speakLines(o.items, host, lines, { onResult: (r) => process.stderr.write(`  ${describe(r)}\n`), onTemp: trackTemp });
  } finally {
    await host.close();
  }
  const wallMs = performance.now() - t0;
  const ok = results.filter((r) => r.ok);
  const bad = results.filter((r) => !r.ok);
  const seconds = ok.reduce((n, r) => n + (r.ok ? r.samples : 0), 0) / SAMPLE_RATE;
  process.stderr.write(`Wrote ${ok.length} file(s) to ${o.outDir}: ${seconds.toFixed(2)} s of audio in ${(wallMs / 1000).toFixed(2)} s (${(seconds / (wallMs / 1000)).toFixed(2)} audio s per s)\n`);
  if (bad.length) {
    throw new KokoroError('batch', `${bad.length} of ${o.items.length} line(s) failed: line ${bad.map((r) => r.line).join(', ')}`, 'nothing was written for those lines; see the messages above', ExitCode.Failure);
  }
}
