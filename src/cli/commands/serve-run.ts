/** What `opro serve` does once its flags are parsed (the options and help are in serve.ts). */
import { spawn } from 'node:child_process';
import { builtinKinds } from '../../kinds/builtin.js';
import type { KindRegistry } from '../../kinds/registry.js';
import { DEFAULT_STORE_PATH } from '../../store/default-path.js';
import { exposureWarning } from '../../web/server/hosts.js';
import { startDashboardServer } from '../../web/server/dashboard-server.js';
import type { ServeFlags } from './serve.js';

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

/** `kinds` is the program's problem kinds when it is not the built-in set (see command-registry.ts). */
export async function runServeCommand(flags: ServeFlags, kinds: KindRegistry = builtinKinds()): Promise<void> {
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
}
