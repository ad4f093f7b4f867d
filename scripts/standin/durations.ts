import type { GraphBuilder } from './graph';

/**
 * The duration part shared by the stand-ins: per-token frame counts from the ids, the style and the
 * speed, and the frame -> token index that expands token features to frames (see small.ts for the
 * formula). Built the way Kokoro's export builds it, so src/model-edit/find-durations.ts finds it
 * by structure: a float rounded (Round), clamped to at least one frame (Max), cast to int64; that
 * int64 vector then drives the alignment (CumSum of end frames, Range over all frames).
 * Returns value names: ids [N] int64, durations [N] int64, tokIdx [T] int64.
 */
export function durationsAndAlignment(g: GraphBuilder, idsInput: string, speedInput: string, speedIsFloat: boolean): { ids: string; durations: string; tokIdx: string } {
  const ids = g.op('Squeeze', [idsInput, g.const([0], [1], 'int64')]);
  const base = g.op('Add', [g.op('Cast', [g.op('Mod', [ids, g.scalar(3, 'int64')])], { to: 1 }), g.scalar(2)]);
  const prosody = g.op('Slice', ['style', g.const([128], [1], 'int64'), g.const([256], [1], 'int64'), g.const([1], [1], 'int64')]);
  const meanAbs = g.op('ReduceMean', [g.op('Abs', [prosody])], { keepdims: 0 });
  const factor = g.op('Add', [g.op('Min', [meanAbs, g.scalar(1)]), g.scalar(1)]);
  const speedF = speedIsFloat ? speedInput : g.op('Cast', [speedInput], { to: 1 });
  const rounded = g.op('Max', [g.op('Round', [g.op('Div', [g.op('Mul', [base, factor]), speedF])]), g.scalar(1)]);
  // Integer frame counts, as Kokoro casts them (int64). Whole numbers, so everything after is exact.
  const durations = g.op('Cast', [rounded], { to: 7 });
  const ends = g.op('CumSum', [durations, g.scalar(0, 'int32')]);
  const total = g.op('ReduceSum', [durations], { keepdims: 0 });
  const frames = g.op('Range', [g.scalar(0, 'int64'), total, g.scalar(1, 'int64')]);
  const ge = g.op('GreaterOrEqual', [g.op('Unsqueeze', [frames, g.const([1], [1], 'int64')]), g.op('Unsqueeze', [ends, g.const([0], [1], 'int64')])]);
  const tokIdx = g.op('Cast', [g.op('ReduceSum', [g.op('Cast', [ge], { to: 1 }), g.const([1], [1], 'int64')], { keepdims: 0 })], { to: 7 });
  return { ids, durations, tokIdx };
}
