/**
 * `--dry-run`: how many calls a run can make and what it may cost, from the real split, the run's
 * own prompts and the models' prices, without calling any model. Counts come from call-bounds.ts
 * (the plan line prints the same), prompt sizes from prompt-bounds.ts, prices from estimate.ts.
 */
import { estimatePrice, estimateRole, totalCost, type CostRange, type RoleEstimate } from '../models/estimate.js';
import type { PriceResolution } from '../models/pricing.js';
import type { LanguageModel } from '../models/types.js';
import type { JudgeOptions } from '../metrics/judge.js';
import { callBounds, type CallBounds } from './call-bounds.js';
import { datasetOf, prepareSplit, type OptimizeOptions } from './optimize.js';
import { judgeGroups, optimizerGroups, scorerGroups } from './prompt-bounds.js';
import { DEFAULT_SETTINGS, resolveSettings } from './settings.js';

export interface DryRunOptions extends OptimizeOptions {
  /** The judges of a task's metric tree (their models, rubrics and limits), one entry per judge. */
  judges?: readonly JudgeOptions[];
  /** Parts of a task's metric tree that are not judges (sizes the feedback block's bound). */
  otherMetricParts?: number;
  /** The judge's share of each hard cap, when the task sets one. */
  judgeBudgetShare?: number;
}

export interface JudgeEstimate extends RoleEstimate {
  spec: string;
  /** Fraction of each cap the judge may spend, when set. */
  budgetShare?: number;
}

export interface DryRunReport {
  datasetId: string;
  trainSize: number;
  /** Held-out examples the run measures on (0 without a held-out evaluation). */
  testSize: number;
  /** Upper bounds of the calls to each model (call-bounds.ts). */
  calls: CallBounds;
  scorer: RoleEstimate;
  optimizer: RoleEstimate;
  judge: JudgeEstimate | null;
  totalCalls: number;
  /** low: a typical figure; high: an upper bound (see formatDryRun). */
  costUsd: CostRange | 'unknown';
}

/** Calls and a cost range for a run's settings, from the real split, without calling any model. */
export async function dryRun(options: DryRunOptions, priceFor: (model: LanguageModel) => PriceResolution): Promise<DryRunReport> {
  const loaded = await datasetOf(options);
  const settings = resolveSettings(options, loaded, options.preset);
  const { dataset, train, test } = await prepareSplit({ ...options, dataset: loaded }, settings);
  const judges = options.judges ?? [];
  const compareBaselines = Boolean(options.compareBaselines);
  const calls = callBounds({ settings, trainSize: train.length, testSize: test.length, compareBaselines, judgesPerExample: judges.length });
  const sizes = {
    settings,
    dataset,
    scorer: options.scorer,
    train,
    test,
    bounds: calls,
    compareBaselines,
    ...(options.task ? { task: options.task } : {}),
    judges,
    ...(options.otherMetricParts !== undefined ? { otherMetricParts: options.otherMetricParts } : {}),
    ...(options.feedbackExamples ? { feedbackExamples: options.feedbackExamples } : {}),
  };
  const price = (model: LanguageModel) => estimatePrice(priceFor(model));
  const scorer = estimateRole({ groups: scorerGroups(sizes), price: price(options.scorer) });
  const optimizer = estimateRole({ groups: optimizerGroups(sizes), price: price(options.optimizer) });
  const judge = judges.length > 0 ? judgeEstimate(judges, judgeGroups(sizes), price, options.judgeBudgetShare) : null;
  const roles = [scorer, optimizer, ...(judge ? [judge] : [])];
  return {
    datasetId: dataset.id,
    trainSize: train.length,
    testSize: calls.heldOutExamples,
    calls,
    scorer,
    optimizer,
    judge,
    totalCalls: roles.reduce((total, role) => total + role.calls, 0),
    costUsd: totalCost(roles),
  };
}

/** The judge role: its groups priced by each judge's own model (unknown when any price is). */
function judgeEstimate(
  judges: readonly JudgeOptions[],
  groups: ReturnType<typeof judgeGroups>,
  price: (model: LanguageModel) => ReturnType<typeof estimatePrice>,
  budgetShare: number | undefined,
): JudgeEstimate {
  const parts = judges.map((judge, i) => estimateRole({ groups: groups.slice(i, i + 1), price: price(judge.model) }));
  const specs = [...new Set(judges.map((judge) => judge.model.spec))];
  const whole = estimateRole({ groups, price: null });
  return { ...whole, costUsd: totalCost(parts), spec: specs.join(', '), ...(budgetShare !== undefined ? { budgetShare } : {}) };
}

/** `--repeats k --dry-run`: the k runs (seeds seed, seed+1, ...), each sized on its own split, and their sum. */
export interface RepeatedDryRunReport {
  seeds: number[];
  runs: DryRunReport[];
  totalCalls: number;
  costUsd: CostRange | 'unknown';
}

export async function repeatedDryRun(options: DryRunOptions, priceFor: (model: LanguageModel) => PriceResolution, repeats: number): Promise<RepeatedDryRunReport> {
  // The seeds runRepeats (repeats.ts) gives its runs.
  const base = options.seed ?? DEFAULT_SETTINGS.seed;
  const seeds = Array.from({ length: repeats }, (_, i) => base + i);
  const runs: DryRunReport[] = [];
  for (const seed of seeds) runs.push(await dryRun({ ...options, seed }, priceFor));
  const costs = runs.map((run) => run.costUsd);
  const costUsd = costs.includes('unknown')
    ? 'unknown'
    : (costs as CostRange[]).reduce((sum, cost) => ({ low: sum.low + cost.low, high: sum.high + cost.high }), { low: 0, high: 0 });
  return { seeds, runs, totalCalls: runs.reduce((sum, run) => sum + run.totalCalls, 0), costUsd };
}
