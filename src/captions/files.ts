import { SAMPLE_RATE } from '../spec';
import type { TimingTrack } from '../engine/timings';
import { buildCues } from './cues';
import { toSrt, toVtt } from './format';

/** Which timing files a synthesis writes. */
export interface TimingWants {
  readonly json: boolean;
  /** Phoneme tokens with their times in the JSON too. */
  readonly phonemes: boolean;
  readonly srt: boolean;
  readonly vtt: boolean;
}

export const TIMINGS_SCHEMA_VERSION = 1;

export function anyTimings(w: TimingWants): boolean {
  return w.json || w.srt || w.vtt;
}

/** The timing files' contents (pure), by kind. */
export function timingFiles(track: TimingTrack, input: string, w: TimingWants): { kind: 'json' | 'srt' | 'vtt'; content: string }[] {
  const out: { kind: 'json' | 'srt' | 'vtt'; content: string }[] = [];
  if (w.json) {
    const body = { schemaVersion: TIMINGS_SCHEMA_VERSION, sampleRate: SAMPLE_RATE, audioSeconds: track.seconds, text: input, words: track.words, ...(w.phonemes ? { phonemes: track.phonemes } : {}) };
    out.push({ kind: 'json', content: `${JSON.stringify(body, null, 1)}\n` });
  }
  if (w.srt || w.vtt) {
    const cues = buildCues(track.words, input, track.seconds);
    if (w.srt) out.push({ kind: 'srt', content: toSrt(cues) });
    if (w.vtt) out.push({ kind: 'vtt', content: toVtt(cues) });
  }
  return out;
}
