/**
 * The peer benchmark's raw records -> medians and ratios (pure). Warm-up records are left out.
 * Ratios are kokoro-ts / peer of the medians: below 1 means kokoro-ts took less time.
 */
import { summarize } from '../../src/bench/stats';
import type { ColdRecord, Tool, WarmRecord } from './protocol';

export const PEERS: readonly Tool[] = ['kokoro-onnx', 'kokoro-js', 'sherpa-onnx'];

export interface ToolCase {
  readonly n: number;
  readonly wallMs: number;
  /** Median bare-model time of the same calls; null if the tool gave none. */
  readonly bareModelMs: number | null;
  readonly audioSeconds: number;
  /** Ids per model call (of the first measured run). */
  readonly calls: readonly number[];
  readonly mode?: string;
}

export interface Ratio {
  readonly wall: number | null;
  readonly bare: number | null;
}

export interface CaseRow {
  readonly threads: number;
  readonly case: string;
  readonly tools: Partial<Record<Tool, ToolCase>>;
  /** kokoro-ts / peer, by peer. */
  readonly ratios: Partial<Record<Tool, Ratio>>;
}

export interface ColdRow {
  readonly threads: number;
  readonly tools: Partial<Record<Tool, { readonly n: number; readonly wallMs: number; readonly peakRssMb: number | null }>>;
  readonly ratios: Partial<Record<Tool, number | null>>;
}

export interface PeakRow {
  readonly threads: number;
  /** Peak RSS of each tool's warm process over all its cases (MiB). */
  readonly tools: Partial<Record<Tool, number>>;
  readonly ratios: Partial<Record<Tool, number | null>>;
}

export interface PeersSummary {
  readonly warm: CaseRow[];
  readonly cold: ColdRow[];
  readonly peakRss: PeakRow[];
}

const median = (xs: readonly number[]): number => summarize(xs).median;
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null => (a == null || b == null || !(b > 0) ? null : a / b);
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function toolCase(records: readonly WarmRecord[]): ToolCase {
  const bare = records.map((r) => r.bareModelMs).filter((v): v is number => v !== null);
  const first = [...records].sort((a, b) => a.round - b.round)[0]!;
  return {
    n: records.length,
    wallMs: median(records.map((r) => r.wallMs)),
    bareModelMs: bare.length === records.length ? median(bare) : null,
    audioSeconds: median(records.map((r) => r.audioSeconds)),
    calls: first.calls,
    ...(first.mode ? { mode: first.mode } : {}),
  };
}

function peerRatios<T>(of: (tool: Tool) => T | null, tools: readonly Tool[], r: (ts: T | null, peer: T | null) => number | null): Partial<Record<Tool, number | null>> {
  const out: Partial<Record<Tool, number | null>> = {};
  for (const p of PEERS) if (tools.includes(p)) out[p] = r(of('kokoro-ts'), of(p));
  return out;
}

export function summarizePeers(warm: readonly WarmRecord[], cold: readonly ColdRecord[]): PeersSummary {
  const measured = warm.filter((r) => !r.warmup);
  const warmRows: CaseRow[] = [];
  for (const threads of unique(measured.map((r) => r.threads))) {
    const atT = measured.filter((r) => r.threads === threads);
    for (const name of unique(atT.map((r) => r.case))) {
      const tools: Partial<Record<Tool, ToolCase>> = {};
      for (const tool of unique(atT.filter((r) => r.case === name).map((r) => r.tool))) tools[tool] = toolCase(atT.filter((r) => r.case === name && r.tool === tool));
      const ratios: Partial<Record<Tool, Ratio>> = {};
      for (const p of PEERS) {
        if (!tools[p]) continue;
        ratios[p] = { wall: ratio(tools['kokoro-ts']?.wallMs, tools[p]!.wallMs), bare: ratio(tools['kokoro-ts']?.bareModelMs, tools[p]!.bareModelMs) };
      }
      warmRows.push({ threads, case: name, tools, ratios });
    }
  }
  const peakRss: PeakRow[] = [];
  for (const threads of unique(warm.map((r) => r.threads))) {
    const atT = warm.filter((r) => r.threads === threads);
    const tools: Partial<Record<Tool, number>> = {};
    for (const tool of unique(atT.map((r) => r.tool))) tools[tool] = Math.max(...atT.filter((r) => r.tool === tool).map((r) => r.peakRssMb));
    const present = Object.keys(tools) as Tool[];
    peakRss.push({ threads, tools, ratios: peerRatios((t) => tools[t] ?? null, present, ratio) });
  }
  const coldRows: ColdRow[] = [];
  const coldMeasured = cold.filter((r) => !r.warmup);
  for (const threads of unique(coldMeasured.map((r) => r.threads))) {
    const atT = coldMeasured.filter((r) => r.threads === threads);
    const tools: ColdRow['tools'] = {};
    for (const tool of unique(atT.map((r) => r.tool))) {
      const rs = atT.filter((r) => r.tool === tool);
      const rss = rs.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
      tools[tool] = { n: rs.length, wallMs: median(rs.map((r) => r.wallMs)), peakRssMb: rss.length ? Math.max(...rss) : null };
    }
    const present = Object.keys(tools) as Tool[];
    coldRows.push({ threads, tools, ratios: peerRatios((t) => tools[t]?.wallMs ?? null, present, ratio) });
  }
  return { warm: warmRows, cold: coldRows, peakRss };
}
