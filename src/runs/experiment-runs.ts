import { randomBytes } from 'node:crypto';
import type { EngineEvent, RunStatus } from '../engine/events.js';
import type { Budget, BudgetAmounts } from '../models/wrappers/budget.js';
import type { EndpointFigures } from '../models/rate-limits/endpoint-limiter.js';
import { memberEndpointReports } from '../models/rate-limits/endpoint-report.js';
import { RecordedRun } from './recorded-run.js';
import { EXPERIMENT_BUDGET_KEY, type ExistingMember } from './experiment-resume.js';

/**
 * Records an experiment of many engine runs (linear regression repetitions, TSP instances) as one
 * store run each, tied together by a group id. Re-running the experiment with the same group (a
 * resume) reopens each member run instead of creating a new one; the call cache replays finished work.
 *
 * Caps hold for the whole experiment across its processes: the experiment's running use of them is
 * written into the current member run before calls are sent (the budget's ledger), so a resume
 * starts from it (see experiment-resume.ts).
 *
 * Each member records the endpoint figures of the calls made for it (requests, 429s, waits...), as
 * an optimize run records its own: the process's figures at its end less those at its begin.
 */
export class ExperimentRuns {
  private current: { run: RecordedRun; member: string; endpointsAtBegin: EndpointFigures[] } | null = null;
  /** The process's endpoint figures now (cumulative), when tracked. */
  private endpointFigures: (() => EndpointFigures[]) | null = null;
  private budget: Budget | null = null;
  /** A ledger mark made while no member was recording: written when the next one begins. */
  private pendingMark: BudgetAmounts | null = null;

  private constructor(
    private readonly storePath: string,
    readonly group: string,
    private readonly kind: string,
    private readonly command: string,
    private readonly optimizer: string,
    private readonly flags: Record<string, unknown>,
    private readonly existing: ReadonlyMap<string, ExistingMember>,
  ) {}

  /** A new experiment, or (with `group` and its `members`) the continuation of one. */
  static open(input: {
    storePath: string; kind: string; command: string; optimizer: string; flags: Record<string, unknown>;
    group?: string; members?: ReadonlyMap<string, ExistingMember>;
  }): ExperimentRuns {
    const group = input.group ?? `x-${randomBytes(4).toString('hex')}`;
    return new ExperimentRuns(input.storePath, group, input.kind, input.command, input.optimizer, input.flags, input.members ?? new Map());
  }

  /** Records the experiment's use of the caps as it goes (call after the budget carried over earlier use). */
  trackCaps(budget: Budget): void {
    this.budget = budget;
    budget.setLedger((mark) => {
      if (this.current) this.current.run.store.recordSpending(this.current.run.runId, { [EXPERIMENT_BUDGET_KEY]: mark });
      else this.pendingMark = mark;
    });
  }

  /** Records each member's share of the endpoint figures from here on (see memberEndpointReports). */
  trackEndpoints(figures: () => EndpointFigures[]): void {
    this.endpointFigures = figures;
  }

  /** The current member's endpoint figures so far, or nothing when they are not tracked. */
  private memberEndpoints(): { endpoints?: ReturnType<typeof memberEndpointReports> } {
    if (!this.current || !this.endpointFigures) return {};
    return { endpoints: memberEndpointReports(this.current.endpointsAtBegin, this.endpointFigures()) };
  }

  /** Start recording one member (e.g. 'w=15,b=14#rep1'); `instance` goes into the manifest for the dashboard. */
  begin(member: string, label: string, instance: Record<string, unknown>): string {
    this.end('failed', 'superseded by the next member before it finished');
    const resumeId = this.existing.get(member)?.runId;
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
    this.current = { run, member, endpointsAtBegin: this.endpointFigures?.() ?? [] };
    const mark = this.pendingMark ?? (this.budget ? this.budget.recordable() : null);
    if (mark) run.store.recordSpending(run.runId, { [EXPERIMENT_BUDGET_KEY]: mark });
    this.pendingMark = null;
    return run.runId;
  }

  record(event: EngineEvent<unknown>): void {
    if (!this.current) return;
    this.current.run.record(event);
    // A dashboard shows the member's figures while it runs, as it does an optimize run's.
    if (event.type === 'step-finished' && this.endpointFigures) this.current.run.report(this.memberEndpoints());
  }

  /**
   * Ends the current member. `reported.costUsd` is what this process spent on it: the cost its
   * earlier processes recorded is added, so a resumed member's cost covers all of them.
   */
  end(status: RunStatus, reason: string, reported: Record<string, unknown> = {}): void {
    if (!this.current) return;
    const { run, member } = this.current;
    const figures: Record<string, unknown> = { ...this.memberEndpoints(), ...reported };
    if (typeof reported.costUsd === 'number') figures.costUsd = reported.costUsd + (this.existing.get(member)?.costUsd ?? 0);
    if (this.budget) figures[EXPERIMENT_BUDGET_KEY] = this.budget.recordable();
    try {
      run.finish(status, reason, figures);
    } finally {
      run.close();
      this.current = null;
    }
  }

  /** Ends the current member as failed (if any) and stops recording the caps. */
  close(reason: string): void {
    try {
      this.end('failed', reason);
    } finally {
      this.budget?.setLedger(undefined);
    }
  }
}
