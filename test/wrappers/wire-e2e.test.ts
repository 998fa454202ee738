/**
 * End to end: the scheduler over the real OpenAI provider (AI SDK HTTP code) against the local wire
 * server. A 429 with Retry-After must hold the retry until the Retry-After has passed, then succeed;
 * the rate-limit headers of a successful answer must reach the scheduler's pacing.
 * The scheduler runs on a fake clock, so "not before" is checked without timing: fake time only moves
 * when the test moves it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import { RateLimitRegistry } from '../../src/models/rate-limits/registry.js';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';
import { FakeClock, request } from './helpers.js';

/** Waits (real time, polling) until `condition` holds; fails after `limit` polls. */
async function eventually(condition: () => boolean, what: string, limit = 2000): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('scheduler + OpenAI provider over the wire', () => {
  let server: WireServer;
  before(async () => {
    server = await startWireServer({ respond: () => 'The answer is 42.' });
  });
  after(async () => {
    await server.close();
  });

  test('429 with Retry-After, then success: the retry waits for the Retry-After', async () => {
    const clock = new FakeClock();
    const provider = createOpenAIModel('gpt-4o-mini', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test-wire-0123456789' } });
    const model = withScheduler(provider, { concurrency: 2, maxRetries: 3, timeoutMs: 120_000, clock, random: () => 0 });
    server.enqueue(reply.rateLimited({ retryAfterSeconds: 2 }));

    const pending = model.generate(request('What is 6 x 7?'));
    let settled = false;
    void pending.then(() => (settled = true));

    await eventually(() => model.schedulerState().coolingDown, 'the 429 put the endpoint in cooldown');
    assert.equal(server.requests.length, 1);
    assert.equal(model.schedulerState().coolingDownUntil, 2000, 'cooldown = the Retry-After of 2 s');
    assert.equal(model.schedulerState().limit, 2, 'a refusal of the only call in flight says nothing about concurrency');

    await clock.advance(1999);
    assert.equal(server.requests.length, 1, 'no request before the Retry-After');
    assert.equal(model.schedulerState().queued, 1, 'the retry waits in the queue');
    assert.equal(settled, false);

    await clock.advance(1);
    const outcome = await pending;
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.error.message);
    assert.equal(outcome.text, 'The answer is 42.');
    assert.equal(server.requests.length, 2);
    assert.equal(model.schedulerState().stats.rateLimited, 1);
    assert.equal(model.schedulerState().stats.retries, 0, 'waiting on a 429 is not an error retry');
  });

  test('OpenAI rate-limit headers on a success pace the next calls: a spent window holds them until it refills', async () => {
    const clock = new FakeClock();
    const provider = createOpenAIModel('gpt-4o-mini', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test-wire-pacing-1' } });
    const model = withScheduler(provider, { concurrency: 4, clock, registry: new RateLimitRegistry() });
    const headers = { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' };
    server.enqueue(reply.text('first', { headers }));
    const first = await model.generate(request('one'));
    assert.ok(first.ok && first.rateLimit?.requests?.remaining === 0, 'the provider reports the headers');
    const sent = server.requests.length;
    const second = model.generate(request('two'));
    await eventually(() => model.schedulerState().queued === 1, 'the next call waits for the window');
    await clock.advance(900);
    assert.equal(server.requests.length, sent, 'no request while the window is spent (60/min: one per second)');
    await clock.advance(200);
    const outcome = await second;
    assert.ok(outcome.ok);
    assert.equal(server.requests.length, sent + 1);
  });
});
