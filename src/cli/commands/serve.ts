import { spawn } from 'node:child_process';
import { InvalidArgumentError, type Command } from 'commander';
import { builtinKinds } from '../../kinds/builtin.js';
import type { KindRegistry } from '../../kinds/registry.js';
import { DEFAULT_STORE_PATH } from '../../store/index.js';
import { DEFAULT_HOST, DEFAULT_PORT, exposureWarning } from '../../web/server/hosts.js';
import { startDashboardServer } from '../../web/server/dashboard-server.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

const MAX_PORT = 65_535;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_PORT) throw new InvalidArgumentError(`expected a port in 0..${MAX_PORT} (0 picks a free one), got "${value}"`);
  return n;
}

/** Opens `url` in the default browser; failing to is not an error (the URL is printed anyway). */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`opro serve: could not open a browser; open ${url} yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`opro serve: could not open a browser; open ${url} yourself\n`);
  }
}

interface ServeFlags {
  port: number;
  host: string;
  store?: string;
  open?: boolean;
}

export function registerServeCommand(program: Command, kinds: KindRegistry = builtinKinds()): void {
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
    .action(async (flags: ServeFlags) => {
      const host = flags.host;
      const server = await startDashboardServer({ storePath: flags.store ?? DEFAULT_STORE_PATH, host, port: flags.port, kinds }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        throw new Error(`port ${String(flags.port)} on ${host} is already in use (another opro serve?): choose another with --port <n>, or --port 0 for any free port`);
      });
      const warning = exposureWarning(host);
      if (warning) process.stderr.write(`opro serve: ${warning}\n`);
      process.stdout.write(`opro dashboard: ${server.url}  (Ctrl-C to stop)\n`);
      if (flags.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      process.stderr.write('opro serve: stopped\n');
    });
}
