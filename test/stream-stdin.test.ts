import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, ROOT, runCli, standinArgs, testModelCache } from './helpers';
import { SentenceStream } from '../src/text/sentence-stream';
import { frontEndForVoice } from '../src/engine';

/** `synth --stream` reading a stdin the test keeps writing to: stdout bytes as they come. */
function live(args: string[]): { write: (t: string) => void; end: () => void; firstBytes: (ms: number) => Promise<boolean>; done: Promise<{ code: number | null; out: Buffer; err: string }> } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KOKORO_')) env[k] = v;
  env.KOKORO_RUNTIME = 'bundled';
  env.KOKORO_MODEL_CACHE = testModelCache();
  const child = spawn(process.execPath, [BIN, 'synth', '--stream', '--format', 'pcm', '-o', '-', ...standinArgs(), ...args], { cwd: ROOT, env });
  const out: Buffer[] = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const got = new Promise<void>((ok) => child.stdout.once('data', () => ok()));
  child.stdout.on('data', (d: Buffer) => out.push(d));
  return {
    write: (t) => child.stdin.write(t),
    end: () => child.stdin.end(),
    firstBytes: (ms) => Promise.race([got.then(() => true), new Promise<boolean>((ok) => setTimeout(() => ok(false), ms))]),
    done: new Promise((ok) => child.on('close', (code) => ok({ code, out: Buffer.concat(out), err }))),
  };
}

async function pcmOf(text: string): Promise<Buffer> {
  const r = await runCli(['synth', text, '--stream', '--format', 'pcm', '-o', '-', ...standinArgs()]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const FIRST = 'Hello there, this is the first sentence.';
const SECOND = 'And this second one comes much later.';

test('synth --stream on a stdin that keeps writing speaks the first sentence before the second is written', async () => {
  const p = live([]);
  p.write(`${FIRST} `);
  // The process loads its model meanwhile; audio must come with the second sentence still unwritten.
  assert.equal(await p.firstBytes(30_000), true, 'audio for the first sentence before the second was written');
  p.write(`${SECOND}\n`);
  p.end();
  const r = await p.done;
  assert.equal(r.code, 0, r.err);
  // Each sentence spoken whole, as its own text.
  assert.equal(r.out.length, (await pcmOf(FIRST)).length + (await pcmOf(SECOND)).length);
});

test('synth --stream --flush-after: a clause whose sentence has not ended is spoken after the timeout', async () => {
  const p = live(['--flush-after', '0.3']);
  p.write('This clause has no end yet, and');
  assert.equal(await p.firstBytes(30_000), true, 'the clause up to its comma was flushed');
  p.write(' then it ends.');
  p.end();
  const r = await p.done;
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.length, (await pcmOf('This clause has no end yet,')).length + (await pcmOf('and then it ends.')).length);
});

test('without --flush-after an unfinished sentence waits for its end', async () => {
  const p = live([]);
  p.write('This clause has no end yet, and');
  assert.equal(await p.firstBytes(6_000), false, 'nothing spoken before the sentence ends');
  p.end();
  assert.equal((await p.done).code, 0);
});

test('sentence stream: cuts where the front end cuts, never mid-word, whatever the pieces', () => {
  const text = 'Dr. Smith paid $5.50 today! Then he left. "Really?" she asked. The end';
  const whole = new SentenceStream(frontEndForVoice('af_heart'));
  const once = [...whole.push(text), ...whole.end()].map((s) => s.text);
  for (const size of [1, 2, 3, 7, 13]) {
    const s = new SentenceStream(frontEndForVoice('af_heart'));
    const got: { text: string; start: number }[] = [];
    for (let i = 0; i < text.length; i += size) got.push(...s.push(text.slice(i, i + size)));
    got.push(...s.end());
    assert.deepEqual(got.map((g) => g.text), once, `pieces of ${size}`);
    for (const g of got) assert.equal(text.slice(g.start, g.start + g.text.length), g.text);
  }
  assert.ok(once.length >= 3, once.join(' | '));
  assert.ok(once.includes('Then he left.'), once.join(' | '));
  assert.ok(!once.includes('Dr.'), `"Dr." is not a sentence: ${once.join(' | ')}`);
  const held = new SentenceStream(frontEndForVoice('af_heart'));
  assert.deepEqual(held.push('No end yet, and still'), []);
  assert.deepEqual(held.flushClause().map((s) => s.text), ['No end yet,']);
  assert.equal(held.pending, ' and still');
});
