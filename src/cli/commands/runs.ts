/**
 * `opro runs` and its subcommands: their options and help. What each does (runs-actions.ts, and
 * optimize-run.ts for `runs resume`) loads only when it runs, so `opro runs ... --help` stays quick.
 */
import type { Command } from 'commander';
import type { KindRegistry } from '../../kinds/registry.js';
import { DEFAULT_STORE_PATH } from '../../store/default-path.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../store/export-formats.js';
import { oneOf } from '../parsers.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

export interface StoreFlags {
  store?: string;
}

export interface ShowFlags {
  top: number;
}

export interface ExportFlags {
  /** Write the winning prompt and its card (a folder with --out). */
  prompt?: boolean;
  format: ExportFormat;
  best?: boolean;
  out?: string;
}

const actions = (): Promise<typeof import('./runs-actions.js')> => import('./runs-actions.js');

/** `kinds` is the program's problem kinds when it is not the built-in set; the built-in set loads with the actions. */
export function registerRunsCommand(program: Command, kinds?: KindRegistry): void {
  const runs = program
    .command('runs')
    .description(COMMAND_SUMMARIES.runs)
    .option('--store <path>', `run store (default ${DEFAULT_STORE_PATH})`)
    .action(async (flags: StoreFlags) => (await actions()).listRuns(flags, kinds));
  const storeFlags = (): StoreFlags => runs.opts<StoreFlags>();

  runs
    .command('show <run-id>')
    .description('manifest, best instructions with train and test accuracy (a task metric\'s score), score per step, failures by kind')
    .option('--top <n>', 'how many of the best solutions to list', (v) => Number(v), 5)
    .action(async (runId: string, flags: ShowFlags) => (await actions()).showRun(runId, storeFlags(), flags, kinds));

  runs
    .command('export <run-id>')
    .description('write everything about a run (streamed): json, jsonl or csv; --best writes just the winning solution')
    .option('--format <format>', 'json, jsonl (one record per line) or csv (one row per candidate)', oneOf(EXPORT_FORMATS as readonly ExportFormat[]), 'jsonl')
    .option('--best', 'write only the best solution as plain text (for use in another program)')
    .option('--prompt', 'write the winning prompt as a ready template (prompt.json: text or chat messages, its variables) and a card (card.md: task, models, scores with 95% intervals, cost per 1,000 calls) into --out <dir>, or print the card')
    .option('--out <file>', 'write to a file instead of stdout (a folder with --prompt)')
    .action(async (runId: string, flags: ExportFlags) => (await actions()).exportRunCommand(runId, storeFlags(), flags, kinds));

  runs
    .command('resume <run-id>')
    .description('continue a run that stopped (same as opro optimize --resume <run-id>)')
    .option('-q, --quiet', 'no progress output')
    .action(async (runId: string, flags: { quiet?: boolean }, cmd: Command) => {
      await (await import('./optimize-run.js')).runOptimizeCommand({ ...storeFlags(), ...flags, resume: runId }, cmd);
    });

  runs
    .command('rm <run-id>')
    .description('delete a run and everything recorded for it (the model-call cache is kept)')
    .action(async (runId: string) => (await actions()).removeRun(runId, storeFlags()));
}
