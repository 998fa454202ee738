/**
 * `opro serve`: its options and help. The dashboard server (serve-run.ts) loads only when the
 * command runs, so `opro serve --help` opens no SQLite.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { KindRegistry } from '../../kinds/registry.js';
import { DEFAULT_STORE_PATH } from '../../store/default-path.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../web/server/hosts.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

const MAX_PORT = 65_535;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_PORT) throw new InvalidArgumentError(`expected a port in 0..${MAX_PORT} (0 picks a free one), got "${value}"`);
  return n;
}

export interface ServeFlags {
  port: number;
  host: string;
  store?: string;
  open?: boolean;
}

/** `kinds` is the program's problem kinds when it is not the built-in set; the built-in set loads with the server. */
export function registerServeCommand(program: Command, kinds?: KindRegistry): void {
  program
    .command('serve')
    .description(COMMAND_SUMMARIES.serve)
    .option('--port <n>', `port to listen on (0 picks a free one)`, port, DEFAULT_PORT)
    .option('--host <address>', `address to listen on; anything but loopback exposes your runs, unauthenticated`, DEFAULT_HOST)
    .option('--store <path>', `run store (default ${DEFAULT_STORE_PATH})`)
    .option('--open', 'open the dashboard in the default browser')
    .addHelpText('after', `
The store is opened read-only and polled for new rows, so a run started with \`opro optimize\` in
another terminal shows up (and its curve grows) without reloading the page.

Examples:
  $ opro serve --open
  $ opro serve --store results/runs.sqlite --port 8080`)
    .action(async (flags: ServeFlags) => (await import('./serve-run.js')).runServeCommand(flags, kinds));
}
