/** Where sound begins and ends in a stretch of audio, by energy (pure). */

/** Energy is judged in frames of 10 ms at 24 kHz. */
export const ENERGY_FRAME_SAMPLES = 240;

/**
 * A frame whose RMS reaches this is sound (-46 dBFS). Kokoro's silences (pads, the gap after a
 * full stop) sit well below it (about 0.001-0.003 RMS on the real model), its quietest consonants
 * above it.
 */
export const SOUND_RMS = 0.005;

/** Kept beyond the first/last frame of sound, so a fade at the cut falls on near-silence: 5 ms. */
export const SOUND_MARGIN_SAMPLES = 120;

function frameRms(samples: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += samples[i]! * samples[i]!;
  return to > from ? Math.sqrt(s / (to - from)) : 0;
}

/**
 * The end of the last sound in samples[from, to): the end of the last 10 ms frame (counted back
 * from `to`) whose RMS reaches SOUND_RMS, plus the margin, capped at `to`; `from` when there is none.
 */
export function lastSoundEnd(samples: Float32Array, from = 0, to = samples.length): number {
  for (let e = to; e > from; e -= ENERGY_FRAME_SAMPLES) {
    const s = Math.max(from, e - ENERGY_FRAME_SAMPLES);
    if (frameRms(samples, s, e) >= SOUND_RMS) return Math.min(to, e + SOUND_MARGIN_SAMPLES);
  }
  return from;
}

/**
 * The start of the first sound in samples[from, to): the start of the first 10 ms frame (counted
 * from `from`) whose RMS reaches SOUND_RMS, less the margin, not before `from`; `to` when there is none.
 */
export function firstSoundStart(samples: Float32Array, from = 0, to = samples.length): number {
  for (let s = from; s < to; s += ENERGY_FRAME_SAMPLES) {
    const e = Math.min(to, s + ENERGY_FRAME_SAMPLES);
    if (frameRms(samples, s, e) >= SOUND_RMS) return Math.max(from, s - SOUND_MARGIN_SAMPLES);
  }
  return to;
}
