/** Caps per run: carried over a resume, recorded ahead of spending, and held when a call may be billed anyway. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Budget, LEDGER_HEADROOM, withBudget, type BudgetAmounts } from '../../src/models/wrappers/budget.js';
import { promptTokensUpperBound } from '../../src/models/token-bounds.js';
import { fail, fakeModel, request, success } from './helpers.js';

const PRICE = { inputPerMTok: 1, outputPerMTok: 10 };

describe('Budget across the processes of one run', () => {
  test('carryOver: what earlier processes used counts against the caps', async () => {
    const budget = new Budget({ maxCalls: 10 });
    budget.carryOver({ usd: 0, calls: 7, tokens: 0 });
    const model = fakeModel(() => success());
    const wrapped = withBudget(model, budget);
    for (let i = 0; i < 5; i++) await wrapped.generate(request());
    assert.equal(model.calls.length, 3, 'only the 3 calls left of the run cap were made');
    assert.equal(budget.spent().calls, 10);
  });

  test('carryOver that reaches a cap exhausts the budget with a reason naming the flag', () => {
    const budget = new Budget({ maxUsd: 0.2 });
    budget.carryOver({ usd: 0.2, calls: 50, tokens: 9000 });
    assert.equal(budget.exhausted, true);
    assert.equal(budget.exhaustedLimit, 'maxUsd');
    assert.match(budget.reason ?? '', /already used \$0\.2000 of its --budget \$0\.2000/);
  });

  test('the ledger records a mark ahead of every call it lets through, about once per 2% of a cap', async () => {
    const budget = new Budget({ maxCalls: 100 });
    const marks: BudgetAmounts[] = [];
    budget.setLedger((mark) => marks.push(mark));
    const model = fakeModel(() => success());
    const wrapped = withBudget(model, budget);
    for (let i = 0; i < 100; i++) {
      await wrapped.generate(request());
      // Whatever has been sent so far is covered by the last recorded mark.
      assert.ok((marks.at(-1)?.calls ?? 0) >= model.calls.length);
    }
    assert.equal(model.calls.length, 100);
    assert.ok(marks.length <= Math.ceil(1 / LEDGER_HEADROOM) + 1, `${marks.length} ledger writes`);
    assert.ok(marks.every((mark) => mark.calls <= 100), 'a mark never claims more than the cap');
  });

  test('a ledger that cannot record refuses the call instead of risking the cap', async () => {
    const budget = new Budget({ maxCalls: 100 });
    budget.setLedger(() => {
      throw new Error('disk full');
    });
    const model = fakeModel(() => success());
    const outcome = await withBudget(model, budget).generate(request());
    assert.ok(!outcome.ok && outcome.error.kind === 'budget');
    assert.match(outcome.error.message, /could not be recorded \(disk full\)/);
    assert.equal(model.calls.length, 0);
  });

  test('a timed-out call counts at its reservation (the provider may bill it); a 500 costs nothing', async () => {
    const prompt = 'y'.repeat(100);
    const bound = promptTokensUpperBound(prompt) + 50;
    const timedOut = new Budget({ maxTokens: 10_000, maxUsd: 1 });
    await withBudget(fakeModel(() => fail('timeout')), timedOut, { price: PRICE }).generate(request(prompt, { maxTokens: 50 }));
    assert.equal(timedOut.spent().tokens, bound);
    assert.ok(timedOut.spent().usd > 0);
    const refused = new Budget({ maxTokens: 10_000, maxUsd: 1 });
    await withBudget(fakeModel(() => fail('server-error')), refused, { price: PRICE }).generate(request(prompt, { maxTokens: 50 }));
    assert.deepEqual(refused.spent(), { usd: 0, calls: 1, tokens: 0 });
  });

  test('the prompt bound is never below the UTF-8 length: dense text cannot cross a cap', () => {
    for (const text of ['plain words', '数学の問題を解いてください', '🙂'.repeat(20), '\u0000\u0001 mixed ünïcödé']) {
      assert.ok(promptTokensUpperBound(text) >= Buffer.byteLength(text, 'utf8'));
    }
  });
});
