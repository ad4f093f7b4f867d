/** The peer benchmark's summary as Markdown (pure). */
import { TOOLS, type PeersReport, type Tool } from './protocol';
import { PEERS, type PeersSummary } from './summarize';

const ms = (v: number | null | undefined): string => (v == null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const x = (v: number | null | undefined): string => (v == null ? '—' : v.toFixed(2));
const mib = (v: number | null | undefined): string => (v == null ? '—' : v.toFixed(0));
const s = (v: number | null | undefined): string => (v == null ? '—' : v.toFixed(2));

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function peersMarkdown(report: Pick<PeersReport, 'settings' | 'versions' | 'environment'>, sum: PeersSummary): string {
  const st = report.settings;
  const tools = TOOLS.filter((t) => st.tools.includes(t));
  const peers = PEERS.filter((p) => tools.includes(p));
  const env = report.environment as { cpu?: { brand?: string; physicalCores?: number; logicalCores?: number }; model?: { sha256?: string }; os?: string; gitCommit?: string | null; timestamp?: string };
  const out: string[] = [];
  out.push(`# Peer benchmark: ${tools.join(', ')} on the same model file`);
  out.push('');
  out.push(`Model \`${st.model}\` (sha256 ${env.model?.sha256?.slice(0, 12) ?? '?'}), voice ${st.voice}; warm: ${st.warmup} warm-up + ${st.runs} runs per case, tool order rotating per round; cold: ${st.coldRuns} runs of "Hello world!" to a WAV as a fresh process. Medians.`);
  out.push(`CPU ${env.cpu?.brand ?? '?'} (${env.cpu?.physicalCores ?? '?'} cores, ${env.cpu?.logicalCores ?? '?'} threads), ${env.os ?? '?'}, commit ${env.gitCommit?.slice(0, 10) ?? '?'}, ${env.timestamp ?? ''}.`);
  out.push('');
  out.push(table(['tool', 'versions'], tools.map((t) => [t, Object.entries(report.versions[t] ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')])));
  out.push('');
  out.push(`Ratios are kokoro-ts / peer (below 1: kokoro-ts is faster). "bare" replays the same model calls through the bare session.${tools.includes('kokoro-onnx') ? ' kokoro-onnx trims silence, so compare wall time for the same text, not RTF; audio lengths are shown.' : ''}`);
  if (tools.includes('sherpa-onnx')) out.push('', 'sherpa-onnx phonemizes with its own espeak-ng (not misaki), so its phonemes, ids and audio length differ for the same text; it exposes no model session (bare and ids per call: —).');
  for (const threads of st.threads) {
    const rows = sum.warm.filter((r) => r.threads === threads);
    if (rows.length === 0) continue;
    out.push('');
    out.push(`## Warm, ${threads} thread${threads === 1 ? '' : 's'}`);
    out.push('');
    const head = ['case', ...tools.map((t) => `${t}`), ...peers.flatMap((p) => [`ts/${p.replace('kokoro-', '')}`, `bare ts/${p.replace('kokoro-', '')}`]), `audio s (${tools.map((t) => t.replace('kokoro-', '')).join(' / ')})`, 'ids per call'];
    out.push(table(head, rows.map((r) => [
      r.case,
      ...tools.map((t) => ms(r.tools[t]?.wallMs)),
      ...peers.flatMap((p) => [x(r.ratios[p]?.wall), x(r.ratios[p]?.bare)]),
      tools.map((t) => s(r.tools[t]?.audioSeconds)).join(' / '),
      tools.map((t: Tool) => `${t.replace('kokoro-', '')} ${r.tools[t]?.calls.join('+') || '—'}${r.tools[t]?.mode ? ` (${r.tools[t]!.mode})` : ''}`).join('; '),
    ])));
  }
  if (sum.peakRss.length) {
    out.push('');
    out.push('## Peak RSS of the warm processes (MiB, over all cases: the longest text sets it)');
    out.push('');
    out.push(table(['threads', ...tools, ...peers.map((p) => `ts/${p.replace('kokoro-', '')}`)], sum.peakRss.map((r) => [String(r.threads), ...tools.map((t) => mib(r.tools[t])), ...peers.map((p) => x(r.ratios[p]))])));
  }
  if (sum.cold.length) {
    out.push('');
    out.push('## Cold start ("Hello world!" to a WAV, whole process)');
    out.push('');
    out.push(table(['threads', ...tools, ...peers.map((p) => `ts/${p.replace('kokoro-', '')}`), `peak RSS MiB (${tools.map((t) => t.replace('kokoro-', '')).join(' / ')})`], sum.cold.map((r) => [
      String(r.threads), ...tools.map((t) => ms(r.tools[t]?.wallMs)), ...peers.map((p) => x(r.ratios[p])), tools.map((t) => mib(r.tools[t]?.peakRssMb)).join(' / '),
    ])));
  }
  return `${out.join('\n')}\n`;
}
