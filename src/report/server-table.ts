import Table from 'cli-table3';
import type { ServerBenchReport } from '../bench/server-run';
import { fx, ms } from './format';
import { tableOptions } from './table';

/** bench --server/--serve as a table: one row per concurrency level, then the overhead line. */
export function serverTable(r: ServerBenchReport, colour: boolean): string {
  const t = new Table(tableOptions(colour, ['concurrency', 'requests', 'errors', 'latency p50 ms', 'p95', 'max', 'first audio p50 ms', 'p95', 'audio s per s', 'RSS after MB']));
  for (const l of r.levels) {
    const errors = Object.entries(l.statuses).filter(([s]) => s !== '200').map(([s, n]) => `${n}x ${s}`).join(', ') || '0';
    t.push([l.concurrency, l.requests, errors, ms(l.latencyMs.median), ms(l.latencyMs.p95), ms(l.latencyMs.max), ms(l.firstAudioMs.median), ms(l.firstAudioMs.p95), fx(l.audioPerWallSecond, 2), fx(l.rssAfterMb, 0)]);
  }
  const e = r.environment;
  const head = [
    `Server ${r.url}${e ? ` (started here: model ${e.model.path}${e.model.standIn ? ', STAND-IN' : ''}, intra-op ${e.session.intraOpNumThreads}; CPU ${e.cpu.brand}, onnxruntime-node ${e.onnxruntime})` : ''}`,
    `${r.format}, streamed, voice ${r.voice}, speed ${r.speed}; texts: ${r.cases.join(', ')}; closed loop: each client sends its next request when answered`,
  ].join('\n');
  const o = r.overhead;
  const overhead = o
    ? `server path overhead at concurrency 1: ${fx(o.ratio, 3)}x (median of ${o.pairs} interleaved pairs, request latency / the same synthesis in process; server p50 ${ms(o.serverMs.median)} ms, in process ${ms(o.inProcessMs.median)} ms)\n`
    : '';
  return `${head}\n${t.toString()}\n${overhead}server RSS: ${fx(r.rssBeforeMb, 0)} MB before, ${fx(r.rssAfterMb, 0)} MB after\n`;
}
