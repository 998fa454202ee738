import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DATA_DIR_ENV, listBuiltinDatasets, resolveDataDir } from '../../datasets/index.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

export function registerDatasetsCommand(program: Command): void {
  program
    .command('datasets')
    .description(COMMAND_SUMMARIES.datasets)
    .option('--data-dir <dir>', `where built-in datasets are cached (default $${DATA_DIR_ENV} or ~/.cache/opro/datasets)`)
    .action((flags: { dataDir?: string }) => {
      const dataDir = resolveDataDir(flags.dataDir ? { dataDir: flags.dataDir } : {});
      // Present files only: their sha256 is checked when a run loads them.
      const isCached = (file: string): boolean => existsSync(path.join(dataDir, ...file.split('/')));
      let cached = 0;
      const rows = listBuiltinDatasets();
      for (const info of rows) {
        const here = [info.poolFile, ...(info.heldOutFile ? [info.heldOutFile] : [])].every(isCached);
        if (here) cached += 1;
        process.stdout.write(`${info.id.padEnd(48)} ${info.answerType.padEnd(8)} ${here ? 'cached' : 'downloaded on first use'}\n`);
      }
      process.stdout.write(`\n${cached} of ${rows.length} cached in ${dataDir} (change with ${DATA_DIR_ENV} or --data-dir)\n`);
      process.stdout.write(`or your own file: -d data.jsonl --input-field question --target-field answer --answer-type number\n`);
    });
}
