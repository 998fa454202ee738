/**
 * Caps are per run: a resume starts from what the run's earlier processes used, and the hint printed
 * after a stop never invites crossing a cap the run has reached.
 */
import { BudgetSettingsError, CAPS, type Budget } from '../models/wrappers/budget.js';
import type { RunStatus } from '../engine/events.js';
import type { EarlierSpending } from '../runs/run-spending.js';

/** Counts the earlier processes' use against the caps; a cap already reached is a clear error before anything is recorded. */
export function carryOverCaps(budget: Budget, runId: string, earlier: EarlierSpending): void {
  budget.carryOver(earlier.budgetUsed);
  if (!budget.exhausted) return;
  throw new BudgetSettingsError(`run ${runId} cannot continue: ${budget.reason}. ${raiseCapAdvice(budget, runId, '')}`);
}

function raiseCapAdvice(budget: Budget, runId: string, storeFlag: string): string {
  const cap = CAPS.find((c) => c.limit === budget.exhaustedLimit);
  const value = cap ? budget.limits[cap.limit] : undefined;
  if (!cap || value === undefined) return '';
  return `To continue, raise the cap: opro optimize --resume ${runId}${storeFlag} ${cap.flag} <more than ${value}>`;
}

/** The line printed after a run stopped early, or null when it finished. */
export function resumeHint(status: RunStatus, runId: string, storeFlag: string, budget: Budget): string | null {
  if (status === 'budget') {
    const advice = raiseCapAdvice(budget, runId, storeFlag);
    if (advice) return `opro: the run reached its cap; nothing finished is lost. ${advice}`;
  }
  if (status === 'interrupted' || status === 'budget' || status === 'failed') {
    return `opro: nothing finished is lost; continue with: opro optimize --resume ${runId}${storeFlag}`;
  }
  return null;
}
