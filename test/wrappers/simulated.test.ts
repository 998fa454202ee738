import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatedEndpoint, seededRandom } from '../../src/models/simulated.js';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import { FakeClock, request } from './helpers.js';

describe('simulated endpoint', () => {
  test('answers 429 with Retry-After beyond its concurrency limit', async () => {
    const clock = new FakeClock();
    const endpoint = createSimulatedEndpoint({ latencyMs: 100, concurrency: 2, retryAfterMs: 250, clock });
    const outcomes = await clock.until(Promise.all([1, 2, 3].map(() => endpoint.generate(request()))));
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? 'ok' : `${o.error.kind}:${o.error.retryAfterMs}`)),
      ['ok', 'ok', 'rate-limited:250'],
    );
    assert.equal(endpoint.stats().maxInFlight, 2);
  });

  test('a scheduler set too high adapts down and every call succeeds', async () => {
    const clock = new FakeClock();
    const endpoint = createSimulatedEndpoint({ latencyMs: 100, concurrency: 4, retryAfterMs: 100, clock });
    const scheduled = withScheduler(endpoint, { concurrency: 16, maxRetries: 10, clock, random: () => 0.5 });
    const outcomes = await clock.until(Promise.all(Array.from({ length: 100 }, () => scheduled.generate(request()))));
    assert.ok(outcomes.every((o) => o.ok));
    assert.ok(scheduled.schedulerState().limit <= 8, `limit adapted down (now ${scheduled.schedulerState().limit})`);
    assert.equal(endpoint.stats().maxInFlight, 4);
  });

  test('injected errors are reproducible from the seed', async () => {
    const run = async () => {
      const endpoint = createSimulatedEndpoint({ latencyMs: 0, concurrency: 100, rateLimitRate: 0.1, serverErrorRate: 0.1, seed: 42 });
      const outcomes = [];
      for (let i = 0; i < 200; i += 1) outcomes.push(await endpoint.generate(request()));
      return outcomes.map((o) => (o.ok ? 'ok' : o.error.kind)).join(',');
    };
    const first = await run();
    assert.equal(await run(), first);
    assert.match(first, /rate-limited/);
    assert.match(first, /server-error/);
  });

  test('seededRandom is uniform enough', () => {
    const random = seededRandom(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i += 1) sum += random();
    assert.ok(Math.abs(sum / 10_000 - 0.5) < 0.02);
  });
});
