import type { GraphBuilder } from './graph';

/**
 * The duration part shared by the stand-ins: per-token frame counts from the ids, the style and the
 * speed, and the frame -> token index that expands token features to frames (see small.ts for the
 * formula). Returns value names: ids [N] int64, dur [N] float, tokIdx [T] int64.
 */
export function durationsAndAlignment(g: GraphBuilder, idsInput: string, speedInput: string, speedIsFloat: boolean): { ids: string; tokIdx: string } {
  const ids = g.op('Squeeze', [idsInput, g.const([0], [1], 'int64')]);
  const base = g.op('Add', [g.op('Cast', [g.op('Mod', [ids, g.scalar(3, 'int64')])], { to: 1 }), g.scalar(2)]);
  const prosody = g.op('Slice', ['style', g.const([128], [1], 'int64'), g.const([256], [1], 'int64'), g.const([1], [1], 'int64')]);
  const meanAbs = g.op('ReduceMean', [g.op('Abs', [prosody])], { keepdims: 0 });
  const factor = g.op('Add', [g.op('Min', [meanAbs, g.scalar(1)]), g.scalar(1)]);
  const speedF = speedIsFloat ? speedInput : g.op('Cast', [speedInput], { to: 1 });
  const dur = g.op('Max', [g.op('Round', [g.op('Div', [g.op('Mul', [base, factor]), speedF])]), g.scalar(1)]);
  const ends = g.op('CumSum', [dur, g.scalar(0, 'int32')]);
  const total = g.op('ReduceSum', [dur], { keepdims: 0 });
  const frames = g.op('Range', [g.scalar(0), total, g.scalar(1)]);
  const ge = g.op('GreaterOrEqual', [g.op('Unsqueeze', [frames, g.const([1], [1], 'int64')]), g.op('Unsqueeze', [ends, g.const([0], [1], 'int64')])]);
  const tokIdx = g.op('Cast', [g.op('ReduceSum', [g.op('Cast', [ge], { to: 1 }), g.const([1], [1], 'int64')], { keepdims: 0 })], { to: 7 });
  return { ids, tokIdx };
}
