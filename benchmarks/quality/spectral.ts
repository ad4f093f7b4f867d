/**
 * Spectral distances between two renderings of the same speech, for the quality yardstick
 * (benchmarks/quality.ts): log-mel spectra, the log-mel distance in dB and the mel-cepstral
 * distortion, over frames paired by dynamic time warping: a variant whose predicted durations moved
 * by a frame here and there is out of step with the reference from then on, even when the total
 * length comes out the same, and pairing frames one to one would count that drift as distortion.
 *
 * Kokoro's decoder has a noise source, and whether two runs of one file give the same samples
 * depends on the runtime; the yardstick measures the reference against its own second run and
 * reports that floor beside each variant rather than assuming it is zero.
 */

export interface MelSettings {
  readonly sampleRate: number;
  /** FFT size (a power of two) and window length. */
  readonly fftSize: number;
  readonly hop: number;
  readonly bands: number;
  readonly minHz: number;
  readonly maxHz: number;
  /** Levels more than this many dB below the loudest band of the clip count as this floor, so silences compare equal. */
  readonly floorDb: number;
}

export const KOKORO_MEL: MelSettings = { sampleRate: 24000, fftSize: 1024, hop: 256, bands: 80, minHz: 0, maxHz: 12000, floorDb: 80 };

/** In-place radix-2 FFT of (re, im), length a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let start = 0; start < n; start += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = start + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1);

/** Triangular filters on the mel scale, each a row over the FFT's non-negative bins. */
function melFilters(s: MelSettings): Float64Array[] {
  const bins = s.fftSize / 2 + 1;
  const lo = hzToMel(s.minHz);
  const hi = hzToMel(s.maxHz);
  const edges = Array.from({ length: s.bands + 2 }, (_, i) => (melToHz(lo + ((hi - lo) * i) / (s.bands + 1)) * s.fftSize) / s.sampleRate);
  return Array.from({ length: s.bands }, (_, b) => {
    const row = new Float64Array(bins);
    const [left, centre, right] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    for (let k = 0; k < bins; k++) {
      if (k > left && k < right) row[k] = k <= centre ? (k - left) / (centre - left) : (right - k) / (right - centre);
    }
    return row;
  });
}

/** The clip's log-mel spectrogram in dB, one Float64Array of `bands` per frame (Hann window, floored `floorDb` below its peak). */
export function logMel(samples: Float32Array, s: MelSettings = KOKORO_MEL): Float64Array[] {
  const filters = melFilters(s);
  const window = Float64Array.from({ length: s.fftSize }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / s.fftSize));
  const frames: Float64Array[] = [];
  const re = new Float64Array(s.fftSize);
  const im = new Float64Array(s.fftSize);
  for (let start = 0; start + s.fftSize <= Math.max(samples.length, s.fftSize); start += s.hop) {
    for (let i = 0; i < s.fftSize; i++) {
      re[i] = (samples[start + i] ?? 0) * window[i]!;
      im[i] = 0;
    }
    fft(re, im);
    const frame = new Float64Array(s.bands);
    for (let b = 0; b < s.bands; b++) {
      const f = filters[b]!;
      let e = 0;
      for (let k = 0; k < f.length; k++) if (f[k]) e += f[k]! * (re[k]! * re[k]! + im[k]! * im[k]!);
      frame[b] = 10 * Math.log10(Math.max(e, 1e-20));
    }
    frames.push(frame);
  }
  let peak = -Infinity;
  for (const f of frames) for (const v of f) peak = Math.max(peak, v);
  for (const f of frames) for (let b = 0; b < f.length; b++) f[b] = Math.max(f[b]!, peak - s.floorDb);
  return frames;
}

const rmsDiff = (a: Float64Array, b: Float64Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum / a.length);
};

/**
 * Frame pairs of `a` and `b`: the cheapest monotonic path (dynamic time warping on the RMS log-mel
 * difference, within a band around the diagonal: the length difference plus a tenth of the clip).
 * `warped` says whether the path left the diagonal. With `warp` false, frames pair one to one over
 * the shorter clip.
 */
export function alignFrames(a: readonly Float64Array[], b: readonly Float64Array[], warp = true): { pairs: [number, number][]; warped: boolean } {
  if (!warp) return { pairs: Array.from({ length: Math.min(a.length, b.length) }, (_, i): [number, number] => [i, i]), warped: false };
  const n = a.length;
  const m = b.length;
  const band = Math.abs(n - m) + Math.ceil(0.1 * Math.max(n, m)) + 2;
  const cost = new Float64Array((n + 1) * (m + 1)).fill(Infinity);
  const at = (i: number, j: number): number => i * (m + 1) + j;
  cost[at(0, 0)] = 0;
  for (let i = 1; i <= n; i++) {
    const centre = Math.round((i * m) / n);
    for (let j = Math.max(1, centre - band); j <= Math.min(m, centre + band); j++) {
      const best = Math.min(cost[at(i - 1, j - 1)]!, cost[at(i - 1, j)]!, cost[at(i, j - 1)]!);
      cost[at(i, j)] = best + rmsDiff(a[i - 1]!, b[j - 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    pairs.push([i - 1, j - 1]);
    const diag = cost[at(i - 1, j - 1)]!;
    const up = cost[at(i - 1, j)]!;
    const left = cost[at(i, j - 1)]!;
    if (diag <= up && diag <= left) {
      i--;
      j--;
    } else if (up <= left) i--;
    else j--;
  }
  return { pairs: pairs.reverse(), warped: n !== m || pairs.some(([x, y]) => x !== y) };
}

/** Orthonormal DCT-II of one frame, coefficients 1..count (c0, the loudness, is left out as MCD does). */
function cepstrum(frame: Float64Array, count: number): Float64Array {
  const n = frame.length;
  const out = new Float64Array(count);
  for (let k = 1; k <= count; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += frame[i]! * Math.cos((Math.PI * k * (i + 0.5)) / n);
    out[k - 1] = sum * Math.sqrt(2 / n);
  }
  return out;
}

export interface SpectralDistance {
  /** Mean over the paired frames of the RMS difference of their log-mel spectra, in dB. */
  readonly logMelDb: number;
  /** Mel-cepstral distortion in dB (13 coefficients of the log-mel's DCT, c0 left out), mean over the paired frames. */
  readonly mcdDb: number;
  readonly frames: number;
  /** Whether the frame pairing left the diagonal (the variant's timing moved against the reference's). */
  readonly warped: boolean;
}

const DB_TO_NEPER = Math.LN10 / 20;

/** How far `candidate` sounds from `reference`, by their log-mel spectra (`warp` false: frames one to one). */
export function spectralDistance(reference: Float32Array, candidate: Float32Array, s: MelSettings = KOKORO_MEL, warp = true): SpectralDistance {
  const a = logMel(reference, s);
  const b = logMel(candidate, s);
  const { pairs, warped } = alignFrames(a, b, warp);
  let mel = 0;
  let mcd = 0;
  for (const [i, j] of pairs) {
    mel += rmsDiff(a[i]!, b[j]!);
    // Cepstra of the log amplitude in nepers, as the MCD formula expects.
    const ca = cepstrum(a[i]!.map((v) => v * DB_TO_NEPER), 13);
    const cb = cepstrum(b[j]!.map((v) => v * DB_TO_NEPER), 13);
    let sq = 0;
    for (let k = 0; k < ca.length; k++) sq += (ca[k]! - cb[k]!) ** 2;
    mcd += (10 / Math.LN10) * Math.sqrt(2 * sq);
  }
  return { logMelDb: mel / pairs.length, mcdDb: mcd / pairs.length, frames: pairs.length, warped };
}
