/**
 * Finds Kokoro's per-token integer duration tensor in an ONNX graph by its structure, and adds it
 * as a graph output. Pure: protobuf objects in, protobuf objects out; no files, no ONNX Runtime.
 *
 * The rule. Kokoro turns the duration predictor's output into whole frame counts and then builds
 * the token -> frame alignment from them. In the kokoro-onnx int8 export that reads:
 *   Sigmoid -> ReduceSum(axis -1) -> Div(speed) -> Round -> Clip(min 1) -> Cast(to INT64)
 *   -> Gather(0) -> CumSum -> Gather(-1) -> Range(0, total frames, 1) -> ... alignment matrix
 * The duration tensor D is the output of a Cast to INT64 such that
 *   1. upstream: the Cast's input is a Round, possibly through clamps to at least one frame
 *      (Clip, Max, Relu): durations are rounded floats, not some other integer;
 *   2. downstream, within a few nodes: D feeds a CumSum (token end frames) and the `limit` of a
 *      Range (the frame axis): that is what the alignment is made of, and what no other rounded
 *      integer in the graph does (shape arithmetic feeds Reshape/Expand, not CumSum and Range).
 * We do not match node names (exports rename them) nor the predictor ops before Round (fp16 and
 * quantized exports insert Casts and fused ops there). Exactly one such tensor must exist; none or
 * several is refused, since adding the wrong tensor would give wrong timings without any error.
 * Only the main graph is searched: a tensor inside a Loop/If body cannot become a graph output.
 */
import { onnx } from 'onnx-proto';
import { ExitCode, KokoroError } from '../util/errors';
import { DURATION_OUTPUT_NAMES } from '../engine/session';

type Graph = onnx.IGraphProto;
type Node = onnx.INodeProto;

/** Names the published exports give a durations output (the engine's contract detection knows them too). */
export { DURATION_OUTPUT_NAMES } from '../engine/session';
export const DURATIONS_OUTPUT = 'durations';

const INT64 = onnx.TensorProto.DataType.INT64;
const CLAMPS = new Set(['Clip', 'Max', 'Relu']);
/** How far (in nodes) below D the CumSum and the Range may be; Kokoro's Range is 4 nodes down. */
const ALIGNMENT_DEPTH = 6;

export interface DurationTensor {
  /** The int64 tensor's name in the graph. */
  readonly tensor: string;
  /** Op types from the predictor's output to the Cast, e.g. Sigmoid ReduceSum Div Round Clip Cast. */
  readonly chain: readonly string[];
}

interface Index {
  readonly producer: Map<string, Node>;
  readonly consumers: Map<string, Node[]>;
}

function indexGraph(g: Graph): Index {
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const n of g.node ?? []) {
    for (const o of n.output ?? []) producer.set(o, n);
    for (const i of n.input ?? []) {
      if (!i) continue;
      const list = consumers.get(i) ?? [];
      list.push(n);
      consumers.set(i, list);
    }
  }
  return { producer, consumers };
}

const isDefaultDomain = (n: Node): boolean => !n.domain || n.domain === 'ai.onnx';

function castsToInt64(n: Node): boolean {
  return n.opType === 'Cast' && isDefaultDomain(n) && (n.attribute ?? []).some((a) => a.name === 'to' && Number(a.i) === INT64);
}

/** Rule 1: Round, then only clamps, then this Cast. */
function roundedBeforeCast(cast: Node, ix: Index): boolean {
  let n = ix.producer.get(cast.input?.[0] ?? '');
  for (let hops = 0; n && hops < 4; hops++) {
    if (n.opType === 'Round') return true;
    if (!CLAMPS.has(n.opType ?? '')) return false;
    n = ix.producer.get(n.input?.[0] ?? '');
  }
  return false;
}

/** Every value reachable from `start` through at most `depth` nodes. */
function forwardCone(start: string, depth: number, ix: Index): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const n of ix.consumers.get(v) ?? []) {
        for (const o of n.output ?? []) {
          if (!o || seen.has(o)) continue;
          seen.add(o);
          next.push(o);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** Rule 2: D reaches a CumSum's data input and a Range's limit within ALIGNMENT_DEPTH nodes. */
function feedsAlignment(d: string, g: Graph, ix: Index): boolean {
  const cone = forwardCone(d, ALIGNMENT_DEPTH, ix);
  const nodes = g.node ?? [];
  const cumsum = nodes.some((n) => n.opType === 'CumSum' && cone.has(n.input?.[0] ?? ''));
  const range = nodes.some((n) => n.opType === 'Range' && cone.has(n.input?.[1] ?? ''));
  return cumsum && range;
}

/** The ops above the Cast, back to the first op with more than one non-constant input or 8 ops. */
function chainAbove(cast: Node, g: Graph, ix: Index): string[] {
  const inits = new Set((g.initializer ?? []).map((t) => t.name));
  const chain = [cast.opType ?? '?'];
  let n = ix.producer.get(cast.input?.[0] ?? '');
  while (n && chain.length < 8) {
    chain.unshift(n.opType ?? '?');
    const data = (n.input ?? []).filter((i) => i && !inits.has(i) && ix.producer.has(i));
    if (data.length !== 1) break;
    n = ix.producer.get(data[0]!);
  }
  return chain;
}

/** The one duration tensor, or a KokoroError saying why there is none or which ones compete. */
export function findDurationTensor(g: Graph, path: string): DurationTensor {
  const ix = indexGraph(g);
  const found = (g.node ?? []).filter(
    (n) => castsToInt64(n) && roundedBeforeCast(n, ix) && n.output?.[0] && feedsAlignment(n.output[0], g, ix),
  );
  if (found.length === 1) return { tensor: found[0]!.output![0]!, chain: chainAbove(found[0]!, g, ix) };
  const rounds = (g.node ?? []).filter((n) => n.opType === 'Round').length;
  if (found.length === 0) {
    throw new KokoroError(
      'model-contract',
      `${path}: no per-token duration tensor found (no int64 Cast of a Round that feeds a CumSum and a Range; the graph has ${rounds} Round node(s))`,
      'use a Kokoro-82M v1.0 export (kokoro-onnx or onnx-community), or one that already returns durations',
      ExitCode.Model,
    );
  }
  throw new KokoroError(
    'model-contract',
    `${path}: ${found.length} candidate duration tensors (${found.map((n) => n.output![0]).join(', ')}); refusing to guess`,
    'this is not the graph shape of a Kokoro export; add the output by hand with the tensor name',
    ExitCode.Model,
  );
}

/** The graph's existing durations output, if it has one under a published name. */
export function existingDurationsOutput(g: Graph): string | null {
  return (g.output ?? []).find((o) => DURATION_OUTPUT_NAMES.includes(o.name ?? ''))?.name ?? null;
}

/**
 * A copy of `model` whose graph also returns `tensor` as `durations` (through an Identity, so no
 * internal name changes). Initializers and nodes are shared with `model`, not copied: 92 MB.
 */
export function withDurationsOutput(model: onnx.IModelProto, tensor: string, path: string): onnx.ModelProto {
  const g = model.graph ?? {};
  const taken = [...(g.node ?? []).flatMap((n) => [...(n.input ?? []), ...(n.output ?? [])]), ...(g.input ?? []).map((i) => i.name), ...(g.initializer ?? []).map((t) => t.name)];
  if (taken.includes(DURATIONS_OUTPUT)) {
    throw new KokoroError('model-contract', `${path}: the graph already has a value named "${DURATIONS_OUTPUT}" that is not an output`, 'rename it or add the output by hand', ExitCode.Model);
  }
  // Keep the shape the exporter inferred (Kokoro's: [batch, tokens]) when the file records it.
  const known = (g.valueInfo ?? []).find((v) => v.name === tensor)?.type;
  const type: onnx.ITypeProto = known?.tensorType?.elemType === INT64 ? known : { tensorType: { elemType: INT64 } };
  const identity: onnx.INodeProto = { opType: 'Identity', name: `${DURATIONS_OUTPUT}_output`, input: [tensor], output: [DURATIONS_OUTPUT] };
  const graph = onnx.GraphProto.create({ ...g, node: [...(g.node ?? []), identity], output: [...(g.output ?? []), { name: DURATIONS_OUTPUT, type }] });
  return onnx.ModelProto.create({ ...model, graph });
}
