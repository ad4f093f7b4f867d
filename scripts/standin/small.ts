/**
 * The small stand-in: a few-kilobyte ONNX graph with a real Kokoro export's inputs and output, whose
 * behaviour lets tests catch real bugs. For token i (pads included):
 *   frames_i = max(1, round((2 + id_i mod 3) * (1 + min(mean|style[128:256]|, 1)) / speed))
 * so durations depend on the ids and the style vector and scale with 1/speed, exactly as Kokoro's
 * duration predictor does in kind. Each frame is 600 samples (25 ms at 24 kHz) of a sine whose
 * pitch follows the token (110 Hz * 2^((id mod 24) / 12)), with continuous phase, at amplitude 0.3,
 * so output length = sum(frames) * 600 and the audio is deterministic and audibly structured.
 * With `durationsOutput`, the int64 frame counts are also returned as `durations` [1, N] (as some
 * exports do); the audio is the same graph's, so it is sample-identical to the plain stand-in's.
 */
import { GraphBuilder, type ElemType } from './graph';
import { durationsAndAlignment } from './durations';

export interface SmallStandinOptions {
  readonly layout: 'onnx-community' | 'kokoro-onnx';
  /** Speed input type; float32 in every published export (int32 only for the hand-export test). */
  readonly speedType?: ElemType;
  /** Also return the per-token frame counts as an int64 output `durations` [1, N]. */
  readonly durationsOutput?: boolean;
}

export const STANDIN_SAMPLES_PER_FRAME = 600;

/** The formula above, in TypeScript, so tests can predict the model's output length. */
export function expectedFrames(ids: readonly number[], style: Float32Array, speed: number): number {
  let s = 0;
  for (let i = 128; i < 256; i++) s += Math.abs(style[i]!);
  const factor = 1 + Math.min(s / 128, 1);
  return ids.reduce((acc, id) => acc + Math.max(1, roundHalfEven(((2 + (id % 3)) * factor) / speed)), 0);
}

/** ONNX Round rounds half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function buildSmallStandin(opts: SmallStandinOptions): Uint8Array {
  const g = new GraphBuilder();
  const idsName = opts.layout === 'onnx-community' ? 'input_ids' : 'tokens';
  const outName = opts.layout === 'onnx-community' ? 'waveform' : 'audio';
  const speedType = opts.speedType ?? 'float32';

  const { ids, durations, tokIdx } = durationsAndAlignment(g, idsName, 'speed', speedType === 'float32');
  // pitch per token, then per frame
  const semis = g.op('Cast', [g.op('Mod', [ids, g.scalar(24, 'int64')])], { to: 1 });
  const hz = g.op('Mul', [g.op('Pow', [g.scalar(2), g.op('Div', [semis, g.scalar(12)])]), g.scalar(110)]);
  const frameHz = g.op('Gather', [hz, tokIdx], { axis: 0 }); // [T]
  const tCount = g.op('Shape', [frameHz]);
  const expandShape = g.op('Concat', [tCount, g.const([STANDIN_SAMPLES_PER_FRAME], [1], 'int64')], { axis: 0 });
  const perSample = g.op('Reshape', [
    g.op('Expand', [g.op('Unsqueeze', [frameHz, g.const([1], [1], 'int64')]), expandShape]),
    g.const([-1], [1], 'int64'),
  ]);
  const phase = g.op('CumSum', [g.op('Mul', [perSample, g.scalar((2 * Math.PI) / 24000)]), g.scalar(0, 'int32')]);
  const wave = g.op('Mul', [g.op('Sin', [phase]), g.scalar(0.3)]);
  if (opts.layout === 'onnx-community') g.op('Unsqueeze', [wave, g.const([0], [1], 'int64')], {}, [outName]);
  else g.op('Identity', [wave], {}, [outName]);
  if (opts.durationsOutput) g.op('Unsqueeze', [durations, g.const([0], [1], 'int64')], {}, ['durations']);

  return g.encode(
    [
      { name: idsName, type: 'int64', shape: [1, 'sequence_length'] },
      { name: 'style', type: 'float32', shape: [1, 256] },
      { name: 'speed', type: speedType, shape: [1] },
    ],
    [
      { name: outName, type: 'float32', shape: opts.layout === 'onnx-community' ? [1, 'num_samples'] : ['num_samples'] },
      ...(opts.durationsOutput ? [{ name: 'durations', type: 'int64' as const, shape: [1, 'sequence_length'] }] : []),
    ],
  );
}
