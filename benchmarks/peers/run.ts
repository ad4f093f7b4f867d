/**
 * The peer benchmark: kokoro-ts, kokoro-onnx 0.6.1, kokoro-js 1.2.1 and sherpa-onnx-node 1.13.8 side by side on the same
 * model file, voice and texts (the suite's four cases + the ~1,000-character paragraph), at each
 * thread count; warm (each tool loaded once in its own process, warm-ups, then rounds in which the
 * tool order rotates) and cold ("Hello world!" to a WAV as a fresh process, order rotating too).
 * Run it through run.sh (installs the peers, builds, then calls this):
 *   bash benchmarks/peers/run.sh --model models/kokoro-v1.0.int8.onnx --runs 5
 * Flags: --model FILE (required) --runs N (5) --warmup N (1) --cold-runs N (= runs) --threads 1,2
 *   --cases short,medium,long,pangram,paragraph --tools kokoro-ts,kokoro-onnx,kokoro-js,sherpa-onnx
 *   --voice af_heart --voices-dir test/fixtures/voices --js-stream-cases paragraph
 *   --json FILE --markdown FILE (default benchmarks/results/peers-TIMESTAMP.{json,md})
 * KOKORO_PEERS_DIR: where setup.sh installed the peers (default .cache/peers).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectEnvironment, allFrom } from '../../src/bench/env';
import { DEFAULT_SESSION_SETTINGS } from '../../src/engine';
import { sha256File } from '../../src/util/fs';
import { DriverProcess } from './child';
import { coldRun } from './cold';
import { peersMarkdown } from './markdown';
import { peerPaths, prepareKokoroJs, prepareKokoroOnnxVoices, prepareSherpaOnnx } from './prepare';
import { TOOLS, type ColdRecord, type PeersReport, type Request, type Tool } from './protocol';
import { summarizePeers } from './summarize';
import { flag, listFlag, ROOT } from '../lib';

const HERE = join(ROOT, 'benchmarks', 'peers');
const COLD_TEXT = 'Hello world!';

function count(name: string, fallback: string): number {
  const n = Number(flag(name, fallback));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number >= 0`);
  return n;
}

/** The suite's cases plus the paragraph, from the committed files. */
function texts(names: readonly string[]): { name: string; text: string }[] {
  const suite = (JSON.parse(readFileSync(join(ROOT, 'benchmarks', 'suite.json'), 'utf8')) as { cases: { name: string; text: string }[] }).cases;
  const all = new Map(suite.map((c) => [c.name, c.text]));
  all.set('paragraph', readFileSync(join(ROOT, 'benchmarks', 'texts', 'paragraph-1k.txt'), 'utf8').trim());
  return names.map((n) => {
    const text = all.get(n);
    if (text === undefined) throw new Error(`no case ${n} (cases: ${[...all.keys()].join(', ')})`);
    return { name: n, text };
  });
}

const rotate = <T>(xs: readonly T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length]!);

interface Commands {
  warm(tool: Tool, threads: number): { command: string; args: string[] };
  cold(tool: Tool, threads: number, wav: string): { command: string; args: string[] };
}

async function main(): Promise<void> {
  const model = resolve(flag('--model', ''));
  if (!flag('--model', '') || !existsSync(model)) throw new Error('--model FILE is required and must exist');
  const runs = count('--runs', '5');
  const warmup = count('--warmup', '1');
  const coldRuns = count('--cold-runs', String(runs));
  const threads = listFlag('--threads', '1,2').map(Number);
  if (threads.length === 0 || threads.some((t) => !Number.isInteger(t) || t < 1)) throw new Error('--threads must list whole numbers >= 1, e.g. 1,2');
  const cases = texts(listFlag('--cases', 'short,medium,long,pangram,paragraph'));
  const tools = listFlag('--tools', TOOLS.join(',')) as Tool[];
  for (const t of tools) if (!TOOLS.includes(t)) throw new Error(`unknown tool ${t} (tools: ${TOOLS.join(', ')})`);
  const voice = flag('--voice', 'af_heart');
  const voicesDir = resolve(flag('--voices-dir', join(ROOT, 'test', 'fixtures', 'voices')));
  const jsStream = new Set(listFlag('--js-stream-cases', 'paragraph'));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(join(ROOT, 'benchmarks', 'results'), { recursive: true });
  const jsonPath = resolve(flag('--json', join(ROOT, 'benchmarks', 'results', `peers-${stamp}.json`)));
  const mdPath = resolve(flag('--markdown', jsonPath.replace(/\.json$/, '') + '.md'));

  const p = peerPaths(ROOT, resolve(ROOT, process.env['KOKORO_PEERS_DIR'] || join('.cache', 'peers')));
  if (tools.includes('kokoro-onnx') && !existsSync(p.python)) throw new Error('kokoro-onnx is not installed: run bash benchmarks/peers/setup.sh');
  if (tools.includes('kokoro-js') && !existsSync(join(p.kokoroJsDir, 'node_modules', 'kokoro-js'))) throw new Error('kokoro-js is not installed: run bash benchmarks/peers/setup.sh');
  const js = tools.includes('kokoro-js') ? await prepareKokoroJs(p, model, voicesDir, voice) : null;
  const npz = tools.includes('kokoro-onnx') ? prepareKokoroOnnxVoices(p, voicesDir, voice) : null;
  if (tools.includes('sherpa-onnx') && !existsSync(join(p.sherpaDir, 'node_modules', 'sherpa-onnx-node'))) throw new Error('sherpa-onnx is not installed: run bash benchmarks/peers/setup.sh');
  const sherpa = tools.includes('sherpa-onnx') ? await prepareSherpaOnnx(p, model, voicesDir, voice) : null;

  const cmds: Commands = {
    warm(tool, t) {
      if (tool === 'kokoro-ts') return { command: process.execPath, args: [join(ROOT, 'dist', 'benchmarks', 'peers', 'kokoro-ts-driver.js'), '--model', model, '--voices-dir', voicesDir, '--voice', voice, '--threads', String(t)] };
      if (tool === 'kokoro-onnx') return { command: p.python, args: [join(HERE, 'kokoro_onnx_driver.py'), '--model', model, '--voices', npz!, '--voice', voice, '--threads', String(t)] };
      if (tool === 'sherpa-onnx') return { command: process.execPath, args: [join(HERE, 'sherpa-onnx-driver.cjs'), '--peer-dir', p.sherpaDir, '--model-dir', sherpa!.dir, '--data-dir', sherpa!.dataDir, '--sid', String(sherpa!.sid), '--threads', String(t)] };
      return { command: process.execPath, args: [join(HERE, 'kokoro-js-driver.cjs'), '--peer-dir', p.kokoroJsDir, '--model-dir', js!.dir, '--voice', voice, '--threads', String(t)] };
    },
    cold(tool, t, wav) {
      if (tool === 'kokoro-ts') return { command: process.execPath, args: [join(ROOT, 'bin', 'kokoro-ts'), 'synth', COLD_TEXT, '-o', wav, '-m', model, '--voices-dir', voicesDir, '--voice', voice, '--threads', String(t)] };
      const w = this.warm(tool, t);
      return { command: w.command, args: [...w.args, '--cold', '--text', COLD_TEXT, '--out', wav] };
    },
  };

  const { session: _s, sessionSources: _src, ...env } = await collectEnvironment(model, DEFAULT_SESSION_SETTINGS, allFrom('default'), ROOT);
  const report: PeersReport = {
    schemaVersion: 1,
    tool: 'kokoro-ts peers',
    environment: { ...env, voicePack: { path: join(voicesDir, `${voice}.bin`), sha256: await sha256File(join(voicesDir, `${voice}.bin`)) }, kokoroJs: js, kokoroOnnxVoices: npz, sherpaOnnx: sherpa },
    settings: { model, voice, threads, runs, warmup, coldRuns, cases: cases.map((c) => c.name), tools },
    versions: {},
    warm: [],
    cold: [],
  };
  const save = (): void => writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

  for (const t of threads) {
    if (runs > 0) {
      const drivers = new Map<Tool, DriverProcess>();
      for (const tool of tools) {
        const c = cmds.warm(tool, t);
        const { driver, ready } = await DriverProcess.start(tool, c.command, c.args, ROOT);
        drivers.set(tool, driver);
        report.versions[tool] = ready.versions;
        log(`[${t} thread${t === 1 ? '' : 's'}] ${tool} loaded (${secs(ready.loadMs)})`);
      }
      const rounds = [...Array.from({ length: warmup }, (_, i) => ({ round: i, warm: true })), ...Array.from({ length: runs }, (_, i) => ({ round: i, warm: false }))];
      for (const { round, warm } of rounds) {
        for (const c of cases) {
          for (const tool of rotate(tools, round)) {
            const req: Request = { case: c.name, text: c.text, ...(tool === 'kokoro-js' ? { mode: jsStream.has(c.name) ? 'stream' as const : 'generate' as const } : {}) };
            const m = await drivers.get(tool)!.request(req);
            report.warm.push({ ...m, threads: t, round, warmup: warm });
            log(`[${t}t] ${warm ? 'warm-up' : `run ${round + 1}/${runs}`} ${c.name} ${tool}: ${secs(m.wallMs)} (bare ${m.bareModelMs === null ? '—' : secs(m.bareModelMs)}, audio ${m.audioSeconds.toFixed(2)} s)`);
          }
        }
        save();
      }
      for (const d of drivers.values()) await d.close();
    }
    if (coldRuns > 0) {
      const wav = join(tmpdir(), `kokoro-peers-${process.pid}.wav`);
      const rounds = [...Array.from({ length: warmup }, (_, i) => ({ round: i, warm: true })), ...Array.from({ length: coldRuns }, (_, i) => ({ round: i, warm: false }))];
      for (const { round, warm } of rounds) {
        for (const tool of rotate(tools, round)) {
          const c = cmds.cold(tool, t, wav);
          const r = coldRun(c.command, c.args, ROOT, wav);
          report.cold.push({ tool, threads: t, round, warmup: warm, ...r } satisfies ColdRecord);
          log(`[${t}t] cold ${warm ? 'warm-up' : `run ${round + 1}/${coldRuns}`} ${tool}: ${secs(r.wallMs)} (peak RSS ${r.peakRssMb === null ? '—' : `${r.peakRssMb.toFixed(0)} MiB`})`);
        }
        save();
      }
    }
  }
  save();
  const md = peersMarkdown(report, summarizePeers(report.warm, report.cold));
  writeFileSync(mdPath, md);
  process.stdout.write(md);
  log(`raw results: ${jsonPath}\nsummary: ${mdPath}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`peers: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
