import type { Command } from 'commander';
import { listBuiltinDatasets } from '../../datasets/index.js';

export function registerDatasetsCommand(program: Command): void {
  program
    .command('datasets')
    .description('list the built-in datasets (downloaded once from their public source, then cached and verified)')
    .action(() => {
      const rows = listBuiltinDatasets();
      for (const info of rows) {
        process.stdout.write(`${info.id.padEnd(48)} ${info.answerType}\n`);
      }
      process.stdout.write(`\nor your own file: -d data.jsonl --input-field question --target-field answer --answer-type number\n`);
    });
}
