import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Budget, withBudget, withBudgetGate, worstCaseUsd } from '../../src/models/wrappers/budget.js';
import type { CallOutcome } from '../../src/models/types.js';
import { after, fail, FakeClock, fakeModel, request, success } from './helpers.js';

const PRICE = { inputPerMTok: 1, outputPerMTok: 10 };
/** 400 bytes: reserved as at most 400 + 32 (framing) = 432 prompt tokens, a bound no tokenizer beats. */
const PROMPT = 'x'.repeat(400);
const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, reasoningTokens: 0 });

async function runUntilRefused(model: { generate: (r: ReturnType<typeof request>) => Promise<CallOutcome> }, maxTokens: number, limit = 1000) {
  const outcomes: CallOutcome[] = [];
  for (let i = 0; i < limit; i += 1) {
    const outcome = await model.generate(request(PROMPT, { maxTokens }));
    outcomes.push(outcome);
    if (!outcome.ok && outcome.error.kind === 'budget') break;
  }
  return outcomes;
}

describe('Budget', () => {
  test('maxCalls: a run stops after exactly maxCalls requests', async () => {
    const budget = new Budget({ maxCalls: 5 });
    const model = fakeModel(() => success());
    const outcomes = await runUntilRefused(withBudget(model, budget), 50);
    assert.equal(model.calls.length, 5);
    assert.equal(outcomes.length, 6);
    assert.equal(budget.exhausted, true);
    assert.match(budget.reason ?? '', /--max-calls 5 calls reached/);
    const later = await withBudget(fakeModel(() => success()), budget).generate(request());
    assert.ok(!later.ok && later.error.kind === 'budget', 'every later call, on any model, is refused');
    assert.deepEqual(budget.remaining(), { calls: 0 });
  });

  test('maxUsd: refuses before the cap could be crossed and settles to the actual cost', async () => {
    // Worst case per call: 432 prompt tokens * $1/M + 100 output * $10/M = $0.001432.
    // Actual per call: 100 in + 20 out = $0.0003.
    const budget = new Budget({ maxUsd: 0.003 });
    const model = fakeModel(() => success('x', usage(100, 20)));
    const wrapped = withBudget(model, budget, { price: PRICE });
    assert.ok(Math.abs(worstCaseUsd({ prompt: PROMPT, maxTokens: 100 }, PRICE) - 0.001432) < 1e-12);
    const outcomes = await runUntilRefused(wrapped, 100);
    // After k calls spent = 0.0003k; the next is allowed while 0.0003k + 0.001432 <= 0.003, i.e. k <= 5.
    assert.equal(model.calls.length, 6);
    const spent = budget.spent();
    assert.ok(spent.usd <= 0.003, `spent ${spent.usd} must not cross the cap`);
    assert.ok(Math.abs(spent.usd - 0.0018) < 1e-12);
    const last = outcomes.at(-1);
    assert.ok(last && !last.ok && last.error.kind === 'budget');
    assert.match(last.error.message, /stopped before crossing --budget \$0\.0030: \$0\.0018 used, and the next call could use up to \$0\.0014/);
  });

  test('maxTokens: counts input plus output tokens', async () => {
    const budget = new Budget({ maxTokens: 1500 });
    const model = fakeModel(() => success('x', usage(100, 50)));
    await runUntilRefused(withBudget(model, budget, { price: PRICE }), 100);
    // Worst case 432 + 100 = 532 per call; actual 150. k calls allowed while 150k + 532 <= 1500, i.e. k <= 6.
    assert.equal(model.calls.length, 7);
    assert.equal(budget.spent().tokens, 1050);
    assert.ok(budget.spent().tokens <= 1500);
  });

  test('reservations of calls in flight count against the cap', async () => {
    const clock = new FakeClock();
    const budget = new Budget({ maxTokens: 1100 });
    const model = fakeModel(after(clock, 100, () => success('x', usage(10, 10))), { clock });
    const wrapped = withBudget(model, budget);
    const outcomes = await clock.until(Promise.all([1, 2, 3].map(() => wrapped.generate(request(PROMPT, { maxTokens: 100 })))));
    // Each reserves 532: two fit under 1100, the third could cross it.
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : o.error.kind)),
      ['ok', 'ok', 'budget'],
    );
    assert.equal(budget.spent().tokens, 40);
    assert.equal(budget.exhausted, true, 'the first refusal stops the run');
  });

  test('failed requests count as calls but cost nothing', async () => {
    const budget = new Budget({ maxCalls: 10, maxUsd: 1 });
    await withBudget(fakeModel(() => fail('server-error')), budget, { price: PRICE }).generate(request());
    assert.deepEqual(budget.spent(), { usd: 0, calls: 1, tokens: 0 });
  });

  test('remaining() subtracts spent and reserved, only for caps that are set', async () => {
    const budget = new Budget({ maxCalls: 10, maxTokens: 10_000 });
    await withBudget(fakeModel(() => success('x', usage(100, 50))), budget).generate(request());
    assert.deepEqual(budget.remaining(), { calls: 9, tokens: 9850 });
    assert.equal(budget.exhausted, false);
    assert.equal(budget.reason, undefined);
  });

  test('maxUsd cannot be enforced for a model without a price: refused with a clear reason', async () => {
    const budget = new Budget({ maxUsd: 5 });
    const model = fakeModel(() => success(), { spec: 'acme:unpriced' });
    const outcome = await withBudget(model, budget).generate(request());
    assert.ok(!outcome.ok && outcome.error.kind === 'budget');
    assert.match(outcome.error.message, /price of acme:unpriced is unknown.*--max-calls or --max-tokens/);
    assert.equal(model.calls.length, 0);
  });

  test('local models pass a dollar cap for free; config prices apply', async () => {
    const local = fakeModel(() => success('x', usage(1e6, 1e6)), { spec: 'ollama:x', isLocal: true });
    const budget = new Budget({ maxUsd: 0.01 }, { prices: { 'acme:cheap': { inputPerMTok: 0, outputPerMTok: 0 } } });
    assert.ok((await withBudget(local, budget).generate(request())).ok);
    assert.ok((await withBudget(fakeModel(() => success(), { spec: 'acme:cheap' }), budget).generate(request())).ok);
    assert.equal(budget.spent().usd, 0);
  });

  test('the gate refuses at once when exhausted and otherwise passes through', async () => {
    const budget = new Budget({ maxCalls: 1 });
    const model = fakeModel(() => success());
    const gated = withBudgetGate(withBudget(model, budget), budget);
    assert.ok((await gated.generate(request())).ok);
    const refused = await gated.generate(request());
    assert.ok(!refused.ok && refused.error.kind === 'budget');
    assert.equal(model.calls.length, 1);
  });

  test('negative caps are rejected', () => {
    assert.throws(() => new Budget({ maxUsd: -1 }), /maxUsd must be a non-negative number/);
  });
});
