import { RunStore } from '../../../src/store/index.js';

/**
 * Child for the concurrency test: opens the store at argv[2], creates and locks a run, prints
 * "ready", waits for a line on stdin, then does argv[3] rounds of the writes a run makes at step
 * edges (summary refresh, status) as fast as it can. Exits 0 when all succeeded, 1 with the error.
 */
const [file, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText);
const store = RunStore.open(file);
const runId = store.createRun({ kind: 'instructions', dataset: 'hammer', config: {} });
store.acquireRunLock(runId);
store.setStatus(runId, 'running', null);
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  try {
    for (let round = 0; round < rounds; round++) {
      store.updateSummary(runId, { costUsd: round });
      store.setStatus(runId, 'running', `round ${round}`, { costUsd: round });
    }
    store.setStatus(runId, 'completed', 'done');
    store.close();
    process.stdout.write(`${runId}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
});
