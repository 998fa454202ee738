import type Database from 'better-sqlite3';
import { StoreError, translateSqliteError } from './errors.js';
import { holderIsAlive } from './liveness.js';
import { acquireRunLock, type AcquireOptions, type RunLock } from './lock.js';
import { DEFAULT_STORE_PATH, openStoreDatabase, type OpenOptions } from './open.js';
import * as q from './queries.js';
import { RunReader } from './read-api.js';
import { createRecorder, type RecorderOptions, type RunRecorder } from './recorder.js';
import { newRunId } from './run-ids.js';
import { computeSummary, countFailures, emptySummary, mergeSummary } from './summary.js';
import { immediateTransaction, retryWhenBusy } from './write-transaction.js';
import type {
  CandidateOrder, CandidateRow, CreateRunInput, ExampleResultRow, FailureCounts, PageOptions, RunListRow, RunRecord,
  RunShowDetail, RunSummary, StepDetail, StepRow, StepScore, StoredRunStatus,
} from './types.js';

/** Attempts at a fresh random run id before giving up (a collision needs 16M runs in a day). */
const RUN_ID_ATTEMPTS = 5;
/** Candidates `opro show` lists by default. */
export const DEFAULT_SHOW_TOP = 5;

const TERMINAL: ReadonlySet<StoredRunStatus> = new Set(['completed', 'optimum-reached', 'interrupted', 'budget', 'failed']);

/**
 * The run store: one SQLite file (WAL) holding every run's configuration, manifest, steps,
 * optimizer replies, candidates and per-example results. Every write is an UPSERT on a natural
 * key, so a resumed run (replayed from the start through the call cache) re-records in place.
 */
export class RunStore {
  private readonly recorders = new Set<RunRecorder>();
  private readonly locks = new Set<RunLock>();
  private readonly flushOnExit = (): void => {
    for (const recorder of this.recorders) {
      try {
        recorder.flush();
      } catch {
        // Exiting: nothing left to report to; unflushed rows are replayed from the call cache.
      }
    }
  };

  /** The dashboard's typed read API (pages, filters, the side-by-side join, the chart's columns). */
  readonly read: RunReader;

  /** `db` is exposed for tests and for diagnostics; everything else goes through the methods. */
  private constructor(readonly db: Database.Database, readonly path: string, readonly readonly: boolean) {
    this.read = new RunReader(db);
    if (!readonly) process.on('exit', this.flushOnExit);
  }

  /** Opens (creating or upgrading unless read-only) the store at `path`, by default `.opro/runs.sqlite`. */
  static open(path: string = DEFAULT_STORE_PATH, options: OpenOptions = {}): RunStore {
    return new RunStore(openStoreDatabase(path, options), path, options.readonly ?? false);
  }

  /** Every write goes through here: retried while another process holds the store, errors translated. */
  private write<T>(action: string, fn: () => T): T {
    try {
      return retryWhenBusy(fn);
    } catch (error) {
      throw translateSqliteError(error, this.path, action);
    }
  }

  private run(runId: string): q.RunRowRaw {
    return q.requireRun(this.db, runId);
  }

  createRun(input: CreateRunInput): string {
    return this.write('create a run', () => {
      const insert = this.db.prepare(
        `INSERT INTO runs (id, kind, dataset, scorer, optimizer, direction, status, created_at, updated_at, config_json, manifest_json, summary_json)
         VALUES (?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?)`,
      );
      for (let attempt = 1; ; attempt++) {
        const id = newRunId();
        const now = new Date().toISOString();
        try {
          insert.run(
            id, input.kind, input.dataset ?? null, input.scorer ?? null, input.optimizer ?? null, input.direction ?? 'maximize',
            now, now, JSON.stringify(input.config ?? {}), JSON.stringify(input.manifest ?? {}), JSON.stringify(emptySummary()),
          );
          return id;
        } catch (error) {
          const collision = (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
          if (!collision || attempt >= RUN_ID_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Replaces the manifest once facts known only after loading the data (content hash, indices) are in. */
  updateManifest(runId: string, manifest: unknown): void {
    this.run(runId);
    this.write(`update the manifest of run ${runId}`, () => {
      this.db.prepare(`UPDATE runs SET manifest_json = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(manifest), new Date().toISOString(), runId);
    });
  }

  /** A listener for the engine's events of this run; see recorder.ts for batching and errors. */
  recorder(runId: string, options: RecorderOptions = {}): RunRecorder {
    this.run(runId);
    const touch = this.db.prepare(`UPDATE runs SET updated_at = ? WHERE id = ?`);
    const recorder = createRecorder(
      {
        db: this.db, path: this.path, runId,
        refreshSummary: () => this.writeSummary(runId),
        touch: () => touch.run(new Date().toISOString(), runId),
        onClose: (closed) => this.recorders.delete(closed),
      },
      options,
    );
    this.recorders.add(recorder);
    return recorder;
  }

  private writeSummary(runId: string, reported?: Partial<RunSummary>): RunSummary {
    const row = this.run(runId);
    const allReported = { ...(JSON.parse(row.reported_json) as Partial<RunSummary>), ...(reported ?? {}) };
    const summary = mergeSummary(computeSummary(this.db, runId, row.direction, row.scorer), allReported);
    this.db
      .prepare(`UPDATE runs SET summary_json = ?, reported_json = ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(summary), JSON.stringify(allReported), new Date().toISOString(), runId);
    return summary;
  }

  /**
   * Sets the run's status; `reported` figures (cost, usage by role/model from the caller's meter)
   * are kept and shown over the recomputed counts. Queued events of the run are written first.
   */
  setStatus(runId: string, status: StoredRunStatus, reason: string | null, reported?: Partial<RunSummary>): RunSummary {
    this.run(runId);
    this.flushRecorders();
    return this.write(`set the status of run ${runId}`, () =>
      immediateTransaction(this.db, () => {
        const now = new Date().toISOString();
        this.db
          .prepare(`UPDATE runs SET status = ?, status_reason = ?, finished_at = ?, updated_at = ? WHERE id = ?`)
          .run(status, reason, TERMINAL.has(status) ? now : null, now, runId);
        return this.writeSummary(runId, reported);
      })(),
    );
  }

  /** Records the caller's running figures (e.g. cost so far) without changing the status. */
  updateSummary(runId: string, reported: Partial<RunSummary>): RunSummary {
    return this.write(`update the summary of run ${runId}`, () => immediateTransaction(this.db, () => this.writeSummary(runId, reported))());
  }

  /**
   * Merges running figures (cost, usage, what the caps count as used) into the run's reported
   * summary without recomputing it: cheap enough to call before model calls are sent.
   */
  recordSpending(runId: string, figures: Record<string, unknown>): void {
    this.write(`record the spending of run ${runId}`, () => {
      this.db
        .prepare(`UPDATE runs SET reported_json = json_patch(reported_json, ?), updated_at = ? WHERE id = ?`)
        .run(JSON.stringify(figures), new Date().toISOString(), runId);
    });
  }

  acquireRunLock(runId: string, options: AcquireOptions = {}): RunLock {
    const lock = this.write(`lock run ${runId}`, () => acquireRunLock(this.db, runId, options));
    this.locks.add(lock);
    return lock;
  }

  listRuns(): RunListRow[] {
    return q.listRuns(this.db);
  }

  /** The run with its summary recomputed now (the stored one is refreshed only at step boundaries). */
  getRun(runId: string): RunRecord {
    const row = this.run(runId);
    const reported = JSON.parse(row.reported_json) as Partial<RunSummary>;
    return q.toRunRecord(this.db, row, mergeSummary(computeSummary(this.db, runId, row.direction, row.scorer), reported));
  }

  getCandidates(runId: string, options: PageOptions & { orderBy?: CandidateOrder } = {}): CandidateRow[] {
    const row = this.run(runId);
    return q.getCandidates(this.db, runId, row.direction, options.orderBy ?? 'score', options);
  }

  getSteps(runId: string): StepRow[] {
    this.run(runId);
    return q.getSteps(this.db, runId);
  }

  getStep(runId: string, step: number): StepDetail | null {
    this.run(runId);
    return q.getStep(this.db, runId, step);
  }

  getExampleResults(runId: string, key: string, options: PageOptions & { split?: string } = {}): ExampleResultRow[] {
    this.run(runId);
    return q.getExampleResults(this.db, runId, key, options);
  }

  scoreByStep(runId: string): StepScore[] {
    return q.scoreByStep(this.db, runId, this.run(runId).direction);
  }

  failureCounts(runId: string): FailureCounts {
    this.run(runId);
    return countFailures(this.db, runId);
  }

  /** Everything `opro show` prints, in one read transaction so the pieces agree. */
  getRunDetail(runId: string, options: { top?: number } = {}): RunShowDetail {
    return this.db.transaction(() => {
      const run = this.getRun(runId);
      return {
        run,
        top: this.getCandidates(runId, { orderBy: 'score', limit: options.top ?? DEFAULT_SHOW_TOP }),
        scoreByStep: this.scoreByStep(runId),
        failures: run.summary.failures,
      };
    })();
  }

  /** Deletes the run and all its rows; refused while a live process holds its lock. */
  deleteRun(runId: string): void {
    this.run(runId);
    const lock = q.readLock(this.db, runId);
    if (lock && holderIsAlive(lock) && !this.ownsLock(runId)) {
      throw new StoreError(`run ${runId} is in use by process ${lock.pid} on ${lock.host}; stop it before deleting the run.`, 'RUN_IN_USE');
    }
    this.write(`delete run ${runId}`, () => this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(runId));
  }

  private ownsLock(runId: string): boolean {
    return [...this.locks].some((lock) => lock.runId === runId && !lock.lost);
  }

  /** Best effort: a recorder's write error stays with the recorder (its listener throws it). */
  private flushRecorders(): void {
    for (const recorder of this.recorders) {
      if (recorder.error) continue;
      try {
        recorder.flush();
      } catch {
        // Kept as recorder.error and thrown to the engine by the next event.
      }
    }
  }

  /** Flushes recorders, releases locks held through this store, and closes the file. */
  close(): void {
    if (!this.db.open) return;
    let failure: unknown = null;
    for (const recorder of [...this.recorders]) {
      try {
        recorder.close();
      } catch (error) {
        failure ??= error;
      }
    }
    for (const lock of this.locks) {
      try {
        lock.release();
      } catch (error) {
        failure ??= error;
      }
    }
    this.locks.clear();
    process.removeListener('exit', this.flushOnExit);
    this.db.close();
    if (failure) throw failure;
  }
}
