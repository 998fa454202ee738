/**
 * What a run has spent over all its processes. A resume is a new process with a fresh meter and
 * budget: the figures of the earlier processes are read back from the store, the caps start from
 * them (caps are per run), and the recorded cost and usage are their sum with this process's.
 */
import type { BudgetAmounts } from '../models/wrappers/budget.js';
import { emptyTotals, type ModelUsage, type UsageSnapshot, type UsageTotals } from '../models/wrappers/meter.js';

export interface EarlierSpending {
  /** The meter figures of earlier processes (summed), or null for a new run. */
  usage: UsageSnapshot | null;
  costUsd: number;
  /** What the caps count as used: exact after a clean stop, an upper bound after a crash. */
  budgetUsed: BudgetAmounts;
}

export const NO_EARLIER_SPENDING: EarlierSpending = Object.freeze({ usage: null, costUsd: 0, budgetUsed: Object.freeze({ usd: 0, calls: 0, tokens: 0 }) });

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/**
 * The meter snapshot in a stored summary. The store keeps only its per-role and per-model parts (the
 * total is their sum); a summary nothing was reported into has none.
 */
function storedSnapshot(value: unknown): UsageSnapshot | null {
  const v = value as Partial<UsageSnapshot> | null;
  if (typeof v !== 'object' || v === null || typeof v.byRole !== 'object' || typeof v.byModel !== 'object') return null;
  const scorer = addTotals(emptyTotals(), (v.byRole.scorer ?? {}) as UsageTotals);
  const optimizer = addTotals(emptyTotals(), (v.byRole.optimizer ?? {}) as UsageTotals);
  // Runs recorded before the judge role existed have no judge line.
  const judge = addTotals(emptyTotals(), (v.byRole.judge ?? {}) as UsageTotals);
  const total = v.total ? addTotals(emptyTotals(), v.total) : addTotals(addTotals(scorer, optimizer), judge);
  return { total, byRole: { scorer, optimizer, judge }, byModel: { ...v.byModel } };
}

/** The earlier processes' spending, from a stored run summary (which holds what the last process reported). */
export function earlierSpending(summary: Record<string, unknown>): EarlierSpending {
  const usage = storedSnapshot(summary.usage);
  const costUsd = num(summary.costUsd) || num(usage?.total.costUsd);
  const stored = (summary.budgetUsed ?? {}) as Partial<Record<keyof BudgetAmounts, unknown>>;
  const total = usage?.total;
  // Older records have no budgetUsed: the meter's figures are the best lower bound there is.
  return {
    usage,
    costUsd,
    budgetUsed: {
      usd: Math.max(num(stored.usd), costUsd),
      calls: Math.max(num(stored.calls), num(total?.calls) - num(total?.cachedCalls)),
      tokens: Math.max(num(stored.tokens), num(total?.inputTokens) + num(total?.outputTokens)),
    },
  };
}

function addTotals<T extends UsageTotals>(a: T, b: UsageTotals): T {
  const out = { ...a, failuresByKind: { ...a.failuresByKind } };
  for (const key of ['calls', 'succeeded', 'cachedCalls', 'failed', 'refused', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'reasoningTokens', 'costUsd', 'unpricedCalls', 'savedUsd'] as const) {
    out[key] = num(a[key]) + num(b[key]);
  }
  for (const [kind, n] of Object.entries(b.failuresByKind ?? {}) as [keyof UsageTotals['failuresByKind'], number][]) {
    out.failuresByKind[kind] = num(out.failuresByKind[kind]) + num(n);
  }
  return out;
}

/** The sum of two meter snapshots (earlier processes + this one), per role and per model. */
export function addUsage(earlier: UsageSnapshot | null, now: UsageSnapshot): UsageSnapshot {
  if (!earlier) return now;
  const byModel: Record<string, ModelUsage> = { ...earlier.byModel };
  for (const [spec, usage] of Object.entries(now.byModel)) {
    const before = byModel[spec];
    byModel[spec] = before ? { ...addTotals(before, usage), pricing: usage.pricing, ...(usage.price ? { price: usage.price } : {}) } : usage;
  }
  return {
    total: addTotals(earlier.total ?? emptyTotals(), now.total),
    byRole: {
      scorer: addTotals(earlier.byRole.scorer ?? emptyTotals(), now.byRole.scorer),
      optimizer: addTotals(earlier.byRole.optimizer ?? emptyTotals(), now.byRole.optimizer),
      judge: addTotals(earlier.byRole.judge ?? emptyTotals(), now.byRole.judge),
    },
    byModel,
  };
}
