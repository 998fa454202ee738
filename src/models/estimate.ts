/**
 * Dry-run estimate of a run: how many calls it makes and what it may cost, before spending anything.
 *
 * Scorer calls: every initial instruction and every generated candidate is scored on the training
 * examples, plus the final evaluation. Counts are upper bounds: OPRO skips candidates it has
 * already scored, and the call cache answers repeats for free.
 * Cost range: low assumes short answers (`shortAnswerTokens`), high assumes every answer uses
 * maxTokens. Prompt tokens are estimated as chars/4.
 */
import { CHARS_PER_TOKEN } from './wrappers/budget.js';
import type { ModelPrice, PriceResolution } from './pricing.js';

/** What a "short" answer is when the role does not say: a number or a one-line instruction. */
export const DEFAULT_SHORT_ANSWER_TOKENS = 16;
const TOKENS_PER_MILLION = 1_000_000;

export interface RoleEstimateInput {
  avgPromptChars: number;
  maxTokens: number;
  /** Tokens of a short answer, for the low end. Default min(16, maxTokens). */
  shortAnswerTokens?: number;
  /** Price of the model in this role; `null` when free (local), undefined when unknown. */
  price?: ModelPrice | null;
}

export interface RunEstimateInput {
  steps: number;
  /** Optimizer calls per step (the paper: 8). */
  candidatesPerStep: number;
  /** Scorer calls per scored instruction (training examples). */
  trainSize: number;
  /** Instructions scored at step -1. */
  initialInstructions: number;
  /** Examples of the final evaluation (0 or omitted for none). */
  evalSize?: number;
  /** Instructions that get the final evaluation. Default 1 (the best one). */
  evalInstructions?: number;
  scorer: RoleEstimateInput;
  optimizer: RoleEstimateInput;
}

export interface CostRange {
  low: number;
  high: number;
}

export interface RoleEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: CostRange;
  costUsd: CostRange | 'unknown';
}

export interface RunEstimate {
  scorer: RoleEstimate;
  optimizer: RoleEstimate;
  totalCalls: number;
  costUsd: CostRange | 'unknown';
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`estimateRun: ${name} must be a non-negative integer, got ${value}.`);
  return value;
}

function estimateRole(calls: number, input: RoleEstimateInput): RoleEstimate {
  const promptTokens = Math.ceil(input.avgPromptChars / CHARS_PER_TOKEN);
  const shortTokens = Math.min(input.shortAnswerTokens ?? DEFAULT_SHORT_ANSWER_TOKENS, input.maxTokens);
  const inputTokens = calls * promptTokens;
  const outputTokens = { low: calls * shortTokens, high: calls * input.maxTokens };
  let costUsd: CostRange | 'unknown';
  if (input.price === undefined) costUsd = 'unknown';
  else if (input.price === null) costUsd = { low: 0, high: 0 };
  else {
    const { inputPerMTok, outputPerMTok } = input.price;
    const cost = (output: number): number => (inputTokens * inputPerMTok + output * outputPerMTok) / TOKENS_PER_MILLION;
    costUsd = { low: cost(outputTokens.low), high: cost(outputTokens.high) };
  }
  return { calls, inputTokens, outputTokens, costUsd };
}

export function estimateRun(input: RunEstimateInput): RunEstimate {
  const steps = nonNegativeInteger('steps', input.steps);
  const perStep = nonNegativeInteger('candidatesPerStep', input.candidatesPerStep);
  const trainSize = nonNegativeInteger('trainSize', input.trainSize);
  const initial = nonNegativeInteger('initialInstructions', input.initialInstructions);
  const evalSize = nonNegativeInteger('evalSize', input.evalSize ?? 0);
  const evalInstructions = nonNegativeInteger('evalInstructions', input.evalInstructions ?? 1);

  const optimizerCalls = steps * perStep;
  const scorerCalls = (initial + optimizerCalls) * trainSize + evalInstructions * evalSize;
  const scorer = estimateRole(scorerCalls, input.scorer);
  const optimizer = estimateRole(optimizerCalls, input.optimizer);
  const costUsd =
    scorer.costUsd === 'unknown' || optimizer.costUsd === 'unknown'
      ? 'unknown'
      : { low: scorer.costUsd.low + optimizer.costUsd.low, high: scorer.costUsd.high + optimizer.costUsd.high };
  return { scorer, optimizer, totalCalls: scorerCalls + optimizerCalls, costUsd };
}

/** The `price` for a role from a resolved price: the price, null when free, undefined when unknown. */
export function estimatePrice(resolution: PriceResolution): ModelPrice | null | undefined {
  if (resolution.kind === 'free') return null;
  return resolution.kind === 'priced' ? resolution.price : undefined;
}
