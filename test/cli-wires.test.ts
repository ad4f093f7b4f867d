import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

/**
 * cli/ only wires: tables are built in report/, files are written through util/fs.ts (atomically)
 * or the exporters, never with node:fs writers of a command's own.
 */
const FS_WRITERS = new Set([
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'write', 'writeSync', 'writev', 'writevSync',
  'copyFile', 'copyFileSync', 'cp', 'cpSync', 'rename', 'renameSync', 'truncate', 'truncateSync', 'open', 'openSync',
]);

/** What a source's imports break of that rule, one line each. */
export function wiringViolations(source: string): string[] {
  const bad: string[] = [];
  for (const m of source.matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)';/gms)) {
    const [, typeOnly, what, from] = m as unknown as [string, string | undefined, string, string];
    if (typeOnly) continue;
    if (from === 'cli-table3') bad.push(`imports cli-table3: tables belong in src/report/`);
    if (!/^(node:)?fs(\/promises)?$/.test(from)) continue;
    if (!what.startsWith('{')) {
      bad.push(`imports all of ${from} (${what}): import only the readers it uses`);
      continue;
    }
    const names = what.replace(/[{}]/g, '').split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter(Boolean);
    for (const n of names) if (FS_WRITERS.has(n)) bad.push(`imports ${n} from ${from}: write through src/util/fs.ts or the exporters`);
  }
  return bad;
}

test('no src/cli/ file builds a table or writes with node:fs itself', () => {
  const dir = join(ROOT, 'src', 'cli');
  const bad = readdirSync(dir).filter((n) => n.endsWith('.ts')).flatMap((n) => wiringViolations(readFileSync(join(dir, n), 'utf8')).map((v) => `cli/${n}: ${v}`));
  assert.deepEqual(bad, []);
});

test('the check sees the imports it forbids, and lets readers through', () => {
  assert.deepEqual(wiringViolations("import type { Command } from 'commander';\nimport Table from 'cli-table3';\n"), ['imports cli-table3: tables belong in src/report/']);
  assert.deepEqual(wiringViolations("import {\n  readFile,\n  writeFile as put,\n} from 'node:fs/promises';\n"), ['imports writeFile from node:fs/promises: write through src/util/fs.ts or the exporters']);
  assert.deepEqual(wiringViolations("import { createWriteStream, statSync } from 'fs';"), ['imports createWriteStream from fs: write through src/util/fs.ts or the exporters']);
  assert.equal(wiringViolations("import * as fs from 'node:fs';").length, 1);
  assert.deepEqual(wiringViolations("import { readFile, rm } from 'node:fs/promises';\nimport { accessSync, constants, mkdirSync } from 'node:fs';\nimport { atomicWriteFile } from '../util/fs';"), []);
});
