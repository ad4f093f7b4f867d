import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, runCli, STANDIN, STANDIN_DURATIONS, standinArgs, tempDir, VOICES } from './helpers';

/**
 * The JSON results other tools read (bench, bench --batch, bench --models, bench --serve, tune, the
 * peer benchmark) keep their field sets: every path to a value ("cases[].rtf.median"), compared with
 * test/fixtures/schemas/NAME.json. Those lists were written from the outputs before the exporters
 * were unified, so a change of schema shows here. KOKORO_WRITE_SCHEMAS=1 rewrites them (after a
 * deliberate schema change, with schemaVersion raised).
 */
const SCHEMAS = join(FIXTURES, 'schemas');
const WRITE = process.env.KOKORO_WRITE_SCHEMAS === '1';

/** Every path to a leaf; array elements as [], an empty array as the path itself with []. */
export function fieldPaths(value: unknown, at = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.add(`${at}[]`);
    for (const v of value) fieldPaths(v, `${at}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) fieldPaths(v, at ? `${at}.${k}` : k, out);
  } else out.add(at);
  return out;
}

const sorted = (s: Set<string>): string[] => [...s].sort();

function checkSchema(name: string, paths: Set<string>): void {
  const file = join(SCHEMAS, `${name}.json`);
  if (WRITE) {
    mkdirSync(SCHEMAS, { recursive: true });
    writeFileSync(file, `${JSON.stringify(sorted(paths), null, 2)}\n`);
    return;
  }
  const want = JSON.parse(readFileSync(file, 'utf8')) as string[];
  assert.deepEqual(sorted(paths), want, `${name}: the JSON fields changed (test/fixtures/schemas/${name}.json)`);
}

async function jsonOf(args: string[]): Promise<unknown> {
  const out = join(tempDir(), 'r.json');
  const r = await runCli([...args, '--json', out]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8'));
}

test('fieldPaths: leaves, arrays and empty arrays', () => {
  assert.deepEqual(sorted(fieldPaths({ a: 1, b: { c: [{ d: null }, { e: 'x' }], f: [] } })), ['a', 'b.c[].d', 'b.c[].e', 'b.f[]']);
});

test('bench --json (with --stream and --timestamps): the field set is unchanged', async () => {
  checkSchema('bench', fieldPaths(await jsonOf(['bench', ...standinArgs(STANDIN_DURATIONS), '--cases', 'short', '--iterations', '1', '--warmup', '0', '--stream', '--timestamps'])));
});

test('bench --batch --json: the field set is unchanged', async () => {
  checkSchema('bench-batch', fieldPaths(await jsonOf(['bench', ...standinArgs(), '--cases', 'short', '--iterations', '1', '--batch', '--batch-jobs', '1', '--batch-lines', '2'])));
});

test('bench --models --json: the field set is unchanged', async () => {
  checkSchema('bench-models', fieldPaths(await jsonOf(['bench', '--models', `${STANDIN},${STANDIN_DURATIONS}`, '--voices-dir', VOICES, '--cases', 'short', '--iterations', '1', '--warmup', '0'])));
});

test('bench --serve --json: the field set is unchanged', async () => {
  checkSchema('bench-server', fieldPaths(await jsonOf(['bench', '--serve', ...standinArgs(), '--cases', 'short', '--concurrency', '1', '--requests', '2', '--warmup', '0'])));
});

test('tune --json: the field set is unchanged', async () => {
  checkSchema('tune', fieldPaths(await jsonOf(['tune', ...standinArgs(), '--case', 'short', '--threads', '1', '--modes', 'sequential', '--iterations', '1', '--warmup', '0', '--dry-run'])));
});

test('the peer benchmark: every committed result has fields of the recorded set, and together all of them', () => {
  // The peer run needs the other tools installed, so it is checked on its committed results: a run
  // with fewer tools or no cold runs has fewer fields, none it may not have.
  const dir = join(ROOT, 'benchmarks', 'peers', 'results');
  const each = readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => ({ n, paths: fieldPaths(JSON.parse(readFileSync(join(dir, n), 'utf8'))) }));
  assert.ok(each.length > 0);
  const all = new Set(each.flatMap((x) => [...x.paths]));
  // An empty array (cold[] without cold runs) or a null (kokoroJs without kokoro-js) in one file and
  // filled in another counts once, as its fields.
  for (const p of [...all]) if ([...all].some((q) => q.startsWith(`${p}.`))) all.delete(p);
  checkSchema('peers', all);
  if (WRITE) return;
  const want = new Set(JSON.parse(readFileSync(join(SCHEMAS, 'peers.json'), 'utf8')) as string[]);
  for (const { n, paths } of each) {
    const stray = [...paths].filter((p) => !want.has(p) && ![...want].some((w) => w.startsWith(`${p}.`)));
    assert.deepEqual(stray, [], `${n}: fields the peer result does not have`);
  }
});
