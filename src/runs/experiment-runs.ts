import { randomBytes } from 'node:crypto';
import type { EngineEvent, RunStatus } from '../engine/events.js';
import { RunStore } from '../store/index.js';
import { RecordedRun } from './recorded-run.js';

/**
 * Records an experiment of many engine runs (linear regression repetitions, TSP instances) as one
 * store run each, tied together by a group id. Re-running the experiment with the same group (a
 * resume) reopens each member run instead of creating a new one; the call cache replays finished work.
 */
export class ExperimentRuns {
  private current: RecordedRun | null = null;
  private readonly existing: Map<string, string>;

  private constructor(
    private readonly storePath: string,
    readonly group: string,
    private readonly kind: string,
    private readonly command: string,
    private readonly optimizer: string,
    private readonly flags: Record<string, unknown>,
    existing: Map<string, string>,
  ) {
    this.existing = existing;
  }

  /** A new experiment, or (with `group`) the continuation of one whose member runs are in the store. */
  static open(input: { storePath: string; kind: string; command: string; optimizer: string; flags: Record<string, unknown>; group?: string }): ExperimentRuns {
    const group = input.group ?? `x-${randomBytes(4).toString('hex')}`;
    const existing = new Map<string, string>();
    if (input.group) {
      const store = RunStore.open(input.storePath, { readonly: true });
      try {
        for (const row of store.listRuns()) {
          const config = store.getRun(row.id).config as { group?: string; member?: string };
          if (config.group === group && config.member) existing.set(config.member, row.id);
        }
      } finally {
        store.close();
      }
    }
    return new ExperimentRuns(input.storePath, group, input.kind, input.command, input.optimizer, input.flags, existing);
  }

  /** Start recording one member (e.g. 'w=15,b=14#rep1'); `instance` goes into the manifest for the dashboard. */
  begin(member: string, label: string, instance: Record<string, unknown>): string {
    this.end('failed', 'superseded by the next member before it finished');
    const resumeId = this.existing.get(member);
    const run = RecordedRun.start({
      storePath: this.storePath,
      ...(resumeId ? { resumeId } : {}),
      kind: this.kind,
      dataset: label,
      scorer: null,
      optimizer: this.optimizer,
      direction: 'minimize',
      config: { command: this.command, flags: this.flags, group: this.group, member },
    });
    run.noteData({ datasetId: label, contentHash: '', trainIndices: [] }, { instance });
    this.current = run;
    return run.runId;
  }

  record(event: EngineEvent<unknown>): void {
    this.current?.record(event);
  }

  end(status: RunStatus, reason: string, reported: Record<string, unknown> = {}): void {
    if (!this.current) return;
    try {
      this.current.finish(status, reason, reported);
    } finally {
      this.current.close();
      this.current = null;
    }
  }
}
