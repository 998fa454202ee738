/**
 * Usage & cost metering: a UsageMeter per run, and withMeter to feed it from a model.
 *
 * Every logical call is counted once, when it ends: successes (real or from the cache), failures by
 * kind. A call a hard cap refused was never made: it is counted as `refused`, not as a call or a
 * failure. Tokens and cost count real calls only; a cache hit costs nothing and its would-be cost is reported as `savedUsd`. A call to a cloud model with no known price adds
 * to `unpricedCalls`, so a total is never silently understated.
 */
import { resolvePrice, resolvedCostUsd, type PriceOverrides, type PriceResolution, type ModelPrice } from '../pricing.js';
import type { CallErrorKind, CallOutcome, LanguageModel } from '../types.js';
import { wrapModel } from './wrap-model.js';

/** The judge is the third role of tasks scored by an LLM judge: its calls and cost get their own line. */
export type ModelRole = 'scorer' | 'optimizer' | 'judge';
export const MODEL_ROLES: readonly ModelRole[] = ['scorer', 'optimizer', 'judge'];

export interface UsageTotals {
  calls: number;
  succeeded: number;
  cachedCalls: number;
  failed: number;
  failuresByKind: Partial<Record<CallErrorKind, number>>;
  /** Calls a hard cap (--budget, --max-calls, --max-tokens) refused before sending: not in `calls`. */
  refused: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Cost of the priced calls. Complete only when unpricedCalls is 0. */
  costUsd: number;
  /** Real (paid) calls to cloud models whose price is unknown. */
  unpricedCalls: number;
  /** What the cache hits would have cost as real calls. */
  savedUsd: number;
}

export interface ModelUsage extends UsageTotals {
  spec: string;
  pricing: PriceResolution['kind'];
  price?: ModelPrice;
}

export interface UsageSnapshot {
  total: UsageTotals;
  byRole: Record<ModelRole, UsageTotals>;
  byModel: Record<string, ModelUsage>;
}

export interface MeteredModelInfo {
  spec: string;
  pricing: PriceResolution;
}

export function emptyTotals(): UsageTotals {
  return {
    calls: 0,
    succeeded: 0,
    cachedCalls: 0,
    failed: 0,
    failuresByKind: {},
    refused: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedCalls: 0,
    savedUsd: 0,
  };
}

function add(totals: UsageTotals, outcome: CallOutcome, pricing: PriceResolution): void {
  if (!outcome.ok && outcome.error.kind === 'budget') {
    totals.refused += 1;
    return;
  }
  totals.calls += 1;
  if (!outcome.ok) {
    totals.failed += 1;
    totals.failuresByKind[outcome.error.kind] = (totals.failuresByKind[outcome.error.kind] ?? 0) + 1;
    return;
  }
  totals.succeeded += 1;
  const cost = resolvedCostUsd(outcome.usage, pricing);
  if (outcome.cached) {
    totals.cachedCalls += 1;
    totals.savedUsd += cost ?? 0;
    return;
  }
  totals.inputTokens += outcome.usage.inputTokens;
  totals.outputTokens += outcome.usage.outputTokens;
  totals.cachedInputTokens += outcome.usage.cachedInputTokens;
  totals.reasoningTokens += outcome.usage.reasoningTokens;
  if (cost === undefined) totals.unpricedCalls += 1;
  else totals.costUsd += cost;
}

export interface UsageMeterOptions {
  /** Per-spec prices (from the config) that take precedence over the catalogue. */
  prices?: PriceOverrides;
}

export class UsageMeter {
  private readonly total = emptyTotals();
  private readonly byRole: Record<ModelRole, UsageTotals> = { scorer: emptyTotals(), optimizer: emptyTotals(), judge: emptyTotals() };
  private readonly byModel = new Map<string, ModelUsage>();

  constructor(private readonly options: UsageMeterOptions = {}) {}

  /** How this meter prices `model` (config override, free, catalogue, or unknown). */
  priceFor(model: Pick<LanguageModel, 'spec' | 'provider' | 'modelId' | 'isLocal'>): PriceResolution {
    return resolvePrice(model, this.options.prices);
  }

  record(model: MeteredModelInfo, role: ModelRole, outcome: CallOutcome): void {
    add(this.total, outcome, model.pricing);
    add(this.byRole[role], outcome, model.pricing);
    let perModel = this.byModel.get(model.spec);
    if (!perModel) {
      perModel = { spec: model.spec, pricing: model.pricing.kind, ...emptyTotals() };
      if (model.pricing.kind === 'priced') perModel.price = { ...model.pricing.price };
      this.byModel.set(model.spec, perModel);
    }
    add(perModel, outcome, model.pricing);
  }

  /** Plain JSON (deep copy): safe to store, print or compare. */
  snapshot(): UsageSnapshot {
    return structuredClone({
      total: this.total,
      byRole: this.byRole,
      byModel: Object.fromEntries(this.byModel),
    });
  }
}

/** "$1.2345", or "$1.2345 + unknown (12 calls of unpriced models)" when part of it is unknown. */
export function formatCost(totals: Pick<UsageTotals, 'costUsd' | 'unpricedCalls'>): string {
  const known = `$${totals.costUsd.toFixed(4)}`;
  if (totals.unpricedCalls === 0) return known;
  const calls = totals.unpricedCalls === 1 ? '1 call' : `${totals.unpricedCalls} calls`;
  return `${known} + unknown (${calls} of unpriced models)`;
}

export interface MeterOptions {
  role: ModelRole;
  /** Price for this model, overriding the meter's resolution. */
  price?: ModelPrice;
}

/** Records every outcome of `model` in `meter` under `role`. */
export function withMeter(model: LanguageModel, meter: UsageMeter, options: MeterOptions): LanguageModel {
  const info: MeteredModelInfo = {
    spec: model.spec,
    pricing: options.price ? { kind: 'priced', price: options.price, source: 'config' } : meter.priceFor(model),
  };
  return wrapModel({
    model,
    wrapGenerate: async ({ doGenerate }) => {
      const outcome = await doGenerate();
      meter.record(info, options.role, outcome);
      return outcome;
    },
  });
}
