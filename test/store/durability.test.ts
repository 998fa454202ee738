import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunStore } from '../../src/store/index.js';
import { exited, firstLine, spawnHelper } from './helpers/child.js';
import { exampleEvent, RUN_INPUT, syntheticRun, tempDir } from './synthetic-run.js';

const POLL_MS = 10;
/** Generous: the batching window is 50 ms; this only bounds a hang, it is not a timing assertion. */
const POLL_LIMIT = 500;

function exampleCount(file: string, runId: string): number {
  const reader = RunStore.open(file, { readonly: true });
  try {
    return (reader.db.prepare(`SELECT COUNT(*) AS n FROM example_results WHERE run_id = ?`).get(runId) as { n: number }).n;
  } finally {
    reader.close();
  }
}

const graded = (index: number) => ({ type: 'problem' as const, step: 0, event: { ...exampleEvent('k', 'Be brief.', 'train', index, true) } });

describe('durability', () => {
  test('in per-event mode a second connection sees an example as soon as it is recorded', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId, { maxBatchRows: 1 });
      record(graded(0));
      assert.equal(exampleCount(tmp.file(), runId), 1);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('in batching mode an example is visible after flush(), and after the window without one', async () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId);
      record(graded(0));
      record.flush();
      assert.equal(exampleCount(tmp.file(), runId), 1);

      record(graded(1));
      let seen = 0;
      for (let i = 0; i < POLL_LIMIT && seen < 2; i++) {
        await sleep(POLL_MS);
        seen = exampleCount(tmp.file(), runId);
      }
      assert.equal(seen, 2, 'the timed flush wrote the second example');
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('a step boundary writes everything queued before it', () => {
    const tmp = tempDir();
    const store = RunStore.open(tmp.file());
    try {
      const runId = store.createRun(RUN_INPUT);
      const record = store.recorder(runId);
      for (let i = 0; i < 10; i++) record(graded(i));
      record({ type: 'step-finished', step: 0, best: null, scored: 0, optimizerCalls: 0 });
      assert.equal(exampleCount(tmp.file(), runId), 10);
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  test('a recorder process SIGKILLed mid-run leaves every committed row, and the run resumes in place', async () => {
    const tmp = tempDir();
    const { events, expected } = syntheticRun({ steps: 5 });
    const setup = RunStore.open(tmp.file());
    const runId = setup.createRun(RUN_INPUT);
    setup.close();
    // Stop right after a step boundary, which flushes synchronously: the child has committed exactly this much.
    const cut = events.findIndex((e) => e.type === 'step-finished' && e.step === 1) + 1;
    const committedExamples = events.slice(0, cut).filter((e) => e.type === 'problem').length;

    const child = spawnHelper('record-then-hang.ts', [tmp.file(), runId, String(cut)]);
    try {
      assert.equal(await firstLine(child), 'recorded');
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }

    const store = RunStore.open(tmp.file());
    try {
      assert.equal(exampleCount(tmp.file(), runId), committedExamples);
      const run = store.getRun(runId);
      assert.equal(run.status, 'running');
      assert.equal(run.live, false, 'its heartbeat is still fresh, but its pid is gone: a crashed run');
      assert.equal(store.listRuns()[0]?.steps, 2);

      const lock = store.acquireRunLock(runId); // the holder's pid is dead: taken over at once
      const record = store.recorder(runId);
      for (const event of events) record(event);
      record.close();
      lock.release();
      assert.equal(exampleCount(tmp.file(), runId), expected.examples);
      assert.equal(store.getRun(runId).status, 'completed');
    } finally {
      store.close();
      tmp.cleanup();
    }
  });
});
