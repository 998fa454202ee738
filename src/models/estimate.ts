/**
 * What a set of model calls may cost, before spending anything: a typical figure ("low") and an
 * upper bound ("high") that uses the very bounds the budget reserves with (token-bounds.ts).
 *
 * Calls come in groups that share a prompt shape and an output limit (a role's training calls, its
 * held-out calls, the second call of --extract-final-answer...). For each group the caller gives
 * the total prompt tokens twice: typical (chars / 4) and bound (requestPromptTokensUpperBound, the
 * reservation of the budget). Low = typical prompts and short answers; high = bound prompts and
 * every answer at maxTokens, i.e. the sum of what the budget would reserve for these calls, so no
 * run of these calls can be billed more (settlement replaces a reservation by the real, smaller usage).
 */
import { costUsd, type ModelPrice, type PriceResolution } from './pricing.js';

/** What a "short" answer is when the group does not say: a number or a one-line instruction. */
export const DEFAULT_SHORT_ANSWER_TOKENS = 16;

export interface CostRange {
  low: number;
  high: number;
}

export interface CallGroup {
  /** What the calls are, for reports ('training', 'held-out', 'final answer', ...). */
  label: string;
  calls: number;
  /** Prompt tokens summed over the group's calls: typical (low) and the budget's bound (high). */
  promptTokens: CostRange;
  /** Output limit of each call. */
  maxTokens: number;
  /** Tokens of a short answer, for the low end. Default min(16, maxTokens). */
  shortAnswerTokens?: number;
}

export interface RoleEstimateInput {
  groups: readonly CallGroup[];
  /** Price of the model in this role; `null` when free (local), undefined when unknown. */
  price?: ModelPrice | null;
}

export interface RoleEstimate {
  calls: number;
  inputTokens: CostRange;
  outputTokens: CostRange;
  costUsd: CostRange | 'unknown';
  groups: readonly CallGroup[];
}

function checkGroup(group: CallGroup): void {
  const whole = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`estimate: ${group.label} ${name} must be a non-negative integer, got ${value}.`);
  };
  whole('calls', group.calls);
  whole('maxTokens', group.maxTokens);
  if (!(group.promptTokens.low >= 0 && group.promptTokens.high >= group.promptTokens.low)) {
    throw new RangeError(`estimate: ${group.label} prompt tokens must satisfy 0 <= low <= high, got ${group.promptTokens.low}-${group.promptTokens.high}.`);
  }
}

const usageOf = (input: number, output: number) => ({ inputTokens: input, outputTokens: output, cachedInputTokens: 0, reasoningTokens: 0 });

export function estimateRole(input: RoleEstimateInput): RoleEstimate {
  input.groups.forEach(checkGroup);
  let calls = 0;
  const inputTokens = { low: 0, high: 0 };
  const outputTokens = { low: 0, high: 0 };
  for (const group of input.groups) {
    calls += group.calls;
    inputTokens.low += group.promptTokens.low;
    inputTokens.high += group.promptTokens.high;
    outputTokens.low += group.calls * Math.min(group.shortAnswerTokens ?? DEFAULT_SHORT_ANSWER_TOKENS, group.maxTokens);
    outputTokens.high += group.calls * group.maxTokens;
  }
  let cost: CostRange | 'unknown';
  if (input.price === undefined) cost = 'unknown';
  else if (input.price === null) cost = { low: 0, high: 0 };
  else {
    // The meter's and the budget's formula (pricing.ts), over the totals.
    cost = { low: costUsd(usageOf(inputTokens.low, outputTokens.low), input.price), high: costUsd(usageOf(inputTokens.high, outputTokens.high), input.price) };
  }
  return { calls, inputTokens, outputTokens, costUsd: cost, groups: input.groups };
}

/** The sum of several roles' costs; unknown when any is. */
export function totalCost(roles: readonly RoleEstimate[]): CostRange | 'unknown' {
  let low = 0;
  let high = 0;
  for (const role of roles) {
    if (role.costUsd === 'unknown') return 'unknown';
    low += role.costUsd.low;
    high += role.costUsd.high;
  }
  return { low, high };
}

/** The `price` for a role from a resolved price: the price, null when free, undefined when unknown. */
export function estimatePrice(resolution: PriceResolution): ModelPrice | null | undefined {
  if (resolution.kind === 'free') return null;
  return resolution.kind === 'priced' ? resolution.price : undefined;
}
