import { RunStore } from '../../../src/store/index.js';

/**
 * Holds the lock of a run: `hold-lock.ts <store> <runId> [exit]`. Prints "locked <pid>" once it
 * holds it; with "exit" it then exits normally without calling release(), otherwise it waits to be killed.
 */
const [file, runId, mode] = process.argv.slice(2) as [string, string, string | undefined];
const store = RunStore.open(file);
store.acquireRunLock(runId);
process.stdout.write(`locked ${process.pid}\n`, () => {
  if (mode === 'exit') process.exit(0);
});
if (mode !== 'exit') setInterval(() => {}, 60_000);
