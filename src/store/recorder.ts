import type Database from 'better-sqlite3';
import type { EngineEvent } from '../engine/events.js';
import { StoreError, translateSqliteError } from './errors.js';
import { defaultDescribe, EventWriter, type Describe } from './event-writer.js';
import { writeTransaction } from './write-transaction.js';

/**
 * Batching: events are written in short transactions of at most MAX_BATCH_ROWS events or
 * MAX_BATCH_DELAY_MS, and at once on every step boundary. Measured on 100k example rows (WAL,
 * synchronous=NORMAL): one transaction per event costs ~70 us per row, batches of 100 ~16 us.
 * A SIGKILL loses at most the open window, which the call cache replays for free on resume.
 */
export const MAX_BATCH_ROWS = 100;
export const MAX_BATCH_DELAY_MS = 50;

/** Events after which everything queued is written at once: progress must be visible at step edges. */
const BOUNDARY_EVENTS: ReadonlySet<EngineEvent<unknown>['type']> = new Set([
  'run-started', 'initial-started', 'step-started', 'evaluation-started', 'step-finished', 'run-finished',
]);

export interface RecorderOptions {
  /** Events per transaction; 1 writes every event in its own transaction at once. */
  maxBatchRows?: number;
  maxBatchDelayMs?: number;
  /** Text shown for a solution; defaults to the string itself or its JSON. */
  describe?: Describe;
  /**
   * Called when a write fails outside a listener call (the timed flush). The error is also kept and
   * thrown by the next listener call or flush(), which is what stops the run.
   */
  onError?: (error: Error) => void;
}

export interface RunRecorder {
  (event: EngineEvent<unknown>): void;
  /** Writes everything queued; throws the write error, if any. */
  flush(): void;
  /** Flushes and detaches from the store; does not rethrow an error already reported. */
  close(): void;
  /** The first write error; once set, the recorder refuses further events. */
  readonly error: Error | null;
}

export interface RecorderContext {
  db: Database.Database;
  path: string;
  runId: string;
  /** Recomputes the run's summary (inside the flush transaction). */
  refreshSummary(): void;
  /** Touches the run's updated_at (inside the flush transaction). */
  touch(): void;
  onClose(recorder: RunRecorder): void;
}

export function createRecorder(context: RecorderContext, options: RecorderOptions = {}): RunRecorder {
  const maxRows = Math.max(1, options.maxBatchRows ?? MAX_BATCH_ROWS);
  const maxDelay = Math.max(0, options.maxBatchDelayMs ?? MAX_BATCH_DELAY_MS);
  const writer = new EventWriter(context.db, context.runId, options.describe ?? defaultDescribe);
  let queue: EngineEvent<unknown>[] = [];
  let timer: NodeJS.Timeout | null = null;
  let failure: Error | null = null;
  let closed = false;

  const commit = writeTransaction(context.db, (events: EngineEvent<unknown>[]) => {
    let refresh = false;
    for (const event of events) refresh = writer.write(event) || refresh;
    context.touch();
    if (refresh) context.refreshSummary();
  });

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (failure) throw failure;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    try {
      commit(events);
    } catch (error) {
      // The batch was rolled back as a whole; earlier batches stay committed.
      failure = translateSqliteError(error, context.path, `record events of run ${context.runId}`);
      throw failure;
    }
  };

  const flushFromTimer = (): void => {
    timer = null;
    try {
      flush();
    } catch (error) {
      // A timer has no caller to throw to: report, and let the next event throw.
      options.onError?.(error as Error);
    }
  };

  const record = ((event: EngineEvent<unknown>): void => {
    if (failure) throw failure;
    if (closed) throw new StoreError(`the recorder of run ${context.runId} is closed; events after close() are not recorded.`, 'RECORDER_CLOSED');
    writer.check(event);
    queue.push(event);
    if (queue.length >= maxRows || BOUNDARY_EVENTS.has(event.type) || maxDelay === 0) flush();
    else if (!timer) timer = setTimeout(flushFromTimer, maxDelay);
  }) as RunRecorder;

  Object.defineProperty(record, 'error', { get: () => failure });
  record.flush = flush;
  record.close = (): void => {
    if (closed) return;
    try {
      // A write error was already thrown to the engine; nothing is queued after it.
      if (!failure) flush();
    } finally {
      closed = true;
      context.onClose(record);
    }
  };
  return record;
}
