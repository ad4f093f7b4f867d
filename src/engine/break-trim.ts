import { shapeJoin } from '../audio/pcm';
import { firstSoundStart, lastSoundEnd } from '../audio/trim';
import { ONSET_LEAD_SAMPLES, soundingTokens } from './timings';

/** How far past a token's frames its sound may ring on, and how early before them it may start (the onset lead and more): 100 ms. */
const SOUND_SLACK_SAMPLES = 2400;

/**
 * The chunk with the model's silence cut off at the side(s) where an inline break is: before the
 * first sound after a break and after the last sound before one. With durations, the cut is sought
 * near the first/last sounding token's frames (not punctuation or pads), and placed there by the
 * signal's energy (lastSoundEnd/firstSoundStart), since sound runs a little ahead of and past its
 * frames; without durations, by the energy of the whole chunk. Token starts move with the cut.
 */
export function trimAtBreaks(samples: Float32Array, starts: Int32Array | null, phonemes: string, head: boolean, tail: boolean): { samples: Float32Array; starts: Int32Array | null } {
  if (!head && !tail) return { samples, starts };
  const n = samples.length;
  const sounding = soundingTokens(phonemes);
  let from = 0;
  let to = n;
  if (starts && sounding) {
    // ids are tokens shifted by the start pad: token t is id t + 1, spanning starts[t + 1]..starts[t + 2].
    const first = starts[sounding.first + 1]!;
    const lastFrom = starts[sounding.last + 1]!;
    const lastTo = starts[sounding.last + 2]!;
    if (head) {
      const lo = Math.max(0, first - SOUND_SLACK_SAMPLES);
      const hi = Math.max(lo, starts[sounding.first + 2]!);
      from = firstSoundStart(samples, lo, hi);
      if (from >= hi) from = Math.max(0, first - ONSET_LEAD_SAMPLES);
    }
    if (tail) {
      const hi = Math.min(n, lastTo + SOUND_SLACK_SAMPLES);
      to = lastSoundEnd(samples, lastFrom, hi);
      if (to <= lastFrom) to = lastTo;
    }
  } else {
    if (head) from = firstSoundStart(samples, 0, n);
    if (tail) to = lastSoundEnd(samples, from, n);
  }
  if (to <= from) return { samples, starts };
  const kept = shapeJoin(samples.subarray(from, to), head && from > 0, tail && to < n);
  return { samples: kept, starts: starts ? starts.map((s) => Math.min(to - from, Math.max(0, s - from))) : null };
}
