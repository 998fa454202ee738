/**
 * What each `opro runs` subcommand does once its flags are parsed (the options and help are in
 * runs.ts); loaded only when one runs, so `opro runs --help` opens no SQLite.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { builtinKinds } from '../../kinds/builtin.js';
import type { KindRegistry } from '../../kinds/registry.js';
import { endpointReportsFrom, formatEndpointReports } from '../../models/rate-limits/endpoint-report.js';
import { DEFAULT_STORE_PATH, RunStore, exportRun } from '../../store/index.js';
import { formatRunList, formatRunShow } from '../views/run-views.js';
import { exportPrompt, formatPromptCard } from '../../runs/prompt-export.js';
import { safeText } from '../../util/terminal-text.js';
import type { ExportFlags, ShowFlags, StoreFlags } from './runs.js';

function withStore<T>(flags: StoreFlags, readonly: boolean, use: (store: RunStore) => T | Promise<T>): Promise<T> {
  const store = RunStore.open(flags.store ?? DEFAULT_STORE_PATH, { readonly });
  return Promise.resolve(use(store)).finally(() => store.close());
}

/** `kinds` is the program's problem kinds when it is not the built-in set (see command-registry.ts). */
export function listRuns(flags: StoreFlags, kinds: KindRegistry = builtinKinds()): Promise<void> {
  return withStore(flags, true, (store) => {
    const rows = store.listRuns();
    process.stdout.write(rows.length === 0 ? 'no runs yet: start one with opro optimize\n' : `${safeText(formatRunList(rows, kinds))}\n`);
  });
}

export function showRun(runId: string, storeFlags: StoreFlags, flags: ShowFlags, kinds: KindRegistry = builtinKinds()): Promise<void> {
  return withStore(storeFlags, true, (store) => {
    const detail = store.getRunDetail(runId, { top: flags.top });
    const endpoints = formatEndpointReports(endpointReportsFrom(detail.run.summary.endpoints));
    const endpointSection = endpoints.length > 0 ? `\nEndpoints (429s, 5xx, retries, time waited on limits, limit or rate learned)\n${endpoints.map((l) => `  ${l}`).join('\n')}\n` : '';
    process.stdout.write(`${safeText(formatRunShow(detail, kinds))}\n${endpointSection}`);
  });
}

export function exportRunCommand(runId: string, storeFlags: StoreFlags, flags: ExportFlags, kinds: KindRegistry = builtinKinds()): Promise<void> {
  return withStore(storeFlags, true, async (store) => {
    if (flags.prompt) {
      const exported = exportPrompt(store, runId);
      const card = formatPromptCard(exported);
      if (!flags.out) {
        process.stdout.write(card);
        return;
      }
      mkdirSync(flags.out, { recursive: true });
      writeFileSync(join(flags.out, 'prompt.json'), `${JSON.stringify(exported, null, 2)}\n`);
      writeFileSync(join(flags.out, 'card.md'), card);
      process.stderr.write(`wrote ${join(flags.out, 'prompt.json')} and ${join(flags.out, 'card.md')}\n`);
      return;
    }
    const columns = kinds.find(store.read.runBasics(runId).kind)?.exportColumns ?? [];
    const out = flags.out ? createWriteStream(flags.out) : process.stdout;
    await exportRun(store, runId, flags.format, out, { best: Boolean(flags.best), columns });
    if (flags.out) {
      (out as ReturnType<typeof createWriteStream>).end();
      await once(out, 'finish');
    }
  });
}

export function removeRun(runId: string, storeFlags: StoreFlags): Promise<void> {
  return withStore(storeFlags, false, (store) => {
    store.deleteRun(runId);
    process.stdout.write(`deleted run ${runId}\n`);
  });
}
