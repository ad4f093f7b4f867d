import type { BenchReport } from '../bench/types';
import type { Comparison } from '../bench/compare';
import type { Reporter } from './reporter';
import { fx, ms, pct, timestampsLine } from './format';
import type { TuneReport } from '../tune/types';
import { tuneRows, tuneSummary } from './tune-rows';

export const markdownReporter: Reporter = {
  report(r: BenchReport): string {
    const e = r.environment;
    const lines = [
      `# kokoro-ts bench — ${e.timestamp}`,
      '',
      `- CPU: ${e.cpu.brand}, ${e.cpu.physicalCores} physical / ${e.cpu.logicalCores} logical cores; AVX2 ${e.simd.avx2 ? 'yes' : 'no'}, AVX-512 ${e.simd.avx512 ? 'yes' : 'no'}, VNNI ${e.simd.vnni ? 'yes' : 'no'}`,
      `- ${e.os}, Node ${e.node}, onnxruntime-node ${e.onnxruntime}${e.gitCommit ? `, commit ${e.gitCommit.slice(0, 10)}` : ''}`,
      `- Model: \`${e.model.path}\` (${e.model.standIn ? '**stand-in**, not the real Kokoro' : 'model'}), sha256 \`${e.model.sha256.slice(0, 16)}…\``,
      `- Session: intra-op ${e.session.intraOpNumThreads}, inter-op ${e.session.interOpNumThreads}, ${e.session.executionMode}, optimization ${e.session.graphOptimizationLevel}; voice ${r.voice}, speed ${r.speed}`,
      '',
      ...(r.batch
        ? [
            `Batch: ${r.batch.lines} lines, ${fx(r.batch.audioSeconds, 1)} s of audio, ${r.batch.iterations} iteration(s) per jobs value`,
            '',
            '| jobs | threads each | audio s per s (median) | min | max | load ms | failed |',
            '|---:|---:|---:|---:|---:|---:|---:|',
            ...r.batch.results.map((x) => `| ${x.jobs}${x.jobs === r.batch!.bestJobs ? ' (best)' : ''} | ${x.threadsPerJob} | ${fx(x.throughput.median, 2)} | ${fx(x.throughput.min, 2)} | ${fx(x.throughput.max, 2)} | ${ms(x.loadMs.median)} | ${x.failedLines} |`),
          ]
        : [
            '| case | tokens | chunks | audio s | RTF median | p95 | sd | overhead | cold RTF | TTFA ms | TTFA ratio | stream TTFA ms | stream ratio | front ms | model ms | output ms |',
            '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
            ...r.cases.map(
              (c) =>
                `| ${c.name} | ${c.tokens} | ${c.chunks} | ${fx(c.audioSeconds, 2)} | ${fx(c.rtf.median)} | ${fx(c.rtf.p95)} | ${fx(c.rtf.stddev, 4)} | ${fx(c.overheadRatio.median)}× | ${fx(c.cold.rtf)} | ${ms(c.timeToFirstAudioMs.median)} | ${c.ttfaRatio ? `${fx(c.ttfaRatio.median)}×` : '-'} | ${c.stream ? ms(c.stream.timeToFirstAudioMs.median) : '-'} | ${c.stream ? `${fx(c.stream.ttfaRatio.median)}×` : '-'} | ${ms(c.stages.frontEndMs.median)} | ${ms(c.stages.modelMs.median)} | ${ms(c.stages.outputMs.median)} |`,
            ),
          ]),
      '',
      ...(r.cases.some((c) => c.timestamps) ? [timestampsLine(r)] : []),
    ];
    return `${lines.join('\n')}\n`;
  },
  comparison(c: Comparison): string {
    const rows = c.cases.flatMap((cc) => cc.metrics.map((m) => `| ${cc.name} | ${m.metric} | ${fx(m.baseline)} | ${fx(m.current)} | ${pct(m.change)} | ${m.verdict}${c.gate.includes(m.metric) ? '' : ' (not gated)'} |`));
    return ['| case | metric | baseline | current | change | verdict |', '|---|---|---:|---:|---:|---|', ...rows, ''].join('\n');
  },
  tune(r: TuneReport): string {
    const e = r.environment;
    return [
      `# kokoro-ts tune — ${e.timestamp}`,
      '',
      `- CPU: ${e.cpu.brand}, ${e.cpu.physicalCores} physical / ${e.cpu.logicalCores} logical cores; onnxruntime-node ${e.onnxruntime}`,
      `- Model: \`${e.model.path}\` (${e.model.standIn ? '**stand-in**, not the real Kokoro' : 'model'}), sha256 \`${e.model.sha256.slice(0, 16)}…\``,
      `- Case \`${r.case.name}\`, ${r.iterations} iterations after ${r.warmup} warm-up per trial`,
      '',
      '| | model, chunks | intra | inter | mode | RTF median | spread | p95 | temp before | temp after | note |',
      '|---|---|---:|---:|---|---:|---:|---:|---|---|---|',
      ...tuneRows(r).map((w) => `| ${w.mark ? '**→**' : ''} | ${w.variant || 'as configured'} | ${w.intra} | ${w.inter} | ${w.mode} | ${w.mark ? `**${w.median}**` : w.median} | ${w.spread} | ${w.p95} | ${w.tempBefore} | ${w.tempAfter} | ${w.note} |`),
      '',
      tuneSummary(r),
      '',
    ].join('\n');
  },
};
