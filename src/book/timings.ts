import { buildCues } from '../captions/cues';
import { TIMINGS_SCHEMA_VERSION } from '../captions/files';
import { toSrt, toVtt } from '../captions/format';
import type { TimingTrack, WordTiming } from '../engine/timings';
import { SAMPLE_RATE } from '../spec';

/** A chapter's word timings, kept in the work folder beside its audio: times from the start of the chapter's file, its pause included. */
export interface ChapterTimings {
  readonly audioSeconds: number;
  /** What was spoken (the title, then the text): the words' character offsets point into it. */
  readonly text: string;
  readonly words: readonly WordTiming[];
}

/** The work folder's timings file of a chapter audio file: the same name, .json. */
export const timingsFileOf = (audioFile: string): string => audioFile.replace(/\.[a-z0-9]+$/, '.json');

/** A chapter's timings from its synthesis's track, moved by the silence spoken before it (the chapter pause). */
export function chapterTimings(track: TimingTrack, text: string, leadSamples: number): ChapterTimings {
  const lead = leadSamples / SAMPLE_RATE;
  return { audioSeconds: track.seconds + lead, text, words: track.words.map((w) => ({ ...w, start: w.start + lead, end: w.end + lead })) };
}

/** The files --timestamps writes for a chapter, by extension: word timings as JSON (synth's schema), SubRip and WebVTT captions. */
export function chapterTimingFiles(t: ChapterTimings): { ext: string; content: string }[] {
  const cues = buildCues(t.words, t.text, t.audioSeconds);
  const json = { schemaVersion: TIMINGS_SCHEMA_VERSION, sampleRate: SAMPLE_RATE, audioSeconds: t.audioSeconds, text: t.text, words: t.words };
  return [
    { ext: '.json', content: `${JSON.stringify(json, null, 1)}\n` },
    { ext: '.srt', content: toSrt(cues) },
    { ext: '.vtt', content: toVtt(cues) },
  ];
}
