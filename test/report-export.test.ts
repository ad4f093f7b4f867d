import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExportManager, type ExportIo, type ExportPlan, type Renderers } from '../src/report/export';

/** An ExportIo that records every write, in order. */
function recorder(): { io: ExportIo; log: string[] } {
  const log: string[] = [];
  const io: ExportIo = {
    writeFile: async (path, text) => void log.push(`file ${path}: ${text}`),
    stdout: async (text) => void log.push(`stdout: ${text}`),
    stderr: async (text) => void log.push(`stderr: ${text}`),
    colour: (stream) => stream === 'stdout',
  };
  return { io, log };
}

const renderers: Renderers<number> = {
  table: (n, colour) => `table ${n}${colour ? ' coloured' : ''}`,
  json: (n) => `json ${n}`,
  markdown: (n) => `md ${n}`,
  html: (n) => `html ${n}`,
};

const plan = (p: Partial<ExportPlan>): ExportPlan => ({ json: null, markdown: null, html: null, ...p });

test('finish: the table for people, then JSON, Markdown and HTML where planned; the JSON file named on stderr', async () => {
  const { io, log } = recorder();
  await new ExportManager(plan({ json: '/r.json', markdown: '/r.md', html: '/r.html' }), renderers, io).finish(7);
  assert.deepEqual(log, ['stdout: table 7 coloured', 'file /r.json: json 7', 'stderr: Results: /r.json\n', 'file /r.md: md 7', 'file /r.html: html 7']);
});

test('--json -: the JSON alone on stdout, once, at the end; the table goes to stderr, uncoloured; save writes nothing', async () => {
  const { io, log } = recorder();
  const out = new ExportManager(plan({ json: '-' }), renderers, io, 'Trials');
  assert.equal(out.stdoutTaken, true);
  await out.save(1);
  assert.deepEqual(log, []);
  await out.finish(2);
  assert.deepEqual(log, ['stderr: table 2', 'stdout: json 2']);
});

test('save after each case writes the JSON file only; --html - takes stdout only for a kind that has HTML', async () => {
  const { io, log } = recorder();
  const out = new ExportManager(plan({ json: '/r.json', markdown: '/r.md', html: '-' }), renderers, io, 'Trials');
  assert.equal(out.stdoutTaken, true);
  await out.save(1);
  assert.deepEqual(log, ['file /r.json: json 1']);
  await out.finish(2);
  assert.deepEqual(log.slice(1), ['stderr: table 2', 'file /r.json: json 2', 'stderr: Trials: /r.json\n', 'file /r.md: md 2', 'stdout: html 2']);
  const plain = recorder();
  const json = new ExportManager(plan({ html: '-', markdown: '/r.md' }), { table: renderers.table, json: renderers.json }, plain.io);
  assert.equal(json.stdoutTaken, false, 'no HTML form: --html is not written, stdout stays the table\'s');
  await json.finish(3);
  assert.deepEqual(plain.log, ['stdout: table 3 coloured']);
});

test('finish does not write again the JSON the last save wrote (a named pipe as --json takes one write)', async () => {
  const { io, log } = recorder();
  const out = new ExportManager(plan({ json: '/fifo' }), renderers, io);
  await out.save(5);
  await out.finish(5);
  assert.deepEqual(log, ['file /fifo: json 5', 'stdout: table 5 coloured', 'stderr: Results: /fifo\n']);
});
