import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastMeasured } from '../src/results/last-rtf';
import { runCli, STANDIN, tempDir, VOICES } from './helpers';

const HERE = { brand: 'AMD EPYC', id: 'AuthenticAMD family 25 model 17 stepping 1', logicalCores: 2 };

function bench(sha: string, when: string, cases: [string, number, number][], cpu = HERE): object {
  return {
    schemaVersion: 1, tool: 'kokoro-ts bench', voice: 'af_heart', speed: 1,
    environment: { cpu: { brand: cpu.brand, id: cpu.id, logicalCores: cpu.logicalCores }, onnxruntime: '1.23.2', model: { sha256: sha }, session: { intraOpNumThreads: 2 }, timestamp: when },
    cases: cases.map(([name, audioSeconds, rtf]) => ({ name, audioSeconds, rtf: { median: rtf } })),
  };
}

test('last measured RTF: newest run per file on this machine, its longest case; bench --models files count; others skipped', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'old.json'), JSON.stringify(bench('aaa', '2026-11-01T00:00:00Z', [['short', 1, 0.9], ['long', 20, 0.5]])));
  writeFileSync(join(dir, 'new.json'), JSON.stringify(bench('aaa', '2026-11-02T00:00:00Z', [['long', 20, 0.4], ['short', 1, 0.8]])));
  writeFileSync(join(dir, 'other-cpu.json'), JSON.stringify(bench('aaa', '2026-11-03T00:00:00Z', [['long', 20, 0.1]], { ...HERE, brand: 'Intel Xeon' })));
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ tool: 'kokoro-ts bench --models', reports: [bench('bbb', '2026-11-02T00:00:00Z', [['medium', 5, 0.3]])] }));
  writeFileSync(join(dir, 'tune.json'), JSON.stringify({ tool: 'kokoro-ts tune', trials: [] }));
  writeFileSync(join(dir, 'broken.json'), '{');
  const m = await lastMeasured([dir, join(dir, 'missing')], HERE);
  assert.deepEqual(m.get('aaa'), { caseName: 'long', rtf: 0.4, threads: 2, onnxruntime: '1.23.2', timestamp: '2026-11-02T00:00:00Z' });
  assert.equal(m.get('bbb')?.rtf, 0.3);
  assert.equal(m.size, 2);
});

test('models shows the last RTF a bench measured for the file here', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'models'));
  mkdirSync(join(dir, 'benchmarks', 'results'), { recursive: true });
  copyFileSync(STANDIN, join(dir, 'models', 'model.onnx'));
  const before = await runCli(['models'], { cwd: dir });
  assert.equal(before.code, 0, before.stderr);
  assert.match(before.stdout.toString(), /model\.onnx .*│ -\s+│/, 'nothing measured yet');
  const b = await runCli(['bench', '-m', 'models/model.onnx', '--voices-dir', VOICES, '--cases', 'short', '--iterations', '1', '--warmup', '0', '--json', 'benchmarks/results/run.json'], { cwd: dir });
  assert.equal(b.code, 0, b.stderr);
  const after = await runCli(['models'], { cwd: dir });
  assert.match(after.stdout.toString(), /model\.onnx .*│ [0-9]\.[0-9]{3} \(short, [^)]*ort [0-9.]+, 20[0-9-]+\)/);
});
