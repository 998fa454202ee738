/**
 * Typed store errors. Each message is one sentence a user can act on; the CLI prints `message`
 * without a stack trace. SQLite's own errors are translated here so no caller has to know the
 * SQLITE_* codes.
 */

export class StoreError extends Error {
  constructor(message: string, readonly code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** The file exists but is not an opro run store (not SQLite, or another application's SQLite). */
export class NotAnOproStoreError extends StoreError {
  constructor(readonly path: string, detail: string) {
    super(`${path} is not an opro run store (${detail}); it was left untouched.`, 'NOT_OPRO_STORE');
    this.name = 'NotAnOproStoreError';
  }
}

/**
 * Found when the store is opened (before anything is written: the file is left as it was) or by a
 * write (that write is not made; what was committed before stays).
 */
export class CorruptStoreError extends StoreError {
  constructor(readonly path: string, detail: string, cause?: unknown, found: 'open' | 'write' = 'open') {
    const state = found === 'open' ? 'it was left untouched' : 'the write was not made';
    super(
      `the run store at ${path} is corrupt (${detail.replace(/\s+/g, ' ').trim().slice(0, 200)}); ${state}. Move it aside (the next run creates a new store there) ` +
        `or restore it from a backup; \`sqlite3 ${path} .recover\` may salvage its rows.`,
      'CORRUPT_STORE',
      { cause },
    );
    this.name = 'CorruptStoreError';
  }
}

/** Written by a newer opro (a schema version this build does not know), or needs an upgrade it cannot do. */
export class StoreVersionError extends StoreError {
  constructor(message: string) {
    super(message, 'STORE_VERSION');
    this.name = 'StoreVersionError';
  }
}

export class RunNotFoundError extends StoreError {
  constructor(readonly runId: string) {
    super(`no run with id ${runId} in this store (see \`opro runs\`).`, 'RUN_NOT_FOUND');
    this.name = 'RunNotFoundError';
  }
}

export class RunLockedError extends StoreError {
  constructor(readonly runId: string, readonly pid: number, readonly host: string, readonly since: string) {
    super(`run ${runId} is being resumed by process ${pid} on ${host} since ${since}.`, 'RUN_LOCKED');
    this.name = 'RunLockedError';
  }
}

/** A write failed (disk full, read-only file, I/O error, lock timeout). What was committed before stays. */
export class StoreWriteError extends StoreError {
  constructor(message: string, code: string, cause?: unknown) {
    super(message, code, { cause });
    this.name = 'StoreWriteError';
  }
}

interface SqliteLikeError {
  code?: unknown;
  message?: unknown;
}

function sqliteCode(error: unknown): string {
  const code = (error as SqliteLikeError | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Turns a better-sqlite3 error into a StoreError that says what could not be done and why.
 * `action` completes "could not ..." (e.g. "record events of run r-...").
 */
export function translateSqliteError(error: unknown, path: string, action: string): Error {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const kept = 'everything recorded before is kept';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreWriteError(`could not ${action}: the disk holding ${path} is full (${kept}).`, 'STORE_FULL', error);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new StoreWriteError(`could not ${action}: the run store at ${path} is read-only or not writable by this user (${kept}).`, 'STORE_READONLY', error);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreWriteError(`could not ${action}: another process kept the run store at ${path} locked too long.`, 'STORE_BUSY', error);
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreWriteError(`could not ${action}: input/output error on ${path} (${detail}; ${kept}).`, 'STORE_IO', error);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new CorruptStoreError(path, detail, error, 'write');
  }
  if (code.startsWith('SQLITE_')) {
    return new StoreError(`could not ${action}: ${detail} (${code}).`, code, { cause: error });
  }
  return error instanceof Error ? error : new Error(detail);
}
