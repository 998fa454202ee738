import type Database from 'better-sqlite3';

/**
 * Write transactions that wait for other processes instead of failing.
 *
 * Under WAL, a DEFERRED transaction that reads first and writes later holds a read snapshot; if
 * another process commits in between, the upgrade to a write fails at once with SQLITE_BUSY
 * (BUSY_SNAPSHOT) and the busy timeout never applies. Every transaction that writes therefore
 * begins IMMEDIATE: it takes the write lock first, waiting up to the busy timeout for it. A lock
 * held longer than that (a checkpoint on a slow disk) is retried a few times before giving up.
 */

/** Extra attempts after the busy timeout ran out once; each waits the full busy timeout again. */
export const BUSY_RETRIES = 3;

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs `fn` again while it fails with SQLITE_BUSY, up to BUSY_RETRIES more times. */
export function retryWhenBusy<T>(fn: () => T, retries: number = BUSY_RETRIES): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusyError(error) || attempt >= retries) throw error;
    }
  }
}

/** An IMMEDIATE transaction around `fn` (the caller retries it when busy). */
export function immediateTransaction<A extends unknown[], T>(db: Database.Database, fn: (...args: A) => T): (...args: A) => T {
  const transaction = db.transaction(fn);
  return (...args: A) => transaction.immediate(...args);
}

/** An IMMEDIATE transaction around `fn`, retried while the store stays busy. */
export function writeTransaction<A extends unknown[], T>(db: Database.Database, fn: (...args: A) => T): (...args: A) => T {
  const transaction = immediateTransaction(db, fn);
  return (...args: A) => retryWhenBusy(() => transaction(...args));
}
