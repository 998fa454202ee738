import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Command } from 'commander';
import { builtinKinds } from '../../kinds/builtin.js';
import type { KindRegistry } from '../../kinds/registry.js';
import { endpointReportsFrom, formatEndpointReports } from '../../models/rate-limits/endpoint-report.js';
import { DEFAULT_STORE_PATH, EXPORT_FORMATS, RunStore, exportRun, type ExportFormat } from '../../store/index.js';
import { oneOf } from '../parsers.js';
import { formatRunList, formatRunShow } from '../views/run-views.js';
import { runOptimizeCommand } from './optimize-run.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';
import { exportPrompt, formatPromptCard } from '../../runs/prompt-export.js';
import { safeText } from '../../util/terminal-text.js';

interface StoreFlags {
  store?: string;
}

interface ShowFlags {
  top: number;
}

interface ExportFlags {
  /** Write the winning prompt and its card (a folder with --out). */
  prompt?: boolean;
  format: ExportFormat;
  best?: boolean;
  out?: string;
}

function withStore<T>(flags: StoreFlags, readonly: boolean, use: (store: RunStore) => T | Promise<T>): Promise<T> {
  const store = RunStore.open(flags.store ?? DEFAULT_STORE_PATH, { readonly });
  return Promise.resolve(use(store)).finally(() => store.close());
}

export function registerRunsCommand(program: Command, kinds: KindRegistry = builtinKinds()): void {
  const runs = program
    .command('runs')
    .description(COMMAND_SUMMARIES.runs)
    .option('--store <path>', `run store (default ${DEFAULT_STORE_PATH})`)
    .action((flags: StoreFlags) =>
      withStore(flags, true, (store) => {
        const rows = store.listRuns();
        process.stdout.write(rows.length === 0 ? 'no runs yet: start one with opro optimize\n' : `${safeText(formatRunList(rows, kinds))}\n`);
      }),
    );
  const storeFlags = (): StoreFlags => runs.opts<StoreFlags>();

  runs
    .command('show <run-id>')
    .description('manifest, best instructions with train and test accuracy (a task metric\'s score), score per step, failures by kind')
    .option('--top <n>', 'how many of the best solutions to list', (v) => Number(v), 5)
    .action((runId: string, flags: ShowFlags) =>
      withStore(storeFlags(), true, (store) => {
        const detail = store.getRunDetail(runId, { top: flags.top });
        const endpoints = formatEndpointReports(endpointReportsFrom(detail.run.summary.endpoints));
        const endpointSection = endpoints.length > 0 ? `\nEndpoints (429s, 5xx, retries, time waited on limits, limit or rate learned)\n${endpoints.map((l) => `  ${l}`).join('\n')}\n` : '';
        process.stdout.write(`${safeText(formatRunShow(detail, kinds))}\n${endpointSection}`);
      }),
    );

  runs
    .command('export <run-id>')
    .description('write everything about a run (streamed): json, jsonl or csv; --best writes just the winning solution')
    .option('--format <format>', 'json, jsonl (one record per line) or csv (one row per candidate)', oneOf(EXPORT_FORMATS as readonly ExportFormat[]), 'jsonl')
    .option('--best', 'write only the best solution as plain text (for use in another program)')
    .option('--prompt', 'write the winning prompt as a ready template (prompt.json: text or chat messages, its variables) and a card (card.md: task, models, scores with 95% intervals, cost per 1,000 calls) into --out <dir>, or print the card')
    .option('--out <file>', 'write to a file instead of stdout (a folder with --prompt)')
    .action((runId: string, flags: ExportFlags) =>
      withStore(storeFlags(), true, async (store) => {
        if (flags.prompt) {
          const exported = exportPrompt(store, runId);
          const card = formatPromptCard(exported);
          if (!flags.out) {
            process.stdout.write(card);
            return;
          }
          mkdirSync(flags.out, { recursive: true });
          writeFileSync(join(flags.out, 'prompt.json'), `${JSON.stringify(exported, null, 2)}
`);
          writeFileSync(join(flags.out, 'card.md'), card);
          process.stderr.write(`wrote ${join(flags.out, 'prompt.json')} and ${join(flags.out, 'card.md')}
`);
          return;
        }
        const columns = kinds.find(store.read.runBasics(runId).kind)?.exportColumns ?? [];
        const out = flags.out ? createWriteStream(flags.out) : process.stdout;
        await exportRun(store, runId, flags.format, out, { best: Boolean(flags.best), columns });
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
    .action(async (runId: string, flags: { quiet?: boolean }, cmd: Command) => {
      await runOptimizeCommand({ ...storeFlags(), ...flags, resume: runId }, cmd);
    });

  runs
    .command('rm <run-id>')
    .description('delete a run and everything recorded for it (the model-call cache is kept)')
    .action((runId: string) =>
      withStore(storeFlags(), false, (store) => {
        store.deleteRun(runId);
        process.stdout.write(`deleted run ${runId}\n`);
      }),
    );
}
