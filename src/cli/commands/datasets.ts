/** `opro datasets`: its option and help; the listing (datasets-run.ts) loads the dataset catalog only when it runs. */
import type { Command } from 'commander';
import { DATA_DIR_ENV } from '../../datasets/env.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

export function registerDatasetsCommand(program: Command): void {
  program
    .command('datasets')
    .description(COMMAND_SUMMARIES.datasets)
    .option('--data-dir <dir>', `where built-in datasets are cached (default $${DATA_DIR_ENV} or ~/.cache/opro/datasets)`)
    .action(async (flags: { dataDir?: string }) => (await import('./datasets-run.js')).runDatasetsCommand(flags));
}
