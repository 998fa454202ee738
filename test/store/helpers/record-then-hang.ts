import { RunStore } from '../../../src/store/index.js';
import { syntheticRun } from '../synthetic-run.js';

/**
 * Records the first <count> events of the synthetic run under its lock, prints "recorded", then
 * hangs until SIGKILLed: the crash half of the crash-and-resume test.
 */
const [file, runId, count] = process.argv.slice(2) as [string, string, string];
const store = RunStore.open(file);
store.acquireRunLock(runId);
const record = store.recorder(runId);
for (const event of syntheticRun({ steps: 5 }).events.slice(0, Number(count))) record(event);
process.stdout.write('recorded\n');
setInterval(() => {}, 60_000);
