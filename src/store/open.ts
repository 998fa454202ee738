import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createExclusively } from '../util/create-exclusively.js';
import { CorruptStoreError, NotAnOproStoreError, StoreError, StoreVersionError, translateSqliteError } from './errors.js';
import { retryWhenBusy } from './write-transaction.js';
import { migrate, OPRO_APPLICATION_ID, readSchemaVersion, REQUIRED_TABLES, SCHEMA_VERSION } from './migrations.js';

export { DEFAULT_STORE_PATH } from './default-path.js';

/** How long a statement waits for another process's write lock before failing (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = 10_000;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
const USER_VERSION_OFFSET = 60;
const APPLICATION_ID_OFFSET = 68;

export interface OpenOptions {
  readonly?: boolean;
}

type FileState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'ours' };

function newerStoreError(file: string, version: number): StoreVersionError {
  return new StoreVersionError(
    `the run store at ${file} was written by a newer opro (schema version ${version}; this opro reads up to ${SCHEMA_VERSION}); upgrade opro to open it.`,
  );
}

/**
 * Decides from the raw header bytes (without letting SQLite touch the file) whether the file is
 * ours. The application id is stamped before the file switches to WAL, so it is always in the
 * main file's header, never only in a WAL that a crash left behind.
 */
function inspectFile(file: string): FileState {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new StoreError(`cannot read the run store at ${file}: ${(error as Error).message}.`, 'STORE_IO', { cause: error });
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    let read: number;
    try {
      read = fs.readSync(handle, header, 0, HEADER_BYTES, 0);
    } catch (error) {
      throw new StoreError(`cannot read the run store at ${file}: ${(error as Error).message}.`, 'STORE_IO', { cause: error });
    }
    if (read === 0) return { kind: 'empty' };
    if (read < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
      throw new NotAnOproStoreError(file, 'it is not a SQLite database');
    }
    const applicationId = header.readUInt32BE(APPLICATION_ID_OFFSET);
    if (applicationId !== OPRO_APPLICATION_ID) {
      const owner = applicationId === 0 ? 'opro did not create it' : `application id 0x${applicationId.toString(16)}`;
      throw new NotAnOproStoreError(file, `a SQLite database of another application: ${owner}`);
    }
    // Checked here too (the probe re-checks through any WAL) so a newer file is refused untouched.
    const version = header.readUInt32BE(USER_VERSION_OFFSET);
    if (version > SCHEMA_VERSION) throw newerStoreError(file, version);
    return { kind: 'ours' };
  } finally {
    fs.closeSync(handle);
  }
}

/**
 * Reads the version and the table list through a read-only connection, so that a newer or
 * damaged file is reported before anything could write to it. (For a WAL-mode file SQLite may
 * create empty -wal/-shm files beside it; the database file itself is never written.)
 */
function probeExisting(file: string, checkIntegrity: boolean): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = readSchemaVersion(db);
    if (version > SCHEMA_VERSION) throw newerStoreError(file, version);
    const tables = new Set(
      (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((row) => row.name),
    );
    if (version === SCHEMA_VERSION) {
      const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
      if (missing.length > 0) throw new CorruptStoreError(file, `tables missing: ${missing.join(', ')}`);
    }
    // Every page read once (about 0.2 s per 50 MB): a damaged file is refused before anything is written into it.
    if (checkIntegrity) {
      const verdict = db.pragma('quick_check(1)', { simple: true });
      if (verdict !== 'ok') throw new CorruptStoreError(file, `integrity check: ${String(verdict)}`);
    }
    return version;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new CorruptStoreError(file, (error as Error).message, error);
    }
    throw translateSqliteError(error, file, 'open the run store');
  } finally {
    db?.close();
  }
}

function applyConnectionSettings(db: Database.Database, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a commit survives a crash of the process (SIGKILL included); only a power
    // loss or OS crash can drop the last commits, which the call cache replays for free on resume.
    db.pragma('synchronous = NORMAL');
  }
}

/** Creates a new store at `file` (missing or empty) and returns it open. */
function createFresh(file: string): Database.Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Stamped while still in rollback-journal mode, so the id lands in the main file at once.
    db.pragma(`application_id = ${OPRO_APPLICATION_ID}`);
    applyConnectionSettings(db, false);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Makes sure a store exists at `file` before it is opened. A missing file is built privately and
 * linked into place (see createExclusively), so runs started together never see each other's
 * half-built store. An empty file, or a filesystem without hard links, is filled in place; a busy
 * lock there means another process is doing the same, so the file is looked at again and opened
 * once that process has made it ours. Returns the connection when this process created in place.
 */
function createStore(file: string, state: FileState): Database.Database | undefined {
  try {
    if (state.kind === 'missing') {
      const outcome = createExclusively(file, (privatePath) => createFresh(privatePath).close());
      if (outcome === 'created') return undefined;
    }
    return retryWhenBusy(() => (inspectFile(file).kind === 'ours' ? undefined : createFresh(file)));
  } catch (error) {
    throw translateSqliteError(error, file, 'create the run store');
  }
}

/** Opens (creating or upgrading when writable) an opro run store, or throws a StoreError. */
export function openStoreDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  const state = inspectFile(file);
  if (state.kind !== 'ours') {
    if (readonly) throw new StoreError(`there is no run store at ${file} yet (nothing has been recorded).`, 'STORE_MISSING');
    const created = createStore(file, state);
    if (created) return created;
  }
  const version = probeExisting(file, !readonly);
  if (readonly && version < SCHEMA_VERSION) {
    throw new StoreVersionError(
      `the run store at ${file} is at schema version ${version} and needs an upgrade to ${SCHEMA_VERSION}; open it once without read-only to upgrade it.`,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly, fileMustExist: true });
    applyConnectionSettings(db, readonly);
    if (!readonly) migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw translateSqliteError(error, file, 'open the run store');
  }
}
