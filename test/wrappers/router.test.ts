import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withEndpoints } from '../../src/models/wrappers/endpoint-router.js';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import { after, fail, FakeClock, fakeModel, request, success } from './helpers.js';

describe('withEndpoints', () => {
  test('spreads calls by free capacity', async () => {
    const clock = new FakeClock();
    const endpoints = ['a', 'b', 'c'].map((name) => fakeModel(after(clock, 100), { spec: `vllm:${name}`, clock }));
    const [a, b, c] = endpoints;
    const router = withEndpoints(
      [withScheduler(endpoints[0]!, { concurrency: 4, clock }), withScheduler(endpoints[1]!, { concurrency: 2, clock }), withScheduler(endpoints[2]!, { concurrency: 2, clock })],
      { clock },
    );
    const outcomes = await clock.until(Promise.all(Array.from({ length: 8 }, (_, i) => router.generate(request(`p${i}`)))));
    assert.ok(outcomes.every((o) => o.ok));
    assert.deepEqual([a?.calls.length, b?.calls.length, c?.calls.length], [4, 2, 2]);
    assert.equal(clock.now(), 100, 'all eight ran at once: no endpoint was over-filled while another had room');
    assert.deepEqual(
      router.endpointStates().map((s) => s.inFlight),
      [0, 0, 0],
    );
  });

  test('queues evenly when every endpoint is full', async () => {
    const clock = new FakeClock();
    const endpoints = [1, 2].map((n) => fakeModel(after(clock, 100), { spec: `vllm:${n}`, clock }));
    const router = withEndpoints(endpoints, { concurrency: 2, clock });
    await clock.until(Promise.all(Array.from({ length: 12 }, () => router.generate(request()))));
    assert.deepEqual(
      endpoints.map((e) => e.calls.length),
      [6, 6],
    );
    assert.equal(clock.now(), 300);
  });

  test('survives one endpoint being down', async () => {
    const clock = new FakeClock();
    const up = [1, 3].map((n) => fakeModel(after(clock, 50), { spec: `vllm:${n}`, clock }));
    const down = fakeModel(() => fail('network'), { spec: 'vllm:2', clock });
    const router = withEndpoints([up[0]!, down, up[1]!], { concurrency: 2, maxRetries: 1, random: () => 0, clock });
    const outcomes = await clock.until(Promise.all(Array.from({ length: 60 }, () => router.generate(request()))));
    assert.ok(outcomes.every((o) => o.ok), 'every call succeeded on a live endpoint');
    assert.equal(up[0]!.calls.length + up[1]!.calls.length, 60);
    // Only the two calls it took at the start (its 2 slots), tried twice each (maxRetries 1); its
    // slots freed during backoff are not refilled, and after failing it is avoided.
    assert.equal(down.calls.length, 4, 'the dead endpoint is avoided after its first failed attempt');
    assert.equal(clock.now(), 750, 'the 60 calls ran on 4 live slots in 15 waves of 50 ms');
  });

  test('moves calls away from an endpoint whose circuit is open', async () => {
    const clock = new FakeClock();
    const good = fakeModel(() => success('good'), { spec: 'openai:x', clock });
    const badKey = fakeModel(() => fail('auth', { status: 401 }), { spec: 'openai:x', clock });
    const router = withEndpoints([badKey, good], { clock });
    for (let i = 0; i < 5; i += 1) {
      const outcome = await clock.until(router.generate(request()));
      assert.ok(outcome.ok);
    }
    assert.equal(badKey.calls.length, 1);
    assert.equal(router.endpointStates()[0]?.circuitOpen, true);
  });

  test('fails only when every endpoint has failed, naming the count', async () => {
    const clock = new FakeClock();
    const endpoints = [1, 2, 3].map((n) => fakeModel(() => fail('server-error', { status: 502 }), { spec: `vllm:${n}`, clock }));
    const router = withEndpoints(endpoints, { maxRetries: 0, clock });
    const outcome = await clock.until(router.generate(request()));
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'server-error');
    assert.match(outcome.error.message, /all 3 endpoints failed/);
    assert.deepEqual(
      endpoints.map((e) => e.calls.length),
      [1, 1, 1],
    );
  });

  test('when every circuit is open, calls get the typed error without being sent', async () => {
    const clock = new FakeClock();
    const endpoints = [1, 2].map((n) => fakeModel(() => fail('quota'), { spec: `openai:${n}`, clock }));
    const router = withEndpoints(endpoints, { clock });
    await clock.until(router.generate(request()));
    const later = await clock.until(router.generate(request()));
    assert.ok(!later.ok && later.error.kind === 'quota');
    assert.deepEqual(
      endpoints.map((e) => e.calls.length),
      [1, 1],
    );
  });

  test('request errors do not fail over', async () => {
    const clock = new FakeClock();
    const endpoints = [1, 2].map((n) => fakeModel(() => fail('bad-request', { status: 400 }), { spec: `vllm:${n}`, clock }));
    const router = withEndpoints(endpoints, { clock });
    const outcome = await clock.until(router.generate(request()));
    assert.ok(!outcome.ok && outcome.error.kind === 'bad-request');
    assert.equal(endpoints[0]!.calls.length + endpoints[1]!.calls.length, 1);
  });

  test('needs at least one endpoint', () => {
    assert.throws(() => withEndpoints([]), /at least one endpoint/);
  });
});

describe('withEndpoints: waiting calls', () => {
  test('a call waiting for an endpoint can be cancelled', async () => {
    const clock = new FakeClock();
    const endpoint = fakeModel(after(clock, 100), { clock });
    const router = withEndpoints([endpoint, fakeModel(after(clock, 100), { clock })], { concurrency: 1, clock });
    const busy = [router.generate(request('a')), router.generate(request('b'))];
    const controller = new AbortController();
    const waiting = router.generate(request('c', { signal: controller.signal }));
    assert.equal(router.queued, 1);
    controller.abort();
    const outcome = await waiting;
    assert.ok(!outcome.ok && outcome.error.kind === 'aborted');
    await clock.until(Promise.all(busy));
    assert.equal(router.queued, 0);
  });

  test('an endpoint cooling down after a 429 gets no new calls while another has room', async () => {
    const clock = new FakeClock();
    const limited = fakeModel((_, call) => (call.index === 0 ? fail('rate-limited', { retryAfterMs: 10_000 }) : success('a')), { spec: 'x:a', clock });
    const other = fakeModel(after(clock, 10, () => success('b')), { spec: 'x:b', clock });
    const router = withEndpoints([limited, other], { concurrency: 4, clock, random: () => 0 });
    const first = router.generate(request('first'));
    await clock.advance(1);
    const outcomes = await clock.until(Promise.all(Array.from({ length: 6 }, () => router.generate(request()))));
    assert.ok(outcomes.every((o) => o.ok && o.text === 'b'));
    assert.equal(limited.calls.length, 1);
    await clock.until(first);
  });
});
