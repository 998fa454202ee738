/**
 * The persistent call cache: one SQLite file (WAL mode, so several runs can read and write it at
 * once), shared across runs. Default location `.opro/cache.sqlite` under the working folder.
 *
 * The file carries a marker table so that pointing --cache at some other SQLite database (or at a
 * file that is not a database at all) fails with a clear error instead of writing into it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createExclusively } from '../../util/create-exclusively.js';
import { retryWhenBusy } from '../../store/write-transaction.js';
import type { CachedCall, CachedCallInfo, CallCache } from './call-cache.js';

export const DEFAULT_CACHE_DIR = '.opro';
export const DEFAULT_CACHE_FILE = 'cache.sqlite';
export const CACHE_FORMAT = 'opro-call-cache';
export const CACHE_FORMAT_VERSION = 1;
/** Another process may hold the write lock briefly; wait rather than fail. */
const BUSY_TIMEOUT_MS = 5_000;

export class CallCacheError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallCacheError';
  }
}

export function defaultCachePath(cwd: string): string {
  return join(resolve(cwd), DEFAULT_CACHE_DIR, DEFAULT_CACHE_FILE);
}

interface Row {
  text: string;
  usage: string;
  finish_reason: string | null;
}

export class SqliteCallCache implements CallCache {
  private readonly db: Database.Database;
  private readonly selectStmt: Database.Statement<[string], Row>;
  private readonly insertStmt: Database.Statement<[string, string, string, string, string | null, number]>;

  private constructor(
    readonly path: string,
    db: Database.Database,
  ) {
    this.db = db;
    this.selectStmt = db.prepare('SELECT text, usage, finish_reason FROM calls WHERE key = ?');
    this.insertStmt = db.prepare(
      'INSERT OR REPLACE INTO calls (key, spec, text, usage, finish_reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Opens (creating if needed) the cache at `path`. Throws CallCacheError for a corrupt or foreign file. */
  static open(path: string): SqliteCallCache {
    const file = resolve(path);
    if (!existsSync(file)) {
      // Built privately and linked into place, so runs started together never meet a half-made cache.
      try {
        createExclusively(file, (privatePath) => {
          const db = new Database(privatePath, { timeout: BUSY_TIMEOUT_MS });
          try {
            prepare(db, privatePath);
          } finally {
            db.close();
          }
        });
      } catch (err) {
        if (err instanceof CallCacheError) throw err;
        throw new CallCacheError(`Cannot create the call cache ${file}: ${errorMessage(err)}`);
      }
    }
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    } catch (err) {
      throw new CallCacheError(`Cannot open the call cache ${file}: ${errorMessage(err)}`);
    }
    try {
      // Retried: where the cache was made in place (no hard links), two creators can deadlock once.
      retryWhenBusy(() => prepare(db, file));
    } catch (err) {
      db.close();
      if (err instanceof CallCacheError) throw err;
      throw new CallCacheError(`${file} is not a usable opro call cache (${errorMessage(err)}); delete it or pass another cache path.`);
    }
    return new SqliteCallCache(file, db);
  }

  get(key: string): CachedCall | undefined {
    const row = this.selectStmt.get(key);
    if (!row) return undefined;
    const entry: CachedCall = { text: row.text, usage: JSON.parse(row.usage) as CachedCall['usage'] };
    if (row.finish_reason !== null) entry.finishReason = row.finish_reason;
    return entry;
  }

  set(key: string, value: CachedCall, info: CachedCallInfo): void {
    this.insertStmt.run(key, info.spec, value.text, JSON.stringify(value.usage), value.finishReason ?? null, Date.now());
  }

  /** Number of stored answers. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Connection settings, then the tables: created when the file is new, checked when it is not. */
function prepare(db: Database.Database, file: string): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // IMMEDIATE: two runs creating the same new file must not both create the tables.
  db.transaction(() => initialise(db, file)).immediate();
}

function initialise(db: Database.Database, file: string): void {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  if (tables.length === 0) {
    db.exec(`
      CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE calls (
        key TEXT PRIMARY KEY,
        spec TEXT NOT NULL,
        text TEXT NOT NULL,
        usage TEXT NOT NULL,
        finish_reason TEXT,
        created_at INTEGER NOT NULL
      );
    `);
    const put = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
    put.run('format', CACHE_FORMAT);
    put.run('version', String(CACHE_FORMAT_VERSION));
    return;
  }
  const meta = tables.includes('meta')
    ? new Map((db.prepare('SELECT name, value FROM meta').all() as { name: string; value: string }[]).map((r) => [r.name, r.value]))
    : new Map<string, string>();
  if (meta.get('format') !== CACHE_FORMAT || !tables.includes('calls')) {
    throw new CallCacheError(`${file} is a SQLite database but not an opro call cache; pass another cache path.`);
  }
  if (meta.get('version') !== String(CACHE_FORMAT_VERSION)) {
    throw new CallCacheError(
      `${file} is an opro call cache of version ${meta.get('version') ?? '?'}, this opro reads version ${CACHE_FORMAT_VERSION}; delete it or pass another cache path.`,
    );
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
