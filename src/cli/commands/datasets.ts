import type { Command } from 'commander';
import { listBuiltinDatasets } from '../../datasets/index.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

export function registerDatasetsCommand(program: Command): void {
  program
    .command('datasets')
    .description(COMMAND_SUMMARIES.datasets)
    .action(() => {
      const rows = listBuiltinDatasets();
      for (const info of rows) {
        process.stdout.write(`${info.id.padEnd(48)} ${info.answerType}\n`);
      }
      process.stdout.write(`\nor your own file: -d data.jsonl --input-field question --target-field answer --answer-type number\n`);
    });
}
