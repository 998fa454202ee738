import type { Command } from 'commander';
import { RunStore } from '../store/index.js';
import { SettingsError } from '../optimize/settings.js';
import type { BudgetAmounts } from '../models/wrappers/budget.js';
import { resumedFlags } from './resume-flags.js';

/**
 * Continuing an experiment of many runs (linreg repetitions, TSP instances) by its group id: the
 * flags are the recorded ones (a resume may change only how calls are made, as for one run), and the
 * caps start from what the whole experiment used over its earlier processes.
 *
 * Each member run keeps the experiment's running total under `experimentBudgetUsed` (its ledger
 * mark, then the exact figure when the member ends): the largest of them is what the experiment had
 * used when its last process stopped, even after a SIGKILL.
 */

/** A member run already in the store: its id and the cost its earlier processes recorded. */
export interface ExistingMember {
  runId: string;
  costUsd: number;
}

export interface ExperimentResumePlan<F> {
  group: string;
  flags: F;
  /** What the experiment's earlier processes used, counted against its caps. */
  earlier: BudgetAmounts;
  /** Member id (e.g. 'w=15,b=14#0') -> its run. */
  members: Map<string, ExistingMember>;
}

/** The summary key under which each member run records the experiment's total use of the caps. */
export const EXPERIMENT_BUDGET_KEY = 'experimentBudgetUsed';

const positive = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

export function planExperimentResume<F extends object>(storePath: string, group: string, given: F, command: Command, commandName: string): ExperimentResumePlan<F> {
  const store = RunStore.open(storePath, { readonly: true });
  try {
    const members = new Map<string, ExistingMember>();
    const earlier: BudgetAmounts = { usd: 0, calls: 0, tokens: 0 };
    let costSum = 0;
    let stored: Record<string, unknown> | null = null;
    for (const row of store.listRuns()) {
      const run = store.getRun(row.id);
      const config = run.config as { group?: string; member?: string; command?: string; flags?: Record<string, unknown> };
      if (config.group !== group || !config.member) continue;
      if (config.command !== commandName) {
        throw new SettingsError(`experiment ${group} was started by opro ${config.command ?? run.kind}: continue it with opro ${config.command ?? run.kind} --resume ${group}`);
      }
      stored ??= config.flags ?? {};
      const summary = run.summary as unknown as Record<string, unknown>;
      const costUsd = positive(summary.costUsd);
      members.set(config.member, { runId: run.id, costUsd });
      costSum += costUsd;
      const used = (summary[EXPERIMENT_BUDGET_KEY] ?? {}) as Partial<Record<keyof BudgetAmounts, unknown>>;
      earlier.usd = Math.max(earlier.usd, positive(used.usd));
      earlier.calls = Math.max(earlier.calls, positive(used.calls));
      earlier.tokens = Math.max(earlier.tokens, positive(used.tokens));
    }
    if (!stored) throw new SettingsError(`no experiment ${group} in ${storePath} (its group id x-... is in opro runs show of any of its runs)`);
    // Experiments recorded before the running total existed: their members' costs are the best figure there is.
    earlier.usd = Math.max(earlier.usd, costSum);
    return { group, flags: resumedFlags(stored, given, command, `experiment ${group}`), earlier, members };
  } finally {
    store.close();
  }
}
