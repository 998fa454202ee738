/**
 * Hard spending caps for a run: one Budget shared by every model of the run.
 *
 * Before a request is sent, withBudget reserves its worst case (prompt tokens estimated as
 * chars/4, plus maxTokens of output) and refuses with kind 'budget' if a cap could be crossed; when
 * the request ends the reservation is settled to the actual usage. The first refusal exhausts the
 * budget: from then on every call is refused at once, so the engine stops cleanly instead of
 * creeping up to the cap with ever smaller calls.
 *
 * Placement (see stack.ts): withBudget sits just above the provider, inside the scheduler, so it
 * reserves when a request is really about to go out (retries are requests too and count against
 * maxCalls) and reservations are bounded by the concurrency limit rather than by the queue length.
 * withBudgetGate sits above the scheduler so that, once exhausted, calls are refused without queueing.
 */
import { resolvePrice, resolvedCostUsd, type ModelPrice, type PriceOverrides, type PriceResolution } from '../pricing.js';
import { failure } from '../outcome.js';
import type { CallOutcome, GenerateRequest, LanguageModel } from '../types.js';
import { wrapModel } from './wrap-model.js';

/** The usual rough rule for English prompts (the brief's estimate; see costs of underestimating in settle()). */
export const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MILLION = 1_000_000;

export interface BudgetLimits {
  maxUsd?: number;
  maxCalls?: number;
  maxTokens?: number;
}

export interface BudgetAmounts {
  usd: number;
  calls: number;
  tokens: number;
}

/** What is left under each cap that is set (spent and in-flight reservations subtracted). */
export interface BudgetRemaining {
  usd?: number;
  calls?: number;
  tokens?: number;
}

export interface Reservation {
  readonly amounts: BudgetAmounts;
  settled: boolean;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; reason: string };

export interface BudgetOptions {
  /** Per-spec prices (from the config) that take precedence over the catalogue. */
  prices?: PriceOverrides;
}

const CAPS = [
  { limit: 'maxUsd', amount: 'usd', show: (n: number) => `$${n.toFixed(4)}` },
  { limit: 'maxCalls', amount: 'calls', show: (n: number) => `${n} calls` },
  { limit: 'maxTokens', amount: 'tokens', show: (n: number) => `${n} tokens` },
] as const;

export class Budget {
  private readonly spentAmounts: BudgetAmounts = { usd: 0, calls: 0, tokens: 0 };
  private readonly reservedAmounts: BudgetAmounts = { usd: 0, calls: 0, tokens: 0 };
  private exhaustedReason: string | undefined;

  constructor(
    readonly limits: BudgetLimits,
    private readonly options: BudgetOptions = {},
  ) {
    for (const { limit } of CAPS) {
      const value = limits[limit];
      if (value !== undefined && !(value >= 0)) throw new RangeError(`Budget ${limit} must be a non-negative number, got ${value}.`);
    }
  }

  get exhausted(): boolean {
    return this.exhaustedReason !== undefined;
  }

  /** Why the budget is exhausted (one sentence), or undefined. */
  get reason(): string | undefined {
    return this.exhaustedReason;
  }

  priceFor(model: Pick<LanguageModel, 'spec' | 'provider' | 'modelId' | 'isLocal'>): PriceResolution {
    return resolvePrice(model, this.options.prices);
  }

  spent(): BudgetAmounts {
    return { ...this.spentAmounts };
  }

  remaining(): BudgetRemaining {
    const left: BudgetRemaining = {};
    for (const { limit, amount } of CAPS) {
      const cap = this.limits[limit];
      if (cap !== undefined) left[amount] = Math.max(0, cap - this.spentAmounts[amount] - this.reservedAmounts[amount]);
    }
    return left;
  }

  /** Stops the run: every later reserve() is refused with `reason`. The first reason wins. */
  exhaust(reason: string): void {
    this.exhaustedReason ??= reason;
  }

  /** Reserves `worstCase` if no cap could be crossed; otherwise exhausts the budget and refuses. */
  reserve(worstCase: BudgetAmounts): ReserveResult {
    if (this.exhaustedReason) return { ok: false, reason: this.exhaustedReason };
    for (const { limit, amount, show } of CAPS) {
      const cap = this.limits[limit];
      if (cap === undefined) continue;
      const committed = this.spentAmounts[amount] + this.reservedAmounts[amount];
      if (committed + worstCase[amount] > cap) {
        this.exhaust(
          `Budget exhausted: ${limit} ${show(cap)} could be crossed (spent ${show(this.spentAmounts[amount])}, ` +
            `in flight up to ${show(this.reservedAmounts[amount])}, next call up to ${show(worstCase[amount])}).`,
        );
        return { ok: false, reason: this.exhaustedReason ?? 'Budget exhausted.' };
      }
    }
    for (const { amount } of CAPS) this.reservedAmounts[amount] += worstCase[amount];
    return { ok: true, reservation: { amounts: { ...worstCase }, settled: false } };
  }

  /**
   * Replaces a reservation by what the call really used. The estimate can be low (a prompt denser
   * than chars/4), so spending can end slightly above a cap; reaching a cap exhausts the budget.
   */
  settle(reservation: Reservation, actual: BudgetAmounts): void {
    if (reservation.settled) return;
    reservation.settled = true;
    for (const { limit, amount, show } of CAPS) {
      this.reservedAmounts[amount] -= reservation.amounts[amount];
      this.spentAmounts[amount] += actual[amount];
      const cap = this.limits[limit];
      if (cap !== undefined && this.spentAmounts[amount] >= cap) {
        this.exhaust(`Budget exhausted: ${limit} ${show(cap)} reached (spent ${show(this.spentAmounts[amount])}).`);
      }
    }
  }
}

export function estimatePromptTokens(prompt: string): number {
  return Math.ceil(prompt.length / CHARS_PER_TOKEN);
}

/** Worst-case USD of a request: every prompt token at the full input price, maxTokens of output. */
export function worstCaseUsd(request: Pick<GenerateRequest, 'prompt' | 'maxTokens'>, price: ModelPrice): number {
  return (estimatePromptTokens(request.prompt) * price.inputPerMTok + request.maxTokens * price.outputPerMTok) / TOKENS_PER_MILLION;
}

export interface BudgetWrapperOptions {
  /** Price for this model, overriding the budget's resolution. */
  price?: ModelPrice;
}

function budgetFailure(reason: string): CallOutcome {
  return failure('budget', reason);
}

/** Reserves before each request and settles after it; refuses with 'budget' when a cap could be crossed. */
export function withBudget(model: LanguageModel, budget: Budget, options: BudgetWrapperOptions = {}): LanguageModel {
  const pricing: PriceResolution = options.price ? { kind: 'priced', price: options.price, source: 'config' } : budget.priceFor(model);
  return wrapModel({
    model,
    wrapGenerate: async ({ request, doGenerate }) => {
      if (budget.exhausted) return budgetFailure(budget.reason ?? 'Budget exhausted.');
      let usd = 0;
      if (pricing.kind === 'priced') usd = worstCaseUsd(request, pricing.price);
      else if (pricing.kind === 'unknown' && budget.limits.maxUsd !== undefined) {
        budget.exhaust(
          `Budget: maxUsd cannot be enforced because ${model.spec} has no known price; add a price for it in the config (models.<alias>.price).`,
        );
        return budgetFailure(budget.reason ?? 'Budget exhausted.');
      }
      const reserved = budget.reserve({ usd, calls: 1, tokens: estimatePromptTokens(request.prompt) + request.maxTokens });
      if (!reserved.ok) return budgetFailure(reserved.reason);

      const outcome = await doGenerate();
      if (outcome.ok && !outcome.cached) {
        budget.settle(reserved.reservation, {
          usd: resolvedCostUsd(outcome.usage, pricing) ?? 0,
          calls: 1,
          tokens: outcome.usage.inputTokens + outcome.usage.outputTokens,
        });
      } else {
        // A failed request used no tokens we can see; it still was a request. A cached answer was none.
        budget.settle(reserved.reservation, { usd: 0, calls: outcome.ok ? 0 : 1, tokens: 0 });
      }
      return outcome;
    },
  });
}

/** Refuses at once when the budget is exhausted; otherwise passes the call through untouched. */
export function withBudgetGate(model: LanguageModel, budget: Budget): LanguageModel {
  return wrapModel({
    model,
    wrapGenerate: ({ doGenerate }) => (budget.exhausted ? Promise.resolve(budgetFailure(budget.reason ?? 'Budget exhausted.')) : doGenerate()),
  });
}
