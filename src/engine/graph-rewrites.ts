import type { onnx } from 'onnx-proto';
import { convsTo2d } from './conv2d';
import { TILE_FRAMES, tileConvIntegers } from './tile-convs';

/**
 * The graph rewrites the optimized-model cache may apply before onnxruntime optimizes a model (and
 * `npm run conv2d` writes to a file): float 1-D convolutions as 2-D ones (conv2d.ts) and integer ones
 * in tiles along time (tile-convs.ts). Both compute the same audio. Whether they are faster depends
 * on the CPU: measured faster on one server CPU and up to 1.4x slower on another with the same
 * library (benchmarks/README.md, "Graph rewrites per CPU"), so which ones a copy holds is a choice:
 * a setting, swept by `tune`, and by default measured on the machine at first load
 * (rewrite-calibration.ts).
 */
export interface RewriteChoice {
  /** 1-D float convolutions as 2-D ones. */
  readonly conv2d: boolean;
  /** Integer convolutions in tiles of this many output frames; null = not tiled. */
  readonly tileFrames: number | null;
}

/** `auto`: the choice measured on this machine (cached with the copy); otherwise a fixed choice. */
export type RewriteSetting = 'auto' | RewriteChoice;

export const NO_REWRITES: RewriteChoice = { conv2d: false, tileFrames: null };
/** The tile lengths a setting may name: shorter tiles cost more shape ops than they save. */
export const TILE_FRAMES_RANGE = { min: 64, max: 65536 } as const;

/** The rewrites one at a time, each with the default tile length: what the calibration measures. */
export const SINGLE_REWRITES: readonly RewriteChoice[] = [
  { conv2d: true, tileFrames: null },
  { conv2d: false, tileFrames: TILE_FRAMES },
];

export interface RewriteCounts {
  readonly conv2d: number;
  readonly tiled: number;
}

/** A choice in its setting form: none, conv2d, tiles:1024, conv2d+tiles:1024. */
export function rewriteName(c: RewriteChoice): string {
  const parts = [...(c.conv2d ? ['conv2d'] : []), ...(c.tileFrames !== null ? [`tiles:${c.tileFrames}`] : [])];
  return parts.length ? parts.join('+') : 'none';
}

export function sameChoice(a: RewriteChoice, b: RewriteChoice): boolean {
  return a.conv2d === b.conv2d && a.tileFrames === b.tileFrames;
}

/** Both choices' rewrites together (the tile length of the one that tiles). */
export function unionOf(a: RewriteChoice, b: RewriteChoice): RewriteChoice {
  return { conv2d: a.conv2d || b.conv2d, tileFrames: a.tileFrames ?? b.tileFrames };
}

/**
 * The `rewrites` setting: auto, none, or conv2d and/or tiles[:FRAMES] joined by `+` or `,`
 * (`conv2d+tiles:1024`). Throws an Error naming what is wrong (the config layer words it).
 */
export function parseRewrites(text: string): RewriteSetting {
  const s = text.trim().toLowerCase();
  if (s === 'auto') return 'auto';
  if (s === 'none' || s === 'off') return NO_REWRITES;
  let conv2d = false;
  let tileFrames: number | null = null;
  for (const part of s.split(/[+,]/).map((p) => p.trim())) {
    const m = /^tiles(?::(\d+))?$/.exec(part);
    if (part === 'conv2d') conv2d = true;
    else if (m) {
      const n = m[1] === undefined ? TILE_FRAMES : Number(m[1]);
      if (n < TILE_FRAMES_RANGE.min || n > TILE_FRAMES_RANGE.max) throw new Error(`tile length ${n} is outside ${TILE_FRAMES_RANGE.min}-${TILE_FRAMES_RANGE.max}`);
      tileFrames = n;
    } else throw new Error(`"${part}" is not a rewrite: use auto, none, or conv2d and/or tiles[:FRAMES] joined by +`);
  }
  return { conv2d, tileFrames };
}

/** Applies `choice` to `model` in place; what each rewrite changed. */
export function applyRewrites(model: onnx.ModelProto, choice: RewriteChoice): RewriteCounts {
  return {
    conv2d: choice.conv2d ? convsTo2d(model).rewritten : 0,
    tiled: choice.tileFrames !== null ? tileConvIntegers(model, choice.tileFrames).tiled : 0,
  };
}

/** Every rewrite with the default tile length (`npm run conv2d`). */
export function speedRewrites(model: onnx.ModelProto): RewriteCounts {
  return applyRewrites(model, { conv2d: true, tileFrames: TILE_FRAMES });
}
