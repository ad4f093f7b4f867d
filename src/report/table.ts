import Table from 'cli-table3';
import type { BatchResult, BenchReport } from '../bench/types';
import type { Comparison } from '../bench/compare';
import type { Reporter } from './reporter';
import { fx, ms, pct, timestampsLine } from './format';
import type { TuneReport } from '../tune/types';
import { tuneRows, tuneSummary } from './tune-rows';

/** "; per case: hola ef_dora (es), ..." when a suite gave cases their own voice or language. */
function perCaseVoices(r: BenchReport): string {
  const own = r.cases.filter((c) => c.voice !== undefined || c.lang !== undefined).map((c) => `${c.name} ${c.voice ?? r.voice}${c.lang ? ` (${c.lang})` : ''}`);
  return own.length ? `; per case: ${own.join(', ')}` : '';
}

function environmentLine(r: BenchReport): string {
  const e = r.environment;
  const simd = Object.entries(e.simd).filter(([, v]) => v).map(([k]) => k.toUpperCase()).join('/') || 'none';
  return [
    `CPU ${e.cpu.brand}, ${e.cpu.physicalCores} physical / ${e.cpu.logicalCores} logical cores, SIMD ${simd}; ${e.os}; Node ${e.node}; onnxruntime-node ${e.onnxruntime}`,
    `model ${e.model.path} (${e.model.standIn ? 'STAND-IN, not the real Kokoro' : 'model'}, ${(e.model.bytes / 1e6).toFixed(1)} MB, sha256 ${e.model.sha256.slice(0, 12)}…)`,
    `session: intra-op ${e.session.intraOpNumThreads} (${e.sessionSources.intraOpNumThreads}), inter-op ${e.session.interOpNumThreads}, ${e.session.executionMode}, optimization ${e.session.graphOptimizationLevel}; voice ${r.voice}, speed ${r.speed}${perCaseVoices(r)}`,
  ].join('\n');
}

function batchTable(b: BatchResult, colour: boolean): string {
  const t = new Table(tableOptions(colour, ['jobs', 'threads each', 'audio s per s (median)', 'min', 'max', 'wall s', 'load ms', 'failed lines', '']));
  for (const x of b.results) {
    t.push([x.jobs, x.threadsPerJob, fx(x.throughput.median, 2), fx(x.throughput.min, 2), fx(x.throughput.max, 2), fx(x.wallMs.median / 1000, 2), ms(x.loadMs.median), x.failedLines, x.jobs === b.bestJobs ? 'best' : '']);
  }
  return `Batch: ${b.lines} lines (${b.characters} characters, ${fx(b.audioSeconds, 1)} s of audio), ${b.iterations} iteration(s) per jobs value, interleaved\n${t.toString()}\nthroughput = audio seconds produced per wall second, engine loading included; best = fewest jobs within noise of the highest median\n`;
}

/**
 * cli-table3 options: the header, in bold cyan when colour is asked for. The escape codes are
 * written here rather than through cli-table3's style (whose colour library decides again by
 * itself from TERM and CI variables), so the CLI's one decision (colourFor) is the only one.
 */
export function tableOptions(colour: boolean, head: readonly string[]): { style: { head: string[]; border: string[] }; head: string[] } {
  return { style: { head: [], border: [] }, head: head.map((h) => (colour && h !== '' ? `\x1b[1;36m${h}\x1b[0m` : h)) };
}

/** cli-table3 tables; colour only when asked (the CLI asks for a terminal without NO_COLOR). */
export function tableReporter(color: boolean): Reporter {
  return {
  report(r: BenchReport): string {
    if (r.batch) return `${environmentLine(r)}\n${batchTable(r.batch, color)}`;
    const t = new Table(tableOptions(color, ['case', 'chars', 'tokens', 'chunks', 'audio s', 'RTF median', 'p95', 'min', 'max', 'sd', 'overhead', 'cold RTF', 'TTFA ms', 'TTFA ratio', 'stream TTFA ms', 'stream ratio', 'front ms', 'model ms', 'output ms']));
    for (const c of r.cases) {
      t.push([
        c.name, c.characters, c.tokens, c.chunks, fx(c.audioSeconds, 2), fx(c.rtf.median), fx(c.rtf.p95), fx(c.rtf.min), fx(c.rtf.max), fx(c.rtf.stddev, 4),
        `${fx(c.overheadRatio.median)}x`, fx(c.cold.rtf), ms(c.timeToFirstAudioMs.median), c.ttfaRatio ? `${fx(c.ttfaRatio.median)}x` : '-',
        c.stream ? ms(c.stream.timeToFirstAudioMs.median) : '-', c.stream ? `${fx(c.stream.ttfaRatio.median)}x` : '-',
        ms(c.stages.frontEndMs.median), ms(c.stages.modelMs.median), ms(c.stages.outputMs.median),
      ]);
    }
    const peak = Math.max(...r.cases.map((c) => c.peakRssMb));
    const create = r.cases.map((c) => c.sessionCreateMs);
    const iters = r.cases[0] ? `${r.cases[0].iterations} iterations after ${r.cases[0].warmup} warm-up` : '';
    const p = r.cases[0]?.pipeline;
    const how = p ? `chunks of at most ${p.maxChunkTokens} tokens, pipeline depth ${p.pipelineDepth}${p.engineWarmupMs > 0 ? `, engine warm-up ${ms(p.engineWarmupMs)} ms` : ''}` : '';
    const streamNote = r.cases[0]?.stream ? `; stream = first chunk of at most ${r.cases[0].stream.firstChunkTokens} tokens` : '';
    const cache = r.cases.some((c) => c.cache.enabled) ? `; phoneme cache ${r.cases.reduce((n, c) => n + c.cache.hits, 0)} hits / ${r.cases.reduce((n, c) => n + c.cache.misses, 0)} misses` : '';
    return `${environmentLine(r)}\n${t.toString()}\n${timestampsLine(r)}${how}${streamNote}; TTFA ratio = time to first audio / (first chunk's raw model time + its front end)${cache}\n${iters}; RTF = wall time / audio seconds (warm, phoneme cache ${r.cases[0]?.cache.enabled ? 'on' : 'off'}); overhead = end-to-end / raw model time for the same ids; session creation ${ms(Math.min(...create))}-${ms(Math.max(...create))} ms; peak RSS ${peak.toFixed(0)} MB\n`;
  },
  comparison(c: Comparison): string {
    const t = new Table(tableOptions(color, ['case', 'metric', 'baseline', 'current', 'change', 'noise', 'verdict']));
    for (const cc of c.cases) {
      for (const m of cc.metrics) {
        t.push([cc.name, m.metric === 'rtf' ? 'RTF' : 'overhead', fx(m.baseline), fx(m.current), pct(m.change), Number.isFinite(m.noise) ? `±${(m.noise * 100).toFixed(1)}%` : '-', m.verdict + (m.reason ? ` (${m.reason})` : '') + (c.gate.includes(m.metric) ? '' : ' (not gated)')]);
      }
    }
    const head = `Comparison with baseline (max regression ${(c.maxRegression * 100).toFixed(0)}%${c.rtfComparable ? '' : `; absolute RTF not comparable: ${c.rtfReason}`}):`;
    return `${head}\n${t.toString()}\n${c.regression ? 'REGRESSION: slower than the baseline beyond threshold and noise.' : 'No regression.'}\n`;
  },
  tune(r: TuneReport): string {
    const rows = tuneRows(r);
    const variants = rows.some((w) => w.variant !== '');
    const t = new Table(tableOptions(color, ['', ...(variants ? ['model, chunks'] : []), 'intra', 'inter', 'mode', 'RTF median', 'spread', 'p95', 'temp before', 'temp after', 'load', 'note']));
    for (const row of rows) {
      const cells = [row.mark, ...(variants ? [row.variant] : []), row.intra, row.inter, row.mode, row.median, row.spread, row.p95, row.tempBefore, row.tempAfter, row.load, row.note];
      t.push(color && row.mark ? cells.map((c) => `\x1b[1;32m${c}\x1b[0m`) : cells);
    }
    const e = r.environment;
    const head = `Tune: case "${r.case.name}" (${r.case.text.length} characters), ${r.iterations} iterations after ${r.warmup} warm-up per trial; ` +
      `model ${e.model.standIn ? 'STAND-IN (not the real Kokoro)' : e.model.path}; CPU ${e.cpu.brand}, ${e.cpu.physicalCores} physical / ${e.cpu.logicalCores} logical cores`;
    return `${head}\n${t.toString()}\nspread = robust sd (1.4826 x MAD) / median; temperature main/hottest core\n${tuneSummary(r)}\n`;
  },
};
}

