import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { RunLockedError, RunStore, StoreError } from '../../src/store/index.js';
import { exited, firstLine, spawnHelper } from './helpers/child.js';
import { RUN_INPUT, tempDir } from './synthetic-run.js';

const OTHER_HOST = 'some-other-host';
const LONG_AGO = '2020-01-01T00:00:00.000Z';

function setup(): { tmp: ReturnType<typeof tempDir>; store: RunStore; runId: string; done(): void } {
  const tmp = tempDir();
  const store = RunStore.open(tmp.file());
  const runId = store.createRun(RUN_INPUT);
  return { tmp, store, runId, done: () => (store.close(), tmp.cleanup()) };
}

describe('run locks', () => {
  test('a live process holding the lock is refused with who and since when; once it is killed the lock is taken over', async () => {
    const { tmp, store, runId, done } = setup();
    const child = spawnHelper('hold-lock.ts', [tmp.file(), runId]);
    try {
      const line = await firstLine(child);
      assert.equal(line, `locked ${child.pid}`);
      assert.throws(
        () => store.acquireRunLock(runId),
        (error: unknown) =>
          error instanceof RunLockedError &&
          error.pid === child.pid &&
          new RegExp(`^run ${runId} is being resumed by process ${child.pid} on .+ since \\d{4}-\\d\\d-\\d\\dT`).test(error.message),
      );
      assert.ok(store.listRuns()[0]?.live);
      assert.throws(() => store.deleteRun(runId), (e: unknown) => e instanceof StoreError && e.code === 'RUN_IN_USE');

      child.kill('SIGKILL');
      await exited(child);
      // The heartbeat is still fresh, but the pid is gone: taken over at once.
      const lock = store.acquireRunLock(runId);
      assert.equal(store.getRun(runId).lock?.pid, process.pid);
      lock.release();
      assert.equal(store.getRun(runId).lock, null);
    } finally {
      child.kill('SIGKILL');
      done();
    }
  });

  test('a process that exits normally releases its lock', async () => {
    const { tmp, store, runId, done } = setup();
    try {
      const child = spawnHelper('hold-lock.ts', [tmp.file(), runId, 'exit']);
      assert.match(await firstLine(child), /^locked \d+$/);
      await exited(child);
      assert.equal(child.exitCode, 0);
      assert.equal(store.getRun(runId).lock, null);
    } finally {
      done();
    }
  });

  test('on another host only the heartbeat decides: fresh is refused, stale is taken over', () => {
    const { store, runId, done } = setup();
    try {
      store.acquireRunLock(runId, { pid: 4242, host: OTHER_HOST });
      assert.throws(() => store.acquireRunLock(runId), (e: unknown) => e instanceof RunLockedError && e.host === OTHER_HOST && e.pid === 4242);
      store.db.prepare(`UPDATE run_locks SET heartbeat_at = ? WHERE run_id = ?`).run(LONG_AGO, runId);
      assert.equal(store.getRun(runId).live, false);
      const lock = store.acquireRunLock(runId);
      assert.equal(store.getRun(runId).lock?.host !== OTHER_HOST, true);
      assert.equal(lock.lost, false);
    } finally {
      done();
    }
  });

  test('a holder whose lock was taken over notices it on its next heartbeat', () => {
    const { store, runId, done } = setup();
    try {
      const stale = store.acquireRunLock(runId, { pid: 999_999_999 });
      const fresh = store.acquireRunLock(runId); // pid 999999999 does not exist on this host
      stale.heartbeat();
      assert.equal(stale.lost, true);
      stale.release();
      assert.equal(store.getRun(runId).lock?.pid, process.pid, "the loser's release leaves the new holder's lock");
      fresh.release();
    } finally {
      done();
    }
  });

  test('closing the store releases the locks it took', () => {
    const { tmp, store, runId, done } = setup();
    try {
      store.acquireRunLock(runId);
      store.close();
      const again = RunStore.open(tmp.file());
      assert.equal(again.getRun(runId).lock, null);
      again.close();
    } finally {
      done();
    }
  });
});
