/**
 * Hard spending caps for a run: one Budget shared by every model of the run.
 *
 * Before a request is sent, withBudget reserves a bound it cannot beat (prompt tokens at one per
 * UTF-8 byte plus framing, see token-bounds.ts, and maxTokens of output) and refuses with kind
 * 'budget' if a cap could be crossed; when the request ends the reservation is settled to the actual
 * usage. The first refusal exhausts the budget: from then on every call is refused at once, so the
 * engine stops cleanly instead of creeping up to the cap with ever smaller calls.
 *
 * Caps are per run, not per process: a resume carries over what earlier processes spent
 * (carryOver), and a ledger records, before calls are sent, a mark the run may have committed up to,
 * so even a process killed with SIGKILL leaves a record its resume starts from.
 *
 * Placement (see stack.ts): withBudget sits just above the provider, inside the scheduler, so it
 * reserves when a request is really about to go out (retries are requests too and count against
 * maxCalls) and reservations are bounded by the concurrency limit rather than by the queue length.
 * withBudgetGate sits above the scheduler so that, once exhausted, calls are refused without queueing.
 */
import { resolvePrice, resolvedCostUsd, type ModelPrice, type PriceOverrides, type PriceResolution } from '../pricing.js';
import { failure } from '../outcome.js';
import { CHARS_PER_TOKEN, requestPromptTokensUpperBound, typicalPromptTokens } from '../token-bounds.js';
import type { CallErrorKind, CallOutcome, GenerateRequest, LanguageModel } from '../types.js';
import { wrapModel } from './wrap-model.js';

export { CHARS_PER_TOKEN };
const TOKENS_PER_MILLION = 1_000_000;
/**
 * The ledger records a mark this far (a fraction of each cap) above what is committed, so it writes
 * about once per 2% of a cap rather than once per call; a SIGKILLed process forfeits at most that.
 */
export const LEDGER_HEADROOM = 0.02;
/**
 * Failures after which the provider may still bill the request (it may have been processed): they
 * are settled at their reservation, so a cap holds even then. Other failures were refused unbilled.
 */
const MAYBE_BILLED: ReadonlySet<CallErrorKind> = new Set(['timeout', 'network', 'aborted', 'bad-response']);

export interface BudgetLimits {
  maxUsd?: number;
  maxCalls?: number;
  maxTokens?: number;
}

export type BudgetLimit = keyof BudgetLimits;

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

/**
 * What the caps hold for, as messages name it: one run, or an experiment of many runs (linreg, tsp),
 * whose caps count every member run and every process, so a figure must not read as one run's.
 */
export type BudgetSubject = 'run' | 'experiment';

/** Records the amounts a run may have committed up to; throws if it cannot (the call is then refused). */
export type BudgetLedger = (mark: BudgetAmounts) => void;

/** Each cap with the CLI flag that sets it, so messages name what the user can change. */
export const CAPS = [
  { limit: 'maxUsd', amount: 'usd', flag: '--budget', show: (n: number) => `$${n.toFixed(4)}` },
  { limit: 'maxCalls', amount: 'calls', flag: '--max-calls', show: (n: number) => `${n} calls` },
  { limit: 'maxTokens', amount: 'tokens', flag: '--max-tokens', show: (n: number) => `${n} tokens` },
] as const;

const zero = (): BudgetAmounts => ({ usd: 0, calls: 0, tokens: 0 });

export class Budget {
  private readonly spentAmounts: BudgetAmounts = zero();
  private readonly reservedAmounts: BudgetAmounts = zero();
  private exhaustedReason: string | undefined;
  private exhaustedBy: BudgetLimit | undefined;
  private ledger: BudgetLedger | undefined;
  private mark: BudgetAmounts = zero();
  private subject: BudgetSubject = 'run';

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

  /** The cap that stopped the run, when one did (not set for other refusals, e.g. an unknown price). */
  get exhaustedLimit(): BudgetLimit | undefined {
    return this.exhaustedBy;
  }

  /** Names what the caps hold for in every later message (see BudgetSubject); 'run' until told. */
  holdFor(subject: BudgetSubject): void {
    this.subject = subject;
  }

  /** ' by the experiment' after an amount used; nothing for a run, whose messages read as they always did. */
  private usedBy(): string {
    return this.subject === 'run' ? '' : ` by the ${this.subject}`;
  }

  /** True when any cap is set. */
  get capped(): boolean {
    return CAPS.some(({ limit }) => this.limits[limit] !== undefined);
  }

  priceFor(model: Pick<LanguageModel, 'spec' | 'provider' | 'modelId' | 'isLocal'>): PriceResolution {
    return resolvePrice(model, this.options.prices);
  }

  spent(): BudgetAmounts {
    return { ...this.spentAmounts };
  }

  /** Spent plus the reservations of calls in flight: the most this run may have used so far. */
  committed(): BudgetAmounts {
    return {
      usd: this.spentAmounts.usd + this.reservedAmounts.usd,
      calls: this.spentAmounts.calls + this.reservedAmounts.calls,
      tokens: this.spentAmounts.tokens + this.reservedAmounts.tokens,
    };
  }

  /**
   * What a record of this run's use must say so that a resume never crosses a cap: the ledger's mark
   * when it is ahead (calls up to it may be sent without another record), else what is committed.
   */
  recordable(): BudgetAmounts {
    const committed = this.committed();
    if (!this.ledger) return committed;
    return {
      usd: Math.max(committed.usd, this.mark.usd),
      calls: Math.max(committed.calls, this.mark.calls),
      tokens: Math.max(committed.tokens, this.mark.tokens),
    };
  }

  remaining(): BudgetRemaining {
    const left: BudgetRemaining = {};
    for (const { limit, amount } of CAPS) {
      const cap = this.limits[limit];
      if (cap !== undefined) left[amount] = Math.max(0, cap - this.spentAmounts[amount] - this.reservedAmounts[amount]);
    }
    return left;
  }

  /**
   * Counts what earlier processes of the same run spent (a resume), before any call of this one. If
   * that already reaches a cap, the budget is exhausted with a reason that says so.
   */
  carryOver(earlier: BudgetAmounts): void {
    for (const { limit, amount, flag, show } of CAPS) {
      this.spentAmounts[amount] += Math.max(0, earlier[amount]);
      const cap = this.limits[limit];
      if (cap !== undefined && this.spentAmounts[amount] >= cap && !this.exhaustedReason) {
        this.exhaustedBy = limit;
        this.exhaust(`the ${this.subject} already used ${show(this.spentAmounts[amount])} of its ${flag} ${show(cap)} before this process`);
      }
    }
    this.mark = this.committed();
  }

  /** Where the run records its committed amounts before calls are sent (see LEDGER_HEADROOM). */
  setLedger(ledger: BudgetLedger | undefined): void {
    this.ledger = ledger;
    this.mark = this.committed();
  }

  /** Stops the run: every later reserve() is refused with `reason`. The first reason wins. */
  exhaust(reason: string): void {
    this.exhaustedReason ??= reason;
  }

  /** Reserves `worstCase` if no cap could be crossed; otherwise exhausts the budget and refuses. */
  reserve(worstCase: BudgetAmounts): ReserveResult {
    if (this.exhaustedReason) return { ok: false, reason: this.exhaustedReason };
    for (const { limit, amount, flag, show } of CAPS) {
      const cap = this.limits[limit];
      if (cap === undefined) continue;
      const committed = this.spentAmounts[amount] + this.reservedAmounts[amount];
      if (committed + worstCase[amount] > cap) {
        this.exhaustedBy = limit;
        const inFlight = this.reservedAmounts[amount] > 0 ? `, up to ${show(this.reservedAmounts[amount])} in flight` : '';
        this.exhaust(
          `stopped before crossing ${flag} ${show(cap)}: ${show(this.spentAmounts[amount])} used${this.usedBy()}${inFlight}, ` +
            `and the next call could use up to ${show(worstCase[amount])}`,
        );
        return { ok: false, reason: this.exhaustedReason ?? 'budget exhausted' };
      }
    }
    for (const { amount } of CAPS) this.reservedAmounts[amount] += worstCase[amount];
    const recorded = this.recordMark();
    if (!recorded.ok) {
      for (const { amount } of CAPS) this.reservedAmounts[amount] -= worstCase[amount];
      this.exhaust(recorded.reason);
      return { ok: false, reason: recorded.reason };
    }
    return { ok: true, reservation: { amounts: { ...worstCase }, settled: false } };
  }

  /** Moves the ledger's mark ahead of what is committed, when a capped amount has caught up with it. */
  private recordMark(): { ok: true } | { ok: false; reason: string } {
    if (!this.ledger) return { ok: true };
    const committed = this.committed();
    const behind = CAPS.some(({ limit, amount }) => this.limits[limit] !== undefined && committed[amount] > this.mark[amount]);
    if (!behind) return { ok: true };
    const next = { ...committed };
    for (const { limit, amount } of CAPS) {
      const cap = this.limits[limit];
      if (cap === undefined) continue;
      // Calls and tokens are whole: a fractional mark would leave an unusable sliver of the cap.
      const headroom = amount === 'usd' ? cap * LEDGER_HEADROOM : Math.max(1, Math.ceil(cap * LEDGER_HEADROOM));
      next[amount] = Math.min(cap, committed[amount] + headroom);
    }
    try {
      this.ledger(next);
    } catch (error) {
      return { ok: false, reason: `the ${this.subject}'s spending could not be recorded (${error instanceof Error ? error.message : String(error)}), so no call is sent that could cross a cap` };
    }
    this.mark = next;
    return { ok: true };
  }

  /**
   * Replaces a reservation by what the call really used. The reservation is a bound the provider
   * cannot beat, so spending stays under every cap; reaching a cap exhausts the budget.
   */
  settle(reservation: Reservation, actual: BudgetAmounts): void {
    if (reservation.settled) return;
    reservation.settled = true;
    for (const { limit, amount, flag, show } of CAPS) {
      this.reservedAmounts[amount] -= reservation.amounts[amount];
      this.spentAmounts[amount] += actual[amount];
      const cap = this.limits[limit];
      if (cap !== undefined && this.spentAmounts[amount] >= cap && !this.exhaustedReason) {
        this.exhaustedBy = limit;
        this.exhaust(`${flag} ${show(cap)} reached (${show(this.spentAmounts[amount])} used${this.usedBy()})`);
      }
    }
  }
}

/** A typical prompt token count (chars / 4); reservations use promptTokensUpperBound instead. */
export function estimatePromptTokens(prompt: string): number {
  return typicalPromptTokens(prompt);
}

/** Worst-case USD of a request: every prompt token (bounded, see token-bounds.ts) at the full input price, maxTokens of output. */
export function worstCaseUsd(request: Pick<GenerateRequest, 'prompt' | 'messages' | 'maxTokens'>, price: ModelPrice): number {
  return (requestPromptTokensUpperBound(request) * price.inputPerMTok + request.maxTokens * price.outputPerMTok) / TOKENS_PER_MILLION;
}

export interface BudgetWrapperOptions {
  /** Price for this model, overriding the budget's resolution. */
  price?: ModelPrice;
}

function budgetFailure(reason: string): CallOutcome {
  return failure('budget', reason);
}

/** A cap that cannot work as asked (an unknown price under --budget, a cap already reached on resume). */
export class BudgetSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetSettingsError';
  }
}

/** Why a dollar cap cannot hold for a model, and what to do instead. */
export function unknownPriceMessage(spec: string): string {
  return (
    `--budget cannot be enforced: the price of ${spec} is unknown (a server on this machine may still be a paid proxy). ` +
    `Set it in the config (models.<alias>.price: { "inputPerMTok": ..., "outputPerMTok": ... }, with "spec": "${spec}"), ` +
    `or cap the run with --max-calls or --max-tokens instead`
  );
}

/** Reserves before each request and settles after it; refuses with 'budget' when a cap could be crossed. */
export function withBudget(model: LanguageModel, budget: Budget, options: BudgetWrapperOptions = {}): LanguageModel {
  const pricing: PriceResolution = options.price ? { kind: 'priced', price: options.price, source: 'config' } : budget.priceFor(model);
  return wrapModel({
    model,
    wrapGenerate: async ({ request, doGenerate }) => {
      if (budget.exhausted) return budgetFailure(budget.reason ?? 'budget exhausted');
      let usd = 0;
      if (pricing.kind === 'priced') usd = worstCaseUsd(request, pricing.price);
      else if (pricing.kind === 'unknown' && budget.limits.maxUsd !== undefined) {
        // The CLI refuses such a run before it starts (unknownPriceError); this guards library use.
        budget.exhaust(unknownPriceMessage(model.spec));
        return budgetFailure(budget.reason ?? 'budget exhausted');
      }
      const reserved = budget.reserve({ usd, calls: 1, tokens: requestPromptTokensUpperBound(request) + request.maxTokens });
      if (!reserved.ok) return budgetFailure(reserved.reason);

      const outcome = await doGenerate();
      if (outcome.ok && !outcome.cached) {
        budget.settle(reserved.reservation, {
          usd: resolvedCostUsd(outcome.usage, pricing) ?? 0,
          calls: 1,
          tokens: outcome.usage.inputTokens + outcome.usage.outputTokens,
        });
      } else if (!outcome.ok && MAYBE_BILLED.has(outcome.error.kind)) {
        // The provider may have processed (and will bill) it: count its reservation, so the cap holds.
        budget.settle(reserved.reservation, reserved.reservation.amounts);
      } else {
        // A refused request used no tokens; it still was a request. A cached answer was none.
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
    wrapGenerate: ({ doGenerate }) => (budget.exhausted ? Promise.resolve(budgetFailure(budget.reason ?? 'budget exhausted')) : doGenerate()),
  });
}
