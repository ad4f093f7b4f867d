import type { Command } from 'commander';
import Table from 'cli-table3';
import { installedModels } from '../download/installed';
import { writeStdout } from './io';
import { modelDirs } from './paths';

export function registerModels(program: Command): void {
  program
    .command('models')
    .description('list installed model files: variant, size, sha256, whether verified')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const rows = await installedModels(modelDirs(process.cwd()));
      if (flags.json) return writeStdout(`${JSON.stringify({ models: rows }, null, 2)}\n`);
      if (rows.length === 0) return writeStdout(`No model files in ${modelDirs(process.cwd()).join(' or ')}. Run: kokoro-ts download\n`);
      const t = new Table({ head: ['file', 'variant', 'MB', 'sha256', 'verified'] });
      for (const r of rows) t.push([r.path, r.variant, (r.bytes / 1e6).toFixed(1), `${r.sha256.slice(0, 16)}…`, r.verified ?? 'no']);
      await writeStdout(`${t.toString()}\n`);
    });
}
