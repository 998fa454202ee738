import { hostname } from 'node:os';
import { isEngineEvent, type EngineEvent, type RunStatus } from '../engine/events.js';
import { RunStore } from '../store/index.js';
import type { RunLock } from '../store/lock.js';
import type { RunRecorder } from '../store/recorder.js';
import { OPRO_VERSION } from '../version.js';
import type { Budget } from '../models/wrappers/budget.js';
import type { UsageSnapshot } from '../models/wrappers/meter.js';
import { addUsage, type EarlierSpending } from './run-spending.js';
import { redactKnownSecretsDeep } from '../util/secrets.js';

/** How often the running cost and usage are written between step edges (a SIGKILL loses at most this much of them). */
export const SPENDING_RECORD_INTERVAL_MS = 1000;

/** The models of a run as far as its spending goes. */
export interface SpendingSource {
  budget: Budget;
  usage(): UsageSnapshot;
}

/** What identifies a run's data: if it changed between a crash and a resume, the replay would differ. */
export interface DataIdentity {
  datasetId: string;
  contentHash: string;
  trainIndices: number[];
}

export class ResumeMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResumeMismatchError';
  }
}

export interface StartRunInput {
  storePath: string;
  /** Continue this run instead of creating one. */
  resumeId?: string;
  kind: string;
  dataset: string | null;
  scorer: string | null;
  optimizer: string | null;
  direction?: 'maximize' | 'minimize';
  /** The command's flags: enough to run it again identically on resume. */
  config: Record<string, unknown>;
}

/**
 * One run's life in the store: created (or reopened for resume), locked against a second process,
 * every event recorded as it happens, and a final status with the meter's figures.
 */
export class RecordedRun {
  private readonly recorder: RunRecorder;
  private manifest: Record<string, unknown>;
  private spending: { source: SpendingSource; earlier: EarlierSpending; timer: NodeJS.Timeout } | null = null;

  private constructor(
    readonly store: RunStore,
    readonly runId: string,
    readonly resumed: boolean,
    private readonly lock: RunLock,
    private readonly storedManifest: Record<string, unknown> | null,
    base: Record<string, unknown>,
  ) {
    this.recorder = store.recorder(runId);
    this.manifest = { ...(storedManifest ?? {}), ...base };
  }

  static start(input: StartRunInput): RecordedRun {
    const store = RunStore.open(input.storePath);
    try {
      let runId: string;
      let stored: Record<string, unknown> | null = null;
      if (input.resumeId) {
        const run = store.getRun(input.resumeId);
        runId = run.id;
        stored = (run.manifest ?? {}) as Record<string, unknown>;
      } else {
        runId = store.createRun({
          kind: input.kind,
          dataset: input.dataset,
          scorer: input.scorer,
          optimizer: input.optimizer,
          direction: input.direction ?? 'maximize',
          config: redactKnownSecretsDeep(input.config),
          manifest: {},
        });
      }
      const lock = store.acquireRunLock(runId);
      store.setStatus(runId, 'running', input.resumeId ? 'resumed' : null);
      const base = {
        oproVersion: OPRO_VERSION,
        command: input.config.command,
        kind: input.kind,
        dataset: input.dataset,
        scorer: input.scorer,
        optimizer: input.optimizer,
        config: input.config,
        host: hostname(),
        node: process.version,
      };
      const run = new RecordedRun(store, runId, Boolean(input.resumeId), lock, stored, base);
      store.updateManifest(runId, redactKnownSecretsDeep(run.manifest));
      return run;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /**
   * The engine listener: every engine event is written to the store (idempotently, so a replay is
   * harmless); a caller's own events in the same stream (optimize()'s split, test-started) are not.
   */
  readonly record = (event: EngineEvent<unknown> | { type: string }): void => {
    // A model may echo a key it was sent: the store never keeps an actual secret value.
    if (isEngineEvent(event)) this.recorder(redactKnownSecretsDeep(event));
  };

  /** Add the facts known once the data is loaded; on resume they must match the original run's. */
  noteData(identity: DataIdentity, extra: Record<string, unknown> = {}): void {
    const before = this.storedManifest?.data as DataIdentity | undefined;
    if (this.resumed && before) {
      if (before.contentHash !== identity.contentHash) {
        throw new ResumeMismatchError(
          `run ${this.runId} was made on ${before.datasetId} with content hash ${before.contentHash.slice(0, 12)}…, ` +
            `but the data now hashes to ${identity.contentHash.slice(0, 12)}…: resuming would not reproduce the run. Start a new run instead.`,
        );
      }
      if (before.trainIndices.join(',') !== identity.trainIndices.join(',')) {
        throw new ResumeMismatchError(`run ${this.runId} used a different training subset than this resume would: start a new run instead.`);
      }
    }
    this.manifest = { ...this.manifest, data: identity, ...extra };
    this.store.updateManifest(this.runId, redactKnownSecretsDeep(this.manifest));
  }

  /**
   * Records this run's spending as it goes: the budget writes what the caps may have used before
   * calls are sent (so a resume after a SIGKILL never crosses a cap), and cost and usage, summed with
   * the earlier processes' (`earlier`, read by the resume), are written every second and at step edges.
   */
  trackSpending(source: SpendingSource, earlier: EarlierSpending): void {
    source.budget.setLedger((mark) => this.store.recordSpending(this.runId, { budgetUsed: mark }));
    const timer = setInterval(() => {
      try {
        this.store.recordSpending(this.runId, this.spendingFigures(false));
      } catch {
        // A busy or failing store: the next tick, step edge or the final status writes the figures.
      }
    }, SPENDING_RECORD_INTERVAL_MS);
    timer.unref();
    this.spending = { source, earlier, timer };
  }

  /** Cost, usage and cap use of the whole run so far (all its processes). */
  spendingFigures(final: boolean): Record<string, unknown> {
    if (!this.spending) return {};
    const { source, earlier } = this.spending;
    const usage = addUsage(earlier.usage, source.usage());
    // At the end nothing is in flight: what is committed is exact. Before, the ledger's mark may be ahead.
    const budgetUsed = final ? source.budget.committed() : source.budget.recordable();
    return { costUsd: earlier.costUsd + source.usage().total.costUsd, usage, budgetUsed };
  }

  /** Running figures (cost, usage by role and model) so a dashboard shows them while the run goes on. */
  report(reported: Record<string, unknown> = {}): void {
    this.recorder.flush();
    this.store.updateSummary(this.runId, { ...reported, ...this.spendingFigures(false) });
  }

  finish(status: RunStatus, reason: string, reported: Record<string, unknown> = {}): void {
    this.recorder.flush();
    this.store.setStatus(this.runId, status, reason, { ...reported, ...this.spendingFigures(true) });
  }

  close(): void {
    if (this.spending) {
      clearInterval(this.spending.timer);
      this.spending.source.budget.setLedger(undefined);
    }
    try {
      this.recorder.close();
    } finally {
      this.lock.release();
      this.store.close();
    }
  }
}
