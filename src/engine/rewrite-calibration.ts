import { PAD_ID, STYLE_DIM } from '../spec';
import { tokenize } from '../text/vocab';
import { median } from '../util/quantile';
import { NO_REWRITES, sameChoice, unionOf, type RewriteChoice } from './graph-rewrites';
import styleJson from './calibration-style.json';

/**
 * The quick calibration behind the `auto` rewrites setting: on a copy's first save, the model with no
 * rewrite and with each rewrite alone are loaded side by side and timed on the same fixed inputs
 * (bare calls, interleaved round by round, order rotating), and a rewrite is kept only if it is
 * faster by a margin on every input length. A rewrite that loses on this CPU is never applied, by
 * construction; the measurements are recorded with the copy.
 */

/** A rewrite must take at most this share of the time without it, on every input, to be kept (noise margin). */
export const KEEP_RATIO = 0.97;
/**
 * A rewrite that changes fewer ops is not measured (nor applied by auto): it cannot move a whole call
 * by the margin, and each candidate costs the first load seconds (the int8 file has one float Conv).
 */
export const MIN_REWRITTEN_OPS = 4;
/** Measured rounds after one warm-up round. */
export const CALIBRATION_ROUNDS = 3;

/** Phonemes of ordinary English speech (misaki's symbols), cut to the calibration lengths. */
const SPEECH =
  'ðə nˈɔɹθ wˈɪnd ænd ðə sˈʌn wɜɹ dɪspjˈuTɪŋ wˌɪʧ wʌz ðə stɹˈɔŋɡəɹ, wˌɛn ə tɹˈævələɹ kˈAm əlˈɔŋ ɹˈæpt ɪn ə wˈɔɹm klˈOk. ' +
  'ðA əɡɹˈid ðæt ðə wˈʌn hu fˈɜɹst səksˈidᵊd ɪn mˈAkɪŋ ðə tɹˈævələɹ tˈAk hɪz klˈOk ˈɔf ʃʊd bi kənsˈɪdəɹd stɹˈɔŋɡəɹ ðɐn ðɪ ˈʌðəɹ. ';

/**
 * Token counts of the calibration inputs: a short call, and one long enough (about 6 s of audio,
 * ~30,000 frames in the last decoder stage) for the tiles to matter; longer ones would make the
 * first load slower still.
 */
export const CALIBRATION_LENGTHS: readonly number[] = [24, 80];

/** The padded ids of a calibration input of `n` tokens (pure, fixed). */
export function calibrationIds(n: number): number[] {
  const ids = tokenize(SPEECH.repeat(Math.ceil(n / 100) + 1)).ids.slice(0, n);
  return [PAD_ID, ...ids, PAD_ID];
}

/**
 * The style row of the calibration: af_heart's row for 50 tokens, rounded (calibration-style.json).
 * What matters is that the predicted durations, and so the audio frames the decoder makes, are those
 * of ordinary speech: a made-up vector gave speech several times slower, and calls several times longer.
 */
export function calibrationStyle(): Float32Array {
  const s = Float32Array.from(styleJson as number[]);
  if (s.length !== STYLE_DIM) throw new Error(`calibration style has ${s.length} values, not ${STYLE_DIM}`);
  return s;
}

export interface Candidate {
  readonly choice: RewriteChoice;
  /** One bare model call on padded ids. */
  readonly run: (ids: readonly number[]) => Promise<void>;
}

export interface CandidateTiming {
  readonly choice: RewriteChoice;
  /** Median ms per calibration length (CALIBRATION_LENGTHS order). */
  readonly medianMs: readonly number[];
}

/** Times each candidate on each input, interleaved: one warm-up round, then `rounds` rounds, the order rotating. */
export async function timeCandidates(candidates: readonly Candidate[], inputs: readonly (readonly number[])[], rounds = CALIBRATION_ROUNDS, clock: () => number = () => performance.now()): Promise<CandidateTiming[]> {
  const samples = candidates.map(() => inputs.map(() => [] as number[]));
  for (let r = -1; r < rounds; r++) {
    for (let k = 0; k < candidates.length; k++) {
      const c = (k + Math.max(r, 0)) % candidates.length;
      for (let i = 0; i < inputs.length; i++) {
        const t0 = clock();
        await candidates[c]!.run(inputs[i]!);
        if (r >= 0) samples[c]![i]!.push(clock() - t0);
      }
    }
  }
  return candidates.map((c, k) => ({ choice: c.choice, medianMs: samples[k]!.map((s) => median(s)) }));
}

/**
 * The choice from the timings: each single rewrite that takes at most KEEP_RATIO of the time of no
 * rewrite on every input is kept; the kept ones are applied together (they change disjoint ops).
 * No timing of no rewrite: none.
 */
export function chooseRewrites(timings: readonly CandidateTiming[]): RewriteChoice {
  const base = timings.find((t) => sameChoice(t.choice, NO_REWRITES));
  if (!base) return NO_REWRITES;
  let chosen = NO_REWRITES;
  for (const t of timings) {
    if (t === base) continue;
    const wins = t.medianMs.every((ms, i) => ms <= KEEP_RATIO * base.medianMs[i]!);
    if (wins) chosen = unionOf(chosen, t.choice);
  }
  return chosen;
}
