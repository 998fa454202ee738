/** The run store: SQLite persistence of runs, its typed read API and streaming export. */
export { RunStore, DEFAULT_SHOW_TOP } from './run-store.js';
export { DEFAULT_STORE_PATH, BUSY_TIMEOUT_MS, type OpenOptions } from './open.js';
export { SCHEMA_VERSION, OPRO_APPLICATION_ID } from './migrations.js';
export {
  StoreError, NotAnOproStoreError, CorruptStoreError, StoreVersionError, RunNotFoundError, RunLockedError, StoreWriteError,
} from './errors.js';
export { MAX_BATCH_ROWS, MAX_BATCH_DELAY_MS, type RecorderOptions, type RunRecorder } from './recorder.js';
export { HEARTBEAT_INTERVAL_MS, type RunLock, type AcquireOptions } from './lock.js';
export { DEFAULT_PAGE_SIZE } from './queries.js';
export { LOCK_STALE_AFTER_MS } from './liveness.js';
export { exportRun, EXPORT_FORMATS, CSV_COLUMNS, type ExportColumn, type ExportFormat, type ExportOptions, type ExportStats } from './export.js';
export { RunReader } from './read-api.js';
export type * from './read-types.js';
export type * from './types.js';
