import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers';

/**
 * The import direction of docs/architecture.md, checked on the sources: a module may import its own
 * folder and the layers below it, never a layer above or beside it; report/ reads results only
 * (value imports from report/ itself or a types.ts, everything else `import type`); nothing below
 * cli/ touches argv, the environment, exit, stdout/stdin or the console; and there are no cycles.
 */
const LAYERS: Record<string, number> = {
  spec: 0, util: 0, types: 0,
  text: 1, audio: 1,
  engine: 2,
  host: 3, config: 3, captions: 3, 'model-edit': 3,
  batch: 4, download: 4, serve: 4, book: 4,
  bench: 5,
  tune: 6,
  results: 7,
  report: 8,
  cli: 9,
};

const SRC = join(ROOT, 'src');
/** Pure arithmetic report/ shares with bench/ rather than copy (the box plots' quartiles are the bench statistics' own). */
const REPORT_MAY_USE = new Set(['util/quantile.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : rel.replace(/\.ts$/, '');
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const f of files(SRC)) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)';/gms)) {
      let to = resolve(dirname(f), m[3]!);
      try {
        if (statSync(to).isDirectory()) to = join(to, 'index');
      } catch {
        /* a file */
      }
      if (!to.endsWith('.json')) to += '.ts';
      out.push({ from: f, to, typeOnly: m[2] !== undefined });
    }
  }
  return out;
}

test('every folder under src/ has a place in the layering', () => {
  for (const f of files(SRC)) assert.ok(layerOf(f) in LAYERS, `${relative(SRC, f)}: add its folder to LAYERS and to docs/architecture.md`);
});

test('imports run one way: down the layers, report/ reads result types only', () => {
  const bad: string[] = [];
  for (const e of edges()) {
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    const where = `${relative(SRC, e.from)} -> ${relative(SRC, e.to)}`;
    if (a === b) continue;
    if (a === 'report') {
      if (!e.typeOnly && !e.to.endsWith('/types.ts') && !REPORT_MAY_USE.has(relative(SRC, e.to))) bad.push(`${where}: report/ may import values only from a types.ts`);
      continue;
    }
    if (LAYERS[b]! >= LAYERS[a]!) bad.push(`${where}: ${a} (layer ${LAYERS[a]}) may not import ${b} (layer ${LAYERS[b]})`);
  }
  assert.deepEqual(bad, []);
});

test('only cli/ reads argv or the environment, exits, or writes to stdout or the console', () => {
  const bad = files(SRC)
    .filter((f) => layerOf(f) !== 'cli')
    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/process\.(argv|env|exit|stdout|stdin)|console\./g)].map((m) => `${relative(SRC, f)}: ${m[0]}`));
  assert.deepEqual(bad, []);
});

test('no import cycles between files', () => {
  const graph = new Map<string, string[]>();
  for (const e of edges()) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' -> '));
      return;
    }
    state.set(f, 'open');
    for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f, []);
  assert.deepEqual(cycles, []);
});

test('the checker sees a violation when there is one', () => {
  // Guards the checks above against passing vacuously (an import regex that matches nothing).
  const all = edges();
  assert.ok(all.length > 100, `${all.length} imports found`);
  assert.ok(all.some((e) => layerOf(e.from) === 'cli' && layerOf(e.to) === 'engine'));
  assert.ok(all.some((e) => e.typeOnly));
});
