/**
 * Caps are per run (or per experiment): a resume starts from what the earlier processes used, and
 * the hint printed after a stop never invites crossing a cap that has been reached.
 */
import { BudgetSettingsError, CAPS, type Budget, type BudgetAmounts } from '../models/wrappers/budget.js';
import type { RunStatus } from '../engine/events.js';
import type { EarlierSpending } from '../runs/run-spending.js';

/** What is continued and the command that continues it, e.g. run r-1 and 'opro optimize --resume r-1'. */
export interface ResumeTarget {
  noun: 'run' | 'experiment';
  id: string;
  resume: string;
}

const runTarget = (runId: string, storeFlag: string): ResumeTarget => ({ noun: 'run', id: runId, resume: `opro optimize --resume ${runId}${storeFlag}` });

/**
 * Counts the earlier processes' use against the caps; a cap already reached is a clear error before
 * anything is recorded. `storeFlag` (' --store <path>' or '') goes into the command it advises.
 */
export function carryOverCaps(budget: Budget, runId: string, earlier: EarlierSpending, storeFlag = ''): void {
  carryOverUse(budget, earlier.budgetUsed, runTarget(runId, storeFlag));
}

/** carryOverCaps for anything resumable (an experiment of many runs too): the budget's messages name the target's noun. */
export function carryOverUse(budget: Budget, used: BudgetAmounts, target: ResumeTarget): void {
  budget.holdFor(target.noun);
  budget.carryOver(used);
  if (!budget.exhausted) return;
  throw new BudgetSettingsError(`${target.noun} ${target.id} cannot continue: ${budget.reason}. ${raiseCapAdvice(budget, target)}`);
}

function raiseCapAdvice(budget: Budget, target: ResumeTarget): string {
  const cap = CAPS.find((c) => c.limit === budget.exhaustedLimit);
  const value = cap ? budget.limits[cap.limit] : undefined;
  if (!cap || value === undefined) return '';
  return `To continue, raise the cap: ${target.resume} ${cap.flag} <more than ${value}>`;
}

/** The line printed after a run stopped early, or null when it finished. */
export function resumeHint(status: RunStatus, runId: string, storeFlag: string, budget: Budget): string | null {
  return stopHint(status, runTarget(runId, storeFlag), budget);
}

/** resumeHint for anything resumable. */
export function stopHint(status: RunStatus, target: ResumeTarget, budget: Budget): string | null {
  if (status === 'budget') {
    const advice = raiseCapAdvice(budget, target);
    if (advice) return `opro: the ${target.noun} reached its cap; nothing finished is lost. ${advice}`;
  }
  if (status === 'interrupted' || status === 'budget' || status === 'failed') {
    return `opro: nothing finished is lost; continue with: ${target.resume}`;
  }
  return null;
}
