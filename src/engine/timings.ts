import { SAMPLE_RATE, SAMPLES_PER_FRAME } from '../spec';
import { ExitCode, KokoroError } from '../util/errors';
import type { SilenceInsert } from '../audio/pcm';
import type { TokenSpan } from '../text/frontend';

/**
 * Where each token of a model call starts in its audio, from the model's durations (pure):
 * starts[k] is the first sample of id k (pads included), starts[ids.length] the end of the last pad.
 * Kokoro's audio is sum(durations) x 600 samples; if a model's is not, the boundaries are scaled to
 * its length so they stay inside the audio.
 */
export function tokenStarts(durations: Int32Array, samples: number): Int32Array {
  const frames = durations.reduce((n, d) => n + Math.max(0, d), 0);
  const scale = frames > 0 && frames * SAMPLES_PER_FRAME !== samples ? samples / (frames * SAMPLES_PER_FRAME) : 1;
  const starts = new Int32Array(durations.length + 1);
  let at = 0;
  for (let k = 0; k < durations.length; k++) {
    starts[k] = Math.round(at * SAMPLES_PER_FRAME * scale);
    at += Math.max(0, durations[k]!);
  }
  starts[durations.length] = Math.min(samples, Math.round(at * SAMPLES_PER_FRAME * scale));
  return starts;
}

export interface PauseTargets {
  /** Silence wanted after sentence punctuation (. ! ? …), seconds; 0 = leave the model's own gap. */
  readonly sentenceS: number;
  /** Silence wanted after clause punctuation (, ; : —), seconds. */
  readonly clauseS: number;
}

const SENTENCE_END = new Set(['.', '!', '?', '…']);
const CLAUSE_END = new Set([',', ';', ':', '—']);
const CLOSERS = new Set(['"', '”', ')']);

/**
 * Where to top up the gap after sentence and clause punctuation (pure). The gap the model leaves is
 * the time of the punctuation run (with closing quotes/brackets) and the space or end pad after it;
 * only what the target exceeds it by is inserted, after that run, so a pause is never doubled.
 */
export function pauseInserts(phonemes: string, starts: Int32Array, targets: PauseTargets): SilenceInsert[] {
  const sym = [...phonemes];
  const out: SilenceInsert[] = [];
  for (let t = 0; t < sym.length; t++) {
    const kind = SENTENCE_END.has(sym[t]!) ? targets.sentenceS : CLAUSE_END.has(sym[t]!) ? targets.clauseS : 0;
    if (kind <= 0) continue;
    let end = t; // the run: more punctuation of either kind, closers
    while (end + 1 < sym.length && (SENTENCE_END.has(sym[end + 1]!) || CLAUSE_END.has(sym[end + 1]!) || CLOSERS.has(sym[end + 1]!))) end++;
    const target = Math.max(kind, ...sym.slice(t, end + 1).map((c) => (SENTENCE_END.has(c) ? targets.sentenceS : CLAUSE_END.has(c) ? targets.clauseS : 0)));
    // ids are tokens shifted by the start pad: token t is id t + 1.
    const gapFrom = starts[t + 1]!;
    const afterRun = end + 2; // the id after the run: a space, or the end pad
    const gapTo = starts[Math.min(afterRun + 1, starts.length - 1)]!;
    const want = Math.round(target * SAMPLE_RATE) - (gapTo - gapFrom);
    if (want > 0) out.push({ at: starts[afterRun]!, length: want });
    t = end;
  }
  return out;
}

/** The first and last token that is a speech sound (a letter or mark: not punctuation or a space); null if none. */
export function soundingTokens(phonemes: string): { first: number; last: number } | null {
  const sym = [...phonemes];
  const isSound = (c: string): boolean => /[\p{L}\p{M}]/u.test(c);
  const first = sym.findIndex(isSound);
  if (first < 0) return null;
  let last = sym.length - 1;
  while (!isSound(sym[last]!)) last--;
  return { first, last };
}

/** Token starts after silence was inserted (pure): every boundary at or after an insert moves by its length. */
export function shiftStarts(starts: Int32Array, inserts: readonly SilenceInsert[]): Int32Array {
  if (inserts.length === 0) return starts;
  return starts.map((s) => s + inserts.filter((i) => i.at <= s).reduce((n, i) => n + i.length, 0));
}

export interface WordTiming {
  /** The word as written in the input (a merged group, or "$5.50", is one entry). */
  readonly text: string;
  /** Seconds from the start of the audio. */
  readonly start: number;
  readonly end: number;
  /** UTF-16 offsets of the word in the input. */
  readonly charStart: number;
  readonly charEnd: number;
  /** The voice (name or blend) that says it (speaker tags and SSML voice switch it). */
  readonly voice?: string;
}

export interface PhonemeTiming {
  readonly phoneme: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Sound runs ahead of the frames the durations align it to: the decoder's convolutions start a
 * token's sound a little before its frames. Kokoro's own pipeline starts its timestamps 3 frames
 * early (pred_dur[0] - 3 for the first token, the rest counted from there). Measured on the real
 * model against speech onsets after silences (test-real/timings.test.ts, 57 words): with the 3-frame
 * lead our starts are a median 25 ms early, |Δ| p90 52 ms (raw frame boundaries were late by about
 * 50 ms). Times are moved 3 frames earlier, never before their chunk.
 */
export const ONSET_LEAD_SAMPLES = 3 * SAMPLES_PER_FRAME;

/** A token boundary in a chunk -> seconds in the whole audio. */
function secondsAt(offsetSamples: number, boundary: number): number {
  return (offsetSamples + Math.max(0, boundary - ONSET_LEAD_SAMPLES)) / SAMPLE_RATE;
}

/**
 * The words one chunk speaks, with times (pure): every token run whose span of the input holds a
 * letter or digit is a word (punctuation and joining spaces are not); its time is from its first
 * token's start to its last token's end (less the onset lead), plus the chunk's offset in the audio.
 */
export function wordTimings(spans: readonly TokenSpan[], starts: Int32Array, input: string, offsetSamples: number): WordTiming[] {
  const out: WordTiming[] = [];
  for (const s of spans) {
    const [a, b] = s.text;
    if (b <= a) continue;
    const text = input.slice(a, b);
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const start = secondsAt(offsetSamples, starts[s.tokens[0] + 1]!);
    const end = secondsAt(offsetSamples, starts[s.tokens[1] + 1]!);
    const prev = out[out.length - 1];
    if (prev && prev.charStart === a && prev.charEnd === b) out[out.length - 1] = { ...prev, end };
    else out.push({ text, start, end, charStart: a, charEnd: b });
  }
  return out;
}

/** Each phoneme token with its time (pure). */
export function phonemeTimings(phonemes: string, starts: Int32Array, offsetSamples: number): PhonemeTiming[] {
  return [...phonemes].map((phoneme, t) => ({ phoneme, start: secondsAt(offsetSamples, starts[t + 1]!), end: secondsAt(offsetSamples, starts[t + 2]!) }));
}

/** What a chunk contributes to a timing track. */
export interface TimedChunk {
  readonly phonemes: string;
  readonly spans: readonly TokenSpan[];
  readonly tokenStarts: Int32Array | null;
  readonly samples: Float32Array;
  readonly voice?: string;
}

/**
 * Word (and phoneme) timings of a whole synthesis, chunk by chunk in order: each chunk's times are
 * offset by the audio before it (pauses included), and a word cut across two chunks is one entry.
 */
export class TimingTrack {
  private offset = 0;
  readonly words: WordTiming[] = [];
  readonly phonemes: PhonemeTiming[] = [];

  constructor(private readonly input: string) {}

  /** Seconds of audio so far. */
  get seconds(): number {
    return this.offset / SAMPLE_RATE;
  }

  /** Adds the next chunk; returns its words and phonemes. The chunk must carry token starts (a model with durations). */
  add(c: TimedChunk): { words: WordTiming[]; phonemes: PhonemeTiming[] } {
    if (!c.tokenStarts) throw new Error('internal: a timed chunk needs token starts (durations)');
    const words = wordTimings(c.spans, c.tokenStarts, this.input, this.offset).map((w) => (c.voice === undefined ? w : { ...w, voice: c.voice }));
    const phonemes = phonemeTimings(c.phonemes, c.tokenStarts, this.offset);
    const prev = this.words[this.words.length - 1];
    const first = words[0];
    if (prev && first && prev.charStart === first.charStart && prev.charEnd === first.charEnd) {
      this.words[this.words.length - 1] = { ...prev, end: first.end };
      words.shift();
    }
    this.words.push(...words);
    this.phonemes.push(...phonemes);
    this.offset += c.samples.length;
    return { words, phonemes };
  }
}

/** Timings and pauses are placed with the model's durations: a clear error when the model has none. */
export function requireDurations(has: boolean, modelPath: string, what: string): void {
  if (has) return;
  throw new KokoroError(
    'model-contract',
    `${what} need the model's durations, and ${modelPath} does not export them`,
    `add them (same audio, one more output): kokoro-ts models add-durations ${modelPath} [OUT]`,
    ExitCode.Model,
  );
}
