import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointReport, endpointReportsFrom, formatEndpointReports } from '../../src/models/rate-limits/endpoint-report.js';
import { RateLimitRegistry } from '../../src/models/rate-limits/registry.js';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import { after, fail, FakeClock, fakeModel, request, success } from './helpers.js';

describe('per-endpoint report', () => {
  test('counts 429s, 5xx, retries and waits of the calls, and calls per second of the busy time', async () => {
    const clock = new FakeClock();
    const model = fakeModel(
      after(clock, 100, (r, call) => {
        if (call.index === 1) return fail('rate-limited', { status: 429, retryAfterMs: 400 });
        if (call.index === 3) return fail('server-error', { status: 503 });
        return success(r.prompt);
      }),
      { clock, baseURL: 'https://api.example/v1' },
    );
    const scheduled = withScheduler(model, { concurrency: 2, clock, random: () => 0, registry: new RateLimitRegistry() });
    await clock.until(Promise.all(Array.from({ length: 6 }, (_, i) => scheduled.generate(request(`p${i}`)))));
    const report = endpointReport(scheduled.endpointFigures());
    assert.equal(report.endpoint, 'fake https://api.example/v1');
    assert.equal(report.calls, 6);
    assert.equal(report.rateLimited, 1);
    assert.equal(report.concurrencyRefusals, 1, 'refused with another call in flight');
    assert.equal(report.serverErrors, 1);
    assert.equal(report.retries, 1);
    assert.equal(report.waitedMs, 400, 'the refused call was held for its Retry-After');
    assert.ok(Math.abs(report.callsPerSecond - (6 * 1000) / clock.now()) < 1e-9);
    const [line] = formatEndpointReports([report]);
    assert.match(line ?? '', /^fake https:\/\/api\.example\/v1: 6 calls, [\d.]+ calls\/s, 1 429s, 1 5xx, 1 retries, waited 0\.4 s on limits, limit 1 learned \(of 2\)$/);
  });

  test('stored figures are read back; anything malformed (or absent in older runs) is left out', () => {
    const good = { endpoint: 'e', calls: 1, callsPerSecond: 1, rateLimited: 0, serverErrors: 0, timeouts: 0, retries: 0, waitedMs: 0, limit: 1, maxConcurrency: 1 };
    assert.deepEqual(endpointReportsFrom([good, { endpoint: 'x' }, null, 3]), [good]);
    assert.deepEqual(endpointReportsFrom(undefined), []);
  });
});
