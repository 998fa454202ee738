import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCallCache } from '../../src/models/cache/call-cache.js';
import { buildModelStack, schedulerOptionsFrom } from '../../src/models/stack.js';
import { Budget } from '../../src/models/wrappers/budget.js';
import { UsageMeter } from '../../src/models/wrappers/meter.js';
import { after, FakeClock, fakeModel, flush, request, success } from './helpers.js';

const PRICE = { inputPerMTok: 1, outputPerMTok: 10 };
const PROMPT = 'x'.repeat(400);

describe('buildModelStack', () => {
  test('a cache hit never waits for a scheduler slot, and the meter sees it', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 1000), { clock });
    const meter = new UsageMeter();
    const stack = buildModelStack({ base: model, role: 'scorer', meter, cache: new MemoryCallCache(), scheduler: { concurrency: 1, clock } });
    await clock.until(stack.generate(request('a')));
    const busy = stack.generate(request('b')); // holds the only slot for 1000 ms
    await flush();
    const hit = await stack.generate(request('a'));
    assert.ok(hit.ok && hit.cached);
    assert.equal(clock.now(), 1000, 'answered without any time passing');
    await clock.until(busy);
    const snap = meter.snapshot();
    assert.equal(snap.total.calls, 3);
    assert.equal(snap.total.cachedCalls, 1);
  });

  test('once the budget is exhausted, calls are refused without queueing', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 1000), { clock });
    const budget = new Budget({ maxCalls: 100 });
    const stack = buildModelStack({ base: model, role: 'scorer', budget, scheduler: { concurrency: 1, clock } });
    const busy = stack.generate(request('first'));
    await flush();
    budget.exhaust('Budget exhausted: stop requested by the test.');
    const refused = await stack.generate(request('second'));
    assert.ok(!refused.ok && refused.error.kind === 'budget');
    assert.equal(refused.error.message, 'Budget exhausted: stop requested by the test.');
    assert.equal(clock.now(), 0);
    assert.ok((await clock.until(busy)).ok, 'a call already sent finishes normally');
    assert.equal(model.calls.length, 1);
  });

  test('a burst of concurrent calls stops before crossing maxUsd; meter and budget agree', async () => {
    const clock = new FakeClock();
    const usage = { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0, reasoningTokens: 0 };
    const model = fakeModel(after(clock, 100, () => success('x', usage)), { spec: 'acme:priced', clock });
    const meter = new UsageMeter();
    const budget = new Budget({ maxUsd: 0.01 });
    const stack = buildModelStack({ base: model, role: 'scorer', meter, budget, price: PRICE, scheduler: { concurrency: 4, clock } });
    const outcomes = await clock.until(Promise.all(Array.from({ length: 200 }, (_, i) => stack.generate(request(`${PROMPT}${i}`, { maxTokens: 100 })))));
    const ok = outcomes.filter((o) => o.ok).length;
    const refused = outcomes.filter((o) => !o.ok && o.error.kind === 'budget').length;
    assert.equal(ok + refused, 200);
    assert.ok(ok > 10, `most of the budget is used (got ${ok} calls)`);
    const spent = budget.spent().usd;
    assert.ok(spent <= 0.01, `spent ${spent}`);
    assert.ok(spent > 0.01 - 4 * 0.0011 - 0.0011, 'stops only when a worst-case call could cross the cap');
    const snap = meter.snapshot();
    assert.ok(Math.abs(snap.total.costUsd - spent) < 1e-12);
    // A refused call was never made: counted as refused, not as a call or a failure.
    assert.equal(snap.total.refused, refused);
    assert.equal(snap.total.failed, 0);
    assert.equal(model.calls.length, ok);
  });

  test('several bases become one routed model', async () => {
    const clock = new FakeClock();
    const a = fakeModel(after(clock, 100), { spec: 'vllm:m', clock });
    const b = fakeModel(after(clock, 100), { spec: 'vllm:m', clock });
    const stack = buildModelStack({ base: [a, b], role: 'optimizer', scheduler: { clock }, endpointScheduler: [{ concurrency: 3 }, { concurrency: 1 }] });
    await clock.until(Promise.all(Array.from({ length: 4 }, () => stack.generate(request()))));
    assert.deepEqual([a.calls.length, b.calls.length], [3, 1]);
    assert.equal(clock.now(), 100);
  });

  test('schedulerOptionsFrom copies only the settings that are set', () => {
    assert.deepEqual(schedulerOptionsFrom({ concurrency: 4, rpm: undefined, timeoutMs: 5 }), { concurrency: 4, timeoutMs: 5 });
  });
});

describe('buildModelStack: one scheduler per endpoint', () => {
  test('scorer and optimizer stacks over the same base share its concurrency limit', async () => {
    const clock = new FakeClock();
    const base = fakeModel(after(clock, 100), { clock });
    const budget = new Budget({ maxCalls: 1000 });
    const scorer = buildModelStack({ base, role: 'scorer', budget, scheduler: { concurrency: 2, clock } });
    const optimizer = buildModelStack({ base, role: 'optimizer', budget, scheduler: { concurrency: 2, clock } });
    await clock.until(Promise.all([...Array.from({ length: 4 }, () => scorer.generate(request())), ...Array.from({ length: 4 }, () => optimizer.generate(request()))]));
    assert.equal(base.maxInFlight, 2);
    assert.equal(budget.spent().calls, 8);
  });
});
