import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { DEFAULT_STORE_PATH, EXPORT_FORMATS, RunStore, exportRun, formatRunList, formatRunShow, type ExportFormat } from '../../store/index.js';
import { oneOf } from '../parsers.js';
import { runOptimizeCommand } from './optimize.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

function openStore(flags: Record<string, unknown>, readonly = true): RunStore {
  return RunStore.open((flags.store as string | undefined) ?? DEFAULT_STORE_PATH, { readonly });
}

function withStore<T>(flags: Record<string, unknown>, readonly: boolean, use: (store: RunStore) => T | Promise<T>): Promise<T> {
  const store = openStore(flags, readonly);
  return Promise.resolve(use(store)).finally(() => store.close());
}

export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description(COMMAND_SUMMARIES.runs)
    .option('--store <path>', `run store (default ${DEFAULT_STORE_PATH})`)
    .action((flags: Record<string, unknown>) =>
      withStore(flags, true, (store) => {
        const rows = store.listRuns();
        process.stdout.write(rows.length === 0 ? 'no runs yet: start one with opro optimize\n' : `${formatRunList(rows)}\n`);
      }),
    );

  runs
    .command('show <run-id>')
    .description('manifest, best instructions with train and test accuracy, score per step, failures by kind')
    .option('--top <n>', 'how many of the best solutions to list', (v) => Number(v), 5)
    .action((runId: string, flags: Record<string, unknown>) =>
      withStore({ ...runs.opts(), ...flags }, true, (store) => {
        process.stdout.write(`${formatRunShow(store.getRunDetail(runId, { top: flags.top as number }))}\n`);
      }),
    );

  runs
    .command('export <run-id>')
    .description('write everything about a run (streamed): json, jsonl or csv; --best writes just the winning solution')
    .option('--format <format>', 'json, jsonl (one record per line) or csv (one row per candidate)', oneOf(EXPORT_FORMATS as readonly ExportFormat[]), 'jsonl')
    .option('--best', 'write only the best solution as plain text (for use in another program)')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((runId: string, flags: Record<string, unknown>) =>
      withStore({ ...runs.opts(), ...flags }, true, async (store) => {
        const out = flags.out ? createWriteStream(flags.out as string) : process.stdout;
        await exportRun(store, runId, flags.format as ExportFormat, out, { best: Boolean(flags.best) });
        if (flags.out) {
          (out as ReturnType<typeof createWriteStream>).end();
          await once(out, 'finish');
        }
      }),
    );

  runs
    .command('resume <run-id>')
    .description('continue a run that stopped (same as opro optimize --resume <run-id>)')
    .option('-q, --quiet', 'no progress output')
    .action(async (runId: string, flags: Record<string, unknown>, cmd: Command) => {
      await runOptimizeCommand({ ...runs.opts(), ...flags, resume: runId }, cmd);
    });

  runs
    .command('rm <run-id>')
    .description('delete a run and everything recorded for it (the model-call cache is kept)')
    .action((runId: string, flags: Record<string, unknown>) =>
      withStore({ ...runs.opts(), ...flags }, false, (store) => {
        store.deleteRun(runId);
        process.stdout.write(`deleted run ${runId}\n`);
      }),
    );
}
