import { hostname } from 'node:os';
import type { RunStatus } from '../engine/events.js';
import { RunStore } from '../store/index.js';
import type { RunLock } from '../store/lock.js';
import type { RunRecorder } from '../store/recorder.js';
import { OPRO_VERSION } from '../version.js';

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
          config: input.config,
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
      store.updateManifest(runId, run.manifest);
      return run;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** The engine listener: every event is written to the store (idempotently, so a replay is harmless). */
  readonly record = (event: { type: string }): void => {
    (this.recorder as unknown as (e: unknown) => void)(event);
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
    this.store.updateManifest(this.runId, this.manifest);
  }

  /** Running figures (cost, usage by role and model) so a dashboard shows them while the run goes on. */
  report(reported: Record<string, unknown>): void {
    this.recorder.flush();
    this.store.updateSummary(this.runId, reported);
  }

  finish(status: RunStatus, reason: string, reported: Record<string, unknown>): void {
    this.recorder.flush();
    this.store.setStatus(this.runId, status, reason, reported);
  }

  close(): void {
    try {
      this.recorder.close();
    } finally {
      this.lock.release();
      this.store.close();
    }
  }
}
