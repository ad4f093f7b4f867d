import { join } from 'node:path';
import { speak, TimingTrack, type PauseTargets, type SynthesisRequest } from '../engine';
import { anyTimings, timingFiles, type TimingWants } from '../captions/files';
import { fileSink, type AudioFormat } from '../audio/sink';
import type { EngineHost } from '../host/pool';
import { atomicWriteFile } from '../util/fs';
import { messageOf } from '../util/errors';
import type { BatchItem } from './lines';
import type { InputKind } from '../text/markup';

export type LineResult =
  | { readonly line: number; readonly ok: true; readonly path: string; readonly samples: number; readonly wallMs: number }
  | { readonly line: number; readonly ok: false; readonly message: string };

export interface LinesOptions {
  readonly voice: string;
  readonly speed: number;
  /** The text's language (letter or tag); undefined: the voice's own. */
  readonly lang?: string;
  readonly outDir: string;
  readonly format: AudioFormat;
  readonly pauses?: PauseTargets;
  /** Timing and caption files to write beside each line's audio (NAME.json, NAME.srt, NAME.vtt). */
  readonly timings?: TimingWants;
  /** The lines' syntax (text with markup, SSML, phonemes); default text. */
  readonly input?: InputKind;
}

export interface LinesHooks {
  readonly onResult?: (r: LineResult) => void;
  /** A temp file being written (to remove if the process is interrupted); returns "it is gone". */
  readonly onTemp?: (path: string) => () => void;
}

/**
 * Speaks `items` on the engine host, one file per line (temp file, renamed when complete), as many
 * lines at once as the host has workers; each line goes to whichever worker is free, so a long line
 * does not hold up a whole share. A failed line (including a worker that died under it) is reported
 * with nothing written for it, and the rest go on. Results come back in line order.
 */
export async function speakLines(items: readonly BatchItem[], host: EngineHost, o: LinesOptions, hooks: LinesHooks = {}): Promise<LineResult[]> {
  const queue = [...items];
  const results: LineResult[] = [];
  const one = async (item: BatchItem): Promise<LineResult> => {
    const target = join(o.outDir, `${item.name}.${o.format}`);
    const t0 = performance.now();
    try {
      const req: SynthesisRequest = { text: item.text, voice: item.voice ?? o.voice, lang: o.lang, speed: o.speed, pauses: o.pauses, input: o.input };
      const track = o.timings && anyTimings(o.timings) ? new TimingTrack(item.text) : null;
      const r = await speak(host.synthesize(req), await fileSink(target, o.format, hooks.onTemp), { onChunk: (c) => track?.add(c) });
      if (track) {
        for (const f of timingFiles(track, item.text, o.timings!)) await atomicWriteFile(join(o.outDir, `${item.name}.${f.kind}`), f.content);
      }
      return { line: item.line, ok: true, path: target, samples: r.samples, wallMs: performance.now() - t0 };
    } catch (e) {
      return { line: item.line, ok: false, message: messageOf(e) };
    }
  };
  const lane = async (): Promise<void> => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const r = await one(item);
      results.push(r);
      hooks.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, host.size) }, lane));
  return results.sort((a, b) => a.line - b.line);
}
