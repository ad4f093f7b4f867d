/**
 * Peak RSS of `kokoro-ts serve` under English load, misaki path vs espeak path (issue 17: the misaki
 * front end adds at most 60 MB; the engine host phonemizes once for all its workers). Each round
 * starts a server per path (alternating which goes first), sends the same concurrent requests in an
 * American and a British voice, including words no lexicon has (so espeak starts on the misaki path
 * too), stops it, and reads its peak RSS from GNU time. The stand-in model by default: the front end
 * is what differs, the model is the same on both sides.
 *
 *   npm run build && node dist/benchmarks/serve-g2p-rss.js [--rounds 3] [--model PATH] [--voices-dir DIR]
 */
import { execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../src/bench/stats';
import { flag, ROOT } from './lib';
import { untilServing } from '../src/serve/log';

const TEXTS = [
  'The lighthouse keeper wrote down the weather, the tides, and the birds that rested on the railing.',
  'Visitors read the careful handwriting and wonder about the man who wrote it. Was he lonely, out there?',
  'Our zorblatt quantifier and the flimbergast array were calibrated at 9:30 on March 3rd, for $12.50.',
];
const VOICES = ['af_heart', 'bf_emma'];

function post(port: number, body: object): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/audio/speech', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

async function peakRssMb(g2p: string, model: string, voicesDir: string): Promise<number> {
  // GNU time writes the peak RSS (kB) alone into its own file, apart from the server's log.
  const peakFile = join(mkdtempSync(join(tmpdir(), 'kokoro-g2p-rss-')), 'peak-kb');
  const child = spawn('/usr/bin/time', ['-o', peakFile, '-f', '%M', process.execPath, join(ROOT, 'bin', 'kokoro-ts'), 'serve', '--port', '0', '-m', model, '--voices-dir', voicesDir, '--workers', '2', '--threads', '2', '--g2p', g2p, '--log-format', 'json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const port = (await untilServing(child.stderr, exited)).http!.port;
  for (let round = 0; round < 2; round++) {
    const codes = await Promise.all(TEXTS.flatMap((input) => VOICES.map((voice) => post(port, { input, voice, response_format: 'wav' }))));
    if (codes.some((c) => c !== 200)) throw new Error(`a request failed: ${codes.join(' ')}\n${err}`);
  }
  // GNU time ignores SIGINT and passes on nothing: signal the kokoro-ts it runs (which forwards to serve).
  const launcher = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n')[0]!;
  process.kill(Number(launcher), 'SIGINT');
  await exited;
  const kb = Number(readFileSync(peakFile, 'utf8').trim());
  if (!Number.isFinite(kb) || kb <= 0) throw new Error(`no peak RSS from GNU time:\n${err}`);
  return kb / 1024;
}

async function main(): Promise<void> {
  const rounds = Number(flag('--rounds', '3'));
  const model = flag('--model', join(ROOT, 'test', 'fixtures', 'models', 'kokoro-standin.onnx'));
  const voicesDir = flag('--voices-dir', join(ROOT, 'test', 'fixtures', 'voices'));
  const peaks: Record<string, number[]> = { espeak: [], misaki: [] };
  for (let r = 0; r < rounds; r++) {
    for (const g2p of r % 2 === 0 ? ['espeak', 'misaki'] : ['misaki', 'espeak']) peaks[g2p]!.push(await peakRssMb(g2p, model, voicesDir));
  }
  for (const [k, xs] of Object.entries(peaks)) console.log(`serve --g2p ${k}: peak RSS median ${summarize(xs).median.toFixed(0)} MB (${xs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`misaki adds ${(summarize(peaks.misaki!).median - summarize(peaks.espeak!).median).toFixed(0)} MB (medians, ${rounds} rounds, interleaved)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
