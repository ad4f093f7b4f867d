import { TimingTrack, type AudioChunk } from '../engine';
import { anyTimings, timingFiles, type TimingWants } from '../captions/files';
import { atomicWriteFile, lineFile, type LineFile } from '../util/fs';
import { KokoroError } from '../util/errors';
import { WriteQueue } from '../util/write-queue';
import { checkOutputPath, trackTemp, writeStdout } from './io';

/** --timestamps / --srt / --vtt: a file each (single synth), or `true` (batch: beside each line's audio). */
export interface TimingFlags {
  timestamps?: string | boolean;
  timestampsPhonemes?: boolean;
  srt?: string | boolean;
  vtt?: string | boolean;
}

export interface TimingPlan {
  readonly wants: TimingWants;
  /** Absolute paths ('-' = stdout) for a single synth; null in batch mode or when not asked. */
  readonly paths: { readonly json: string | null; readonly srt: string | null; readonly vtt: string | null };
}

export function timingWantsOf(f: TimingFlags): TimingWants {
  return { json: f.timestamps !== undefined && f.timestamps !== false, phonemes: f.timestampsPhonemes === true, srt: f.srt !== undefined && f.srt !== false, vtt: f.vtt !== undefined && f.vtt !== false };
}

/** Resolves the timing flags of a single synth: each needs a file; stdout only when the audio goes elsewhere. */
export async function resolveTimingPlan(f: TimingFlags, audioOutput: string, cwd: string): Promise<TimingPlan> {
  const wants = timingWantsOf(f);
  if (f.timestampsPhonemes && !wants.json) throw new KokoroError('usage', '--timestamps-phonemes goes with --timestamps FILE');
  const pathOf = async (flag: string, v: string | boolean | undefined): Promise<string | null> => {
    if (v === undefined || v === false) return null;
    if (v === true) throw new KokoroError('usage', `${flag} needs a file name`, `e.g. ${flag} out.${flag === '--timestamps' ? 'json' : flag.slice(2)} (without a file only with --split-lines: one beside each line's audio)`);
    if (v === '-' && audioOutput === '-') throw new KokoroError('usage', `${flag} - and -o - would both write to stdout`, 'send one of them to a file');
    return checkOutputPath(v, cwd);
  };
  return { wants, paths: { json: await pathOf('--timestamps', f.timestamps), srt: await pathOf('--srt', f.srt), vtt: await pathOf('--vtt', f.vtt) } };
}

/**
 * Collects a single synthesis's timings; with `stream`, the JSON file gets one JSON line per chunk as
 * soon as the chunk is done. Files are written whole at the end (or dropped on failure).
 */
export class TimingOutput {
  private readonly track: TimingTrack;
  private lines: LineFile | null = null;
  /** Lines to stdout go in order; a failed one (the reader went away) stops the run at the next chunk. */
  private readonly stdoutLines = new WriteQueue();

  private constructor(private readonly plan: TimingPlan, private readonly input: string, private readonly stream: boolean) {
    this.track = new TimingTrack(input);
  }

  static async open(plan: TimingPlan, input: string, stream: boolean): Promise<TimingOutput | null> {
    if (!anyTimings(plan.wants)) return null;
    const out = new TimingOutput(plan, input, stream);
    const json = plan.paths.json;
    if (stream && json !== null && json !== '-') out.lines = await lineFile(json, trackTemp);
    return out;
  }

  add(c: AudioChunk): void {
    const { words, phonemes } = this.track.add(c);
    if (!this.stream || this.plan.paths.json === null) return;
    const line = `${JSON.stringify({ chunk: c.index, last: c.last, words, ...(this.plan.wants.phonemes ? { phonemes } : {}) })}\n`;
    if (this.lines) this.lines.append(line);
    else {
      this.stdoutLines.check();
      this.stdoutLines.push(() => writeStdout(line));
    }
  }

  async finish(): Promise<void> {
    await this.stdoutLines.drain();
    if (this.lines) await this.lines.finish();
    const files = timingFiles(this.track, this.input, this.stream ? { ...this.plan.wants, json: false } : this.plan.wants);
    for (const f of files) {
      const path = this.plan.paths[f.kind]!;
      if (path === '-') await writeStdout(f.content);
      else await atomicWriteFile(path, f.content);
    }
  }

  async abort(): Promise<void> {
    await this.lines?.abort();
  }
}
