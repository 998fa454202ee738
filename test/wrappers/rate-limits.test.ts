/**
 * Rate limits on a fake clock: pacing from each header dialect, a pause when the window is spent,
 * one shared state per endpoint, and a hung endpoint that the router works around.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitRegistry } from '../../src/models/rate-limits/registry.js';
import { createSimulatedEndpoint, type HeaderDialect } from '../../src/models/simulated.js';
import { buildModelStack } from '../../src/models/stack.js';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import { fail, FakeClock, fakeModel, after, request, success } from './helpers.js';

const CALLS = 200;
const RPM = 1200; // 20 per second

async function runRateLimited(dialect: HeaderDialect, limit: { requestsPerMinute?: number; tokensPerMinute?: number; tokenBurst?: number }) {
  const clock = new FakeClock();
  const endpoint = createSimulatedEndpoint({ latencyMs: 100, concurrency: 1000, clock, rateLimit: { requestBurst: 10, ...limit, dialect } });
  const model = withScheduler(endpoint, { concurrency: 16, clock, registry: new RateLimitRegistry() });
  const outcomes = await clock.until(Promise.all(Array.from({ length: CALLS }, (_, i) => model.generate(request(`question ${i}`, { maxTokens: 60 })))));
  return { outcomes, stats: endpoint.stats(), elapsed: clock.now(), figures: model.endpointFigures() };
}

describe('pacing from rate-limit headers', () => {
  for (const dialect of ['openai', 'anthropic'] as const) {
    test(`${dialect} headers: sends at the rate, few refusals, none lost`, async () => {
      const { outcomes, stats, elapsed, figures } = await runRateLimited(dialect, { requestsPerMinute: RPM });
      assert.ok(outcomes.every((o) => o.ok), 'no call lost');
      assert.ok(stats.rateRefused <= CALLS * 0.1, `${stats.rateRefused} refusals`);
      const idealMs = ((CALLS - 10) / RPM) * 60_000; // the burst of 10 goes at once
      assert.ok(elapsed <= idealMs * 1.12, `took ${elapsed} ms of fake time for an ideal of ${idealMs}`);
      assert.ok(Math.abs((figures.ratePerMinute.requests ?? 0) - RPM) / RPM < 0.05, `learned ${figures.ratePerMinute.requests}/min`);
    });
  }

  test('a tokens-per-minute limit is paced by the estimated tokens of each request', async () => {
    // Each request: ~3 prompt tokens + 60 max tokens; 12,600 tokens/min is about 200 requests/min.
    const { outcomes, stats, elapsed, figures } = await runRateLimited('openai', { tokensPerMinute: 12_600, tokenBurst: 630 });
    assert.ok(outcomes.every((o) => o.ok));
    assert.ok(stats.rateRefused <= CALLS * 0.1, `${stats.rateRefused} refusals`);
    assert.ok(figures.ratePerMinute.tokens !== undefined);
    assert.ok(elapsed >= 50_000, 'the token limit, not the concurrency, sets the pace');
  });

  test('a configured rpm spaces starts evenly with no headers at all', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => success(), { clock });
    const scheduled = withScheduler(model, { concurrency: 10, rpm: 120, clock });
    await clock.until(Promise.all([1, 2, 3].map(() => scheduled.generate(request()))));
    assert.deepEqual(model.calls.map((c) => c.startedAt), [0, 500, 1000]);
  });
});

describe('a spent window pauses the endpoint', () => {
  test('a 429 whose headers say the window is spent holds every start until it refills', async () => {
    const clock = new FakeClock();
    const spent = { requests: { remaining: 0, resetMs: 3000 } }; // no limit: the rate is unknown
    const model = fakeModel(after(clock, 50, (r, call) => (call.index === 1 ? fail('rate-limited', { status: 429, rateLimit: spent }) : success(r.prompt))), { clock });
    const scheduled = withScheduler(model, { concurrency: 4, clock, registry: new RateLimitRegistry() });
    const all = Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((p) => scheduled.generate(request(p))));
    await clock.advance(51);
    assert.equal(scheduled.schedulerState().coolingDown, true);
    const sentBefore = model.calls.length;
    await clock.advance(2900);
    assert.equal(model.calls.length, sentBefore, 'nothing starts while the window is spent');
    const outcomes = await clock.until(all);
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(scheduled.endpointFigures().windowSpentRefusals, 1);
  });

  test('a 429 whose headers say the window is spent and give its rate: starts wait until it has room, the refused call its Retry-After', async () => {
    const clock = new FakeClock();
    const spent = { requests: { limit: 60, remaining: 0 } }; // one request per second
    const model = fakeModel(after(clock, 50, (r, call) => (call.index === 0 ? fail('rate-limited', { status: 429, retryAfterMs: 5000, rateLimit: spent }) : success(r.prompt))), { clock });
    const scheduled = withScheduler(model, { concurrency: 4, clock, registry: new RateLimitRegistry() });
    const outcomes = await clock.until(Promise.all(['a', 'b', 'c'].map((p) => scheduled.generate(request(p)))));
    assert.ok(outcomes.every((o) => o.ok));
    const starts = model.calls.map((c) => [c.request.prompt, c.startedAt]);
    const after429 = starts.filter(([, at]) => (at as number) > 0);
    // b and c were already sent with a; the retry of a waits its own 5 s Retry-After.
    assert.deepEqual(after429, [['a', 5050]]);
    assert.equal(scheduled.schedulerState().coolingDown, false, 'no blanket pause: the pacer knows when the window has room');
  });

  test('a 429 with headers that show room left is a concurrency refusal: no pause', async () => {
    const clock = new FakeClock();
    const room = { requests: { limit: 100, remaining: 40 } };
    const model = fakeModel(after(clock, 50, (r, call) => (call.index === 2 ? fail('rate-limited', { status: 429, retryAfterMs: 1000, rateLimit: room }) : success(r.prompt))), { clock });
    const scheduled = withScheduler(model, { concurrency: 4, clock, registry: new RateLimitRegistry() });
    const outcomes = await clock.until(Promise.all(['a', 'b', 'c', 'd'].map((p) => scheduled.generate(request(p)))));
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(scheduled.endpointFigures().concurrencyRefusals, 1);
    assert.equal(scheduled.endpointFigures().pausedMs, 0);
  });
});

describe('one rate-limit state per (provider, base URL, key)', () => {
  test('two model objects for the same endpoint and key share one concurrency limit', async () => {
    const clock = new FakeClock();
    const registry = new RateLimitRegistry();
    let inFlight = 0;
    let peak = 0;
    const handler = after(clock, 100);
    const counting = async (...args: Parameters<typeof handler>) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await handler(...args);
      } finally {
        inFlight -= 1;
      }
    };
    const a = { ...fakeModel(counting, { clock }), baseURL: 'https://api.example/v1', credentialId: 'k1' };
    const b = { ...fakeModel(counting, { clock }), baseURL: 'https://api.example/v1/', credentialId: 'k1' };
    const c = { ...fakeModel(counting, { clock }), baseURL: 'https://api.example/v1', credentialId: 'k2' };
    const runA = buildModelStack({ base: a, role: 'scorer', scheduler: { concurrency: 3, clock }, registry });
    const runB = buildModelStack({ base: b, role: 'optimizer', scheduler: { concurrency: 3, clock }, registry });
    await clock.until(Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? runA : runB).generate(request(`p${i}`)))));
    assert.equal(peak, 3, 'one limit for both objects (a trailing slash is the same endpoint)');
    peak = 0;
    const runC = buildModelStack({ base: c, role: 'scorer', scheduler: { concurrency: 3, clock }, registry });
    await clock.until(Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? runA : runC).generate(request(`q${i}`)))));
    assert.equal(peak, 6, 'another key is another limit');
  });
});

describe('a hung endpoint', () => {
  test('timeouts fire and the other endpoint carries the run', async () => {
    const clock = new FakeClock();
    const hung = createSimulatedEndpoint({ spec: 'sim:m', latencyMs: 100, concurrency: 4, hang: true, clock });
    const live = createSimulatedEndpoint({ spec: 'sim:m', latencyMs: 100, concurrency: 4, clock });
    const model = buildModelStack({ base: [hung, live], role: 'scorer', scheduler: { concurrency: 4, timeoutMs: 2000, clock }, registry: new RateLimitRegistry() });
    const outcomes = await clock.until(Promise.all(Array.from({ length: 80 }, (_, i) => model.generate(request(`p${i}`)))));
    assert.ok(outcomes.every((o) => o.ok), 'every call answered');
    assert.equal(live.stats().succeeded, 80);
    assert.ok(hung.stats().calls >= 4, 'the hung endpoint took calls and held them');
    // 80 calls on the live endpoint alone take 2 s; the hung calls move over once their 2 s timeout fires.
    assert.ok(clock.now() <= 2000 + 2000 + 500, `finished at ${clock.now()} ms of fake time`);
  });
});
