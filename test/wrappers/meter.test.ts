import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCallCache } from '../../src/models/cache/call-cache.js';
import { withCache } from '../../src/models/wrappers/cache.js';
import { formatCost, UsageMeter, withMeter } from '../../src/models/wrappers/meter.js';
import { fail, fakeModel, request, success } from './helpers.js';

const USAGE = { inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 200_000, reasoningTokens: 50_000 };

describe('UsageMeter and withMeter', () => {
  test('sums calls, cache hits, failures by kind, tokens and cost per run, role and model', async () => {
    const meter = new UsageMeter();
    let n = 0;
    const mini = fakeModel(() => (++n === 3 ? fail('rate-limited') : success('x', USAGE)), { spec: 'openai:gpt-4o-mini' });
    const scorer = withMeter(withCache(mini, new MemoryCallCache()), meter, { role: 'scorer' });
    await scorer.generate(request('a')); // real
    await scorer.generate(request('a')); // cache hit
    await scorer.generate(request('b')); // rate-limited
    await scorer.generate(request('c')); // real
    const big = fakeModel(() => success('y', USAGE), { spec: 'openai:gpt-4o' });
    await withMeter(big, meter, { role: 'optimizer' }).generate(request('m'));

    const snap = meter.snapshot();
    // gpt-4o-mini: 800k * 0.15 + 200k * 0.075 + 100k * 0.6 per M = 0.12 + 0.015 + 0.06 = 0.195 per call.
    const miniCost = 0.195;
    // gpt-4o: 800k * 2.5 + 200k * 1.25 + 100k * 10 per M = 2 + 0.25 + 1 = 3.25.
    const bigCost = 3.25;
    const scorerTotals = snap.byRole.scorer;
    assert.equal(scorerTotals.calls, 4);
    assert.equal(scorerTotals.succeeded, 3);
    assert.equal(scorerTotals.cachedCalls, 1);
    assert.equal(scorerTotals.failed, 1);
    assert.deepEqual(scorerTotals.failuresByKind, { 'rate-limited': 1 });
    assert.equal(scorerTotals.inputTokens, 2_000_000, 'a cache hit adds no tokens');
    assert.equal(scorerTotals.outputTokens, 200_000);
    assert.equal(scorerTotals.cachedInputTokens, 400_000);
    assert.equal(scorerTotals.reasoningTokens, 100_000);
    assert.ok(Math.abs(scorerTotals.costUsd - 2 * miniCost) < 1e-9);
    assert.ok(Math.abs(scorerTotals.savedUsd - miniCost) < 1e-9);

    assert.equal(snap.byRole.optimizer.calls, 1);
    assert.ok(Math.abs(snap.byRole.optimizer.costUsd - bigCost) < 1e-9);
    assert.equal(snap.total.calls, 5);
    assert.ok(Math.abs(snap.total.costUsd - (2 * miniCost + bigCost)) < 1e-9);
    assert.equal(snap.byModel['openai:gpt-4o-mini']?.calls, 4);
    assert.equal(snap.byModel['openai:gpt-4o-mini']?.pricing, 'priced');
    assert.equal(snap.byModel['openai:gpt-4o']?.price?.outputPerMTok, 10);
    assert.equal(snap.total.unpricedCalls, 0);
    assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap, 'snapshot is plain JSON');
  });

  test('local models cost 0; an unknown cloud model is reported as unknown, not 0', async () => {
    const meter = new UsageMeter();
    await withMeter(fakeModel(() => success('x', USAGE), { spec: 'ollama:llama3', isLocal: true }), meter, { role: 'scorer' }).generate(request());
    await withMeter(fakeModel(() => success('x', USAGE), { spec: 'acme:mystery-1' }), meter, { role: 'optimizer' }).generate(request());
    const snap = meter.snapshot();
    assert.equal(snap.byModel['ollama:llama3']?.pricing, 'free');
    assert.equal(snap.byModel['ollama:llama3']?.costUsd, 0);
    assert.equal(snap.byModel['acme:mystery-1']?.pricing, 'unknown');
    assert.equal(snap.total.unpricedCalls, 1);
    assert.equal(snap.total.costUsd, 0);
    assert.match(formatCost(snap.total), /unknown \(1 call of unpriced models\)/);
    assert.equal(formatCost(snap.byRole.scorer), '$0.0000');
  });

  test('a config price makes an unknown model priced', async () => {
    const meter = new UsageMeter({ prices: { 'acme:mystery-1': { inputPerMTok: 1, outputPerMTok: 2 } } });
    await withMeter(fakeModel(() => success('x', { ...USAGE, cachedInputTokens: 0 }), { spec: 'acme:mystery-1' }), meter, { role: 'scorer' }).generate(request());
    const snap = meter.snapshot();
    assert.equal(snap.total.unpricedCalls, 0);
    assert.ok(Math.abs(snap.total.costUsd - 1.2) < 1e-9);
  });

  test('the snapshot is a copy', async () => {
    const meter = new UsageMeter();
    const metered = withMeter(fakeModel(() => success()), meter, { role: 'scorer' });
    await metered.generate(request());
    const before = meter.snapshot();
    await metered.generate(request());
    assert.equal(before.total.calls, 1);
    assert.equal(meter.snapshot().total.calls, 2);
  });
});
