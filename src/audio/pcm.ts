/** Float audio in [-1, 1] to 16-bit PCM; chunk joins; the soft limiter (pure). */

/** Clips to [-1, 1] (NaN becomes 0) and scales to int16; never wraps around. */
export function floatToInt16(samples: Float32Array, out: Int16Array = new Int16Array(samples.length)): Int16Array {
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const v = (s > 1 ? 1 : s < -1 ? -1 : s === s ? s : 0) * 32767;
    out[i] = v < 0 ? (v - 0.5) | 0 : (v + 0.5) | 0; // round half away from zero: symmetric
  }
  return out;
}

/** Length of the raised-cosine ramps applied where two chunks meet: 5 ms at 24 kHz. */
export const JOIN_FADE_SAMPLES = 120;

/**
 * Shapes the edges of one chunk that meets others, in place: a fade-in at its start when something
 * precedes it, a fade-out at its end when something follows. A chunk's first and last samples need
 * not be zero, and butting two such chunks together gives an audible click; the ramps take the join
 * to silence on both sides. The overall start and end of the audio are left untouched.
 */
export function shapeJoin(samples: Float32Array, hasPrevious: boolean, hasNext: boolean, fade = JOIN_FADE_SAMPLES): Float32Array {
  const n = Math.min(fade, Math.floor(samples.length / 2));
  for (let i = 0; i < n; i++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * i) / n);
    if (hasPrevious) samples[i]! *= g;
    if (hasNext) samples[samples.length - 1 - i]! *= g;
  }
  return samples;
}

/** Where softLimit starts to bend: samples below it are left exactly as they are. */
export const LIMIT_KNEE = 0.9;

/**
 * A soft limiter, in place: |x| up to the knee is untouched; above it the excess is squeezed by
 * tanh so the output approaches but never reaches full scale, with no corner at the knee (slope 1
 * on both sides). Kokoro's output now and then peaks past 1.0 (1.03 seen on a 1k-character text in
 * af_nicole); converting that to int16 would flatten the top of the wave (hard clipping). NaN is
 * left for the int16 conversion to zero.
 */
export function softLimit(samples: Float32Array, knee: number = LIMIT_KNEE): Float32Array {
  const room = 1 - knee;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const a = s < 0 ? -s : s;
    if (a <= knee) continue;
    const y = knee + room * Math.tanh((a - knee) / room);
    samples[i] = s < 0 ? -y : y;
  }
  return samples;
}

/** Silence to put into a chunk: `length` samples before sample `at` (0..samples.length). */
export interface SilenceInsert {
  readonly at: number;
  readonly length: number;
}

/**
 * A copy of `samples` with exact silence inserted (pure; inserts sorted by `at`). The audio on each
 * side of an insert gets the join ramps, so a cut that is not at a zero crossing does not click.
 */
export function spliceSilence(samples: Float32Array, inserts: readonly SilenceInsert[]): Float32Array {
  const total = inserts.reduce((n, i) => n + i.length, 0);
  if (total === 0) return samples;
  const out = new Float32Array(samples.length + total);
  let from = 0;
  let to = 0;
  for (const ins of inserts) {
    const piece = samples.slice(from, ins.at);
    shapeJoin(piece, from > 0, true);
    out.set(piece, to);
    to += piece.length + ins.length;
    from = ins.at;
  }
  const rest = samples.slice(from);
  shapeJoin(rest, from > 0, false);
  out.set(rest, to);
  return out;
}
