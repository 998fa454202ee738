import os from 'node:os';
import type Database from 'better-sqlite3';
import { RunLockedError } from './errors.js';
import { holderIsAlive } from './liveness.js';
import { readLock, requireRun } from './queries.js';

/**
 * One process at a time may record into a run (running it or resuming it). The lock is a row with
 * pid, host and a heartbeat: a holder whose pid is gone (same host) or whose heartbeat stopped is
 * presumed dead and its lock is taken over, so a SIGKILLed run can be resumed at once.
 */

/** How often a holder refreshes its heartbeat; well under LOCK_STALE_AFTER_MS (liveness.ts). */
export const HEARTBEAT_INTERVAL_MS = 10_000;

export interface RunLock {
  readonly runId: string;
  readonly pid: number;
  readonly host: string;
  /** Set when another process took the lock over (this one looked dead); stop recording then. */
  readonly lost: boolean;
  heartbeat(): void;
  release(): void;
}

export interface AcquireOptions {
  /** Overrides the pid/host recorded (tests fake other holders with it). */
  pid?: number;
  host?: string;
}

export function acquireRunLock(db: Database.Database, runId: string, options: AcquireOptions = {}): RunLock {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? os.hostname();
  const take = db.transaction(() => {
    requireRun(db, runId);
    const holder = readLock(db, runId);
    if (holder && holderIsAlive(holder, host)) {
      throw new RunLockedError(runId, holder.pid, holder.host, holder.acquiredAt);
    }
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO run_locks (run_id, pid, host, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(runId, pid, host, now, now);
  });
  // IMMEDIATE: the check and the claim happen under the write lock, so two racers cannot both win.
  take.immediate();

  let lost = false;
  let released = false;
  const beat = db.prepare(`UPDATE run_locks SET heartbeat_at = ? WHERE run_id = ? AND pid = ? AND host = ?`);
  const drop = db.prepare(`DELETE FROM run_locks WHERE run_id = ? AND pid = ? AND host = ?`);

  const heartbeat = (): void => {
    if (released || lost || !db.open) return;
    if (beat.run(new Date().toISOString(), runId, pid, host).changes === 0) lost = true;
  };
  const timer = setInterval(() => {
    try {
      heartbeat();
    } catch {
      // A missed beat (store busy or full) only risks a takeover after LOCK_STALE_AFTER_MS; the next beat retries.
    }
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref();

  const releaseOnExit = (): void => {
    try {
      release();
    } catch {
      // Exiting anyway: a lock left behind is taken over by the dead-pid check.
    }
  };
  const release = (): void => {
    if (released) return;
    released = true;
    clearInterval(timer);
    process.removeListener('exit', releaseOnExit);
    if (db.open && !lost) drop.run(runId, pid, host);
  };
  // Released on a normal exit even if the caller forgot; a crash leaves it to the dead-pid check.
  process.once('exit', releaseOnExit);

  return {
    runId, pid, host, heartbeat, release,
    get lost() {
      return lost;
    },
  };
}
