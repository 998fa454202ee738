import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import type { CallOutcome } from '../../src/models/types.js';
import { after, fail, FakeClock, fakeModel, flush, request, success } from './helpers.js';

const NO_JITTER = { random: () => 0 };

describe('withScheduler: concurrency and queue', () => {
  test('in-flight calls never exceed the limit, and the limit is used fully', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 100), { clock });
    const scheduled = withScheduler(model, { concurrency: 3, clock });
    const calls = Array.from({ length: 20 }, (_, i) => scheduled.generate(request(`p${i}`)));
    const outcomes = await clock.until(Promise.all(calls));
    assert.equal(model.maxInFlight, 3);
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(model.calls.length, 20);
    assert.equal(clock.now(), 700); // ceil(20 / 3) waves of 100 ms
  });

  test('queued calls start in FIFO order', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 10), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, clock });
    const prompts = Array.from({ length: 8 }, (_, i) => `p${i}`);
    await clock.until(Promise.all(prompts.map((p) => scheduled.generate(request(p)))));
    assert.deepEqual(
      model.calls.map((c) => c.request.prompt),
      prompts,
    );
  });

  test('rpm spaces starts evenly', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => success(), { clock });
    const scheduled = withScheduler(model, { concurrency: 10, rpm: 60, clock });
    await clock.until(Promise.all([1, 2, 3].map(() => scheduled.generate(request()))));
    assert.deepEqual(
      model.calls.map((c) => c.startedAt),
      [0, 1000, 2000],
    );
  });
});

describe('withScheduler: rate limits', () => {
  test('Retry-After is honoured: no call starts on the endpoint before it', async () => {
    const clock = new FakeClock();
    const model = fakeModel(
      after(clock, 100, (r, call) => (call.index === 0 ? fail('rate-limited', { status: 429, retryAfterMs: 5000 }) : success(r.prompt))),
      { clock },
    );
    const scheduled = withScheduler(model, { concurrency: 1, clock, ...NO_JITTER });
    const all = Promise.all(['a', 'b', 'c'].map((p) => scheduled.generate(request(p))));
    await clock.advance(5099);
    assert.equal(model.calls.length, 1, 'nothing may start during the cooldown');
    const outcomes = await clock.until(all);
    assert.ok(outcomes.every((o) => o.ok));
    // The 429 came at t=100; the retry of 'a' goes first, then b and c.
    assert.deepEqual(
      model.calls.map((c) => [c.request.prompt, c.startedAt]),
      [
        ['a', 0],
        ['a', 5100],
        ['b', 5200],
        ['c', 5300],
      ],
    );
  });

  test('a concurrency limit: refused calls wait their own Retry-After, the other slots keep working, the limit settles below the refusals', async () => {
    const clock = new FakeClock();
    const model = fakeModel(
      (r) => (model.inFlight > 4 ? fail('rate-limited', { status: 429, retryAfterMs: 1000 }) : after(clock, 100)(r, { request: r, index: 0, startedAt: 0 })),
      { clock },
    );
    const scheduled = withScheduler(model, { concurrency: 16, clock, ...NO_JITTER });
    const outcomes = await clock.until(Promise.all(Array.from({ length: 64 }, (_, i) => scheduled.generate(request(`p${i}`)))));
    assert.ok(outcomes.every((o) => o.ok), 'no call is lost to 429s');
    assert.equal(scheduled.schedulerState().limit, 4, 'settled at the level where refusals start, minus one');
    assert.equal(scheduled.schedulerState().coolingDown, false, 'a concurrency refusal never pauses the endpoint');
    // 64 calls at 4 per 100 ms take 1600 ms; a pause of the whole endpoint per refusal would take far longer.
    assert.ok(clock.now() <= 1700, `finished at ${clock.now()} ms of fake time`);
    assert.ok(scheduled.schedulerState().stats.heldMs >= 1000, 'refused calls were held for their Retry-After');
  });

  test('the limit never goes below 1', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 10, () => fail('rate-limited')), { clock });
    const scheduled = withScheduler(model, { concurrency: 2, maxRetries: 0, clock });
    for (let i = 0; i < 5; i += 1) await clock.until(Promise.all([scheduled.generate(request()), scheduled.generate(request())]));
    assert.equal(scheduled.schedulerState().limit, 1);
  });

  test('429s do not use up maxRetries: a call waits on the rate limit in time, and succeeds', async () => {
    const clock = new FakeClock();
    const model = fakeModel((_, call) => (call.index < 10 ? fail('rate-limited', { status: 429, retryAfterMs: 500 }) : success('through')), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, maxRetries: 2, clock, ...NO_JITTER });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.ok(outcome.ok && outcome.text === 'through');
    assert.equal(model.calls.length, 11);
    assert.equal(clock.now(), 5000, 'ten Retry-Afters of 500 ms');
    assert.equal(scheduled.schedulerState().stats.retries, 0, 'no retry of the error budget was spent');
  });

  test('a call gives up only when its time budget for rate limits is spent', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => fail('rate-limited', { status: 429, retryAfterMs: 1000 }), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, maxRateLimitWaitMs: 10_000, clock, ...NO_JITTER });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.ok(!outcome.ok && outcome.error.kind === 'rate-limited');
    assert.match(outcome.error.message, /gave up: waiting on rate limits would pass 10 s/);
    assert.equal(model.calls.length, 11, 'ten waits of 1 s fit in the budget, the eleventh does not');
    assert.equal(clock.now(), 10_000);
  });

  test('maxRetries 0 also turns off waiting on 429s', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => fail('rate-limited', { status: 429, retryAfterMs: 1000 }), { clock });
    const scheduled = withScheduler(model, { maxRetries: 0, clock });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.ok(!outcome.ok && outcome.error.kind === 'rate-limited');
    assert.equal(model.calls.length, 1);
  });
});

describe('withScheduler: retries', () => {
  test('transient failures are retried with exponential full-jitter backoff', async () => {
    const clock = new FakeClock();
    const kinds = ['server-error', 'network', 'timeout'] as const;
    const model = fakeModel((_, call) => (call.index < 3 ? fail(kinds[call.index] ?? 'network') : success('finally')), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0.5, clock });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.ok(outcome.ok);
    assert.equal(outcome.text, 'finally');
    // Delays 0.5 * 1000, 0.5 * 2000, 0.5 * 4000.
    assert.deepEqual(
      model.calls.map((c) => c.startedAt),
      [0, 500, 1500, 3500],
    );
    assert.equal(scheduled.schedulerState().stats.retries, 3);
  });

  test('a lone 5xx while other calls succeed is retried soon, not after a full backoff', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 100, (r, call) => (call.index === 5 ? fail('server-error', { status: 500 }) : success(r.prompt))), { clock });
    const scheduled = withScheduler(model, { concurrency: 2, maxRetries: 3, baseDelayMs: 1000, random: () => 0.999, clock });
    await clock.until(Promise.all(Array.from({ length: 8 }, (_, i) => scheduled.generate(request(`p${i}`)))));
    const failed = model.calls[5];
    const retry = model.calls.find((c) => c.index > 5 && c.request.prompt === failed?.request.prompt);
    assert.ok(failed && retry);
    // A full backoff would be 999 ms (random 0.999 x 1000 ms); the retry goes at the next free slot.
    assert.ok(retry.startedAt - (failed.startedAt + 100) <= 100, `retried ${retry.startedAt - failed.startedAt - 100} ms after failing`);
  });

  test('backoff is capped at maxDelayMs', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => fail('server-error'), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 3000, random: () => 0.999999, clock });
    await clock.until(scheduled.generate(request()));
    const gaps = model.calls.slice(1).map((c, i) => c.startedAt - (model.calls[i]?.startedAt ?? 0));
    assert.deepEqual(gaps, [999, 1999, 2999, 2999]);
  });

  test('gives up after maxRetries and says so', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => fail('server-error', { status: 503 }), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, maxRetries: 2, clock, ...NO_JITTER });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.equal(model.calls.length, 3);
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'server-error');
    assert.equal(outcome.error.status, 503);
    assert.match(outcome.error.message, /gave up after 3 attempts/);
  });

  test('maxRetries 0 means exactly one attempt', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => fail('network'), { clock });
    const scheduled = withScheduler(model, { maxRetries: 0, clock });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.equal(model.calls.length, 1);
    assert.ok(!outcome.ok && outcome.error.kind === 'network');
  });

  for (const kind of ['bad-request', 'bad-response'] as const) {
    test(`'${kind}' is not retried`, async () => {
      const clock = new FakeClock();
      const model = fakeModel(() => fail(kind), { clock });
      const scheduled = withScheduler(model, { maxRetries: 5, clock });
      const outcome = await clock.until(scheduled.generate(request()));
      assert.equal(model.calls.length, 1);
      assert.ok(!outcome.ok && outcome.error.kind === kind);
    });
  }

  test('a provider that throws becomes a typed failure, not a crash', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => {
      throw new Error('boom');
    }, { clock });
    const scheduled = withScheduler(model, { maxRetries: 3, clock });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'bad-response');
    assert.equal(scheduled.schedulerState().inFlight, 0);
  });
});

describe('withScheduler: timeouts', () => {
  test('a timeout aborts the underlying call and frees the slot', async () => {
    const clock = new FakeClock();
    let sawAbort = false;
    const model = fakeModel(
      (r) =>
        new Promise<CallOutcome>((resolve) => {
          r.signal?.addEventListener('abort', () => {
            sawAbort = true;
            resolve(fail('aborted'));
          });
        }),
      { clock },
    );
    const scheduled = withScheduler(model, { concurrency: 1, timeoutMs: 1000, maxRetries: 0, clock });
    const pending = scheduled.generate(request());
    await clock.advance(999);
    assert.equal(sawAbort, false);
    const outcome = await clock.until(pending);
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'timeout');
    assert.equal(sawAbort, true);
    assert.equal(clock.now(), 1000);
    assert.equal(scheduled.schedulerState().inFlight, 0);
  });

  test('timeouts are retried, each attempt with its own timeout', async () => {
    const clock = new FakeClock();
    const model = fakeModel((r, call) => (call.index === 0 ? after(clock, 10_000)(r, call) : success('second')), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, timeoutMs: 1000, maxRetries: 1, clock, ...NO_JITTER });
    const outcome = await clock.until(scheduled.generate(request()));
    assert.ok(outcome.ok);
    assert.equal(outcome.text, 'second');
    assert.equal(scheduled.schedulerState().stats.timeouts, 1);
  });

  test('a provider that ignores the abort still gives its slot back after the grace period', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => new Promise<CallOutcome>(() => {}), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, timeoutMs: 1000, maxRetries: 0, clock });
    const first = await clock.until(scheduled.generate(request()));
    assert.ok(!first.ok && first.error.kind === 'timeout');
    assert.equal(scheduled.schedulerState().inFlight, 1, 'held while the provider may still be running');
    await clock.advance(5000);
    assert.equal(scheduled.schedulerState().inFlight, 0);
  });
});

describe('withScheduler: circuit breaker', () => {
  for (const kind of ['auth', 'quota'] as const) {
    test(`'${kind}' fails fast and short-circuits queued and later calls`, async () => {
      const clock = new FakeClock();
      const model = fakeModel(after(clock, 100, () => fail(kind, { status: kind === 'auth' ? 401 : 429 })), { clock });
      const scheduled = withScheduler(model, { concurrency: 1, maxRetries: 5, clock });
      const outcomes = await clock.until(Promise.all(Array.from({ length: 5 }, () => scheduled.generate(request()))));
      assert.equal(model.calls.length, 1, 'only the first call reaches the endpoint');
      const messages = new Set(outcomes.map((o) => (o.ok ? 'ok' : `${o.error.kind}|${o.error.message}`)));
      assert.equal(messages.size, 1, 'every call gets the same typed error');
      const [only] = [...messages];
      assert.ok(only?.startsWith(`${kind}|`));
      assert.match(only ?? '', /no further calls will be sent/);
      assert.equal(clock.now(), 100, 'no waiting or retrying');

      const later = await scheduled.generate(request());
      assert.ok(!later.ok && later.error.kind === kind);
      assert.equal(model.calls.length, 1);
      assert.equal(scheduled.schedulerState().circuitOpen, true);
    });
  }
});

describe('withScheduler: caller cancellation', () => {
  test('a queued call returns aborted at once and is never sent', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 1000), { clock });
    const scheduled = withScheduler(model, { concurrency: 1, clock });
    const controller = new AbortController();
    const first = scheduled.generate(request('first'));
    const second = scheduled.generate(request('second', { signal: controller.signal }));
    await flush();
    controller.abort();
    const outcome = await second;
    assert.ok(!outcome.ok && outcome.error.kind === 'aborted');
    assert.equal(clock.now(), 0);
    await clock.until(first);
    assert.deepEqual(
      model.calls.map((c) => c.request.prompt),
      ['first'],
    );
    assert.equal(scheduled.schedulerState().queued, 0);
  });

  test('an abort during backoff stops retrying immediately', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => fail('server-error'), { clock });
    const scheduled = withScheduler(model, { maxRetries: 5, baseDelayMs: 10_000, random: () => 0.9, clock });
    const controller = new AbortController();
    const pending = scheduled.generate(request('p', { signal: controller.signal }));
    await clock.advance(100);
    controller.abort();
    const outcome = await pending;
    assert.ok(!outcome.ok && outcome.error.kind === 'aborted');
    assert.equal(model.calls.length, 1);
  });

  test('an abort during the call returns at once even if the provider lingers', async () => {
    const clock = new FakeClock();
    const model = fakeModel(() => new Promise<CallOutcome>(() => {}), { clock });
    const scheduled = withScheduler(model, { clock });
    const controller = new AbortController();
    const pending = scheduled.generate(request('p', { signal: controller.signal }));
    await flush();
    controller.abort();
    const outcome = await pending;
    assert.ok(!outcome.ok && outcome.error.kind === 'aborted');
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0]?.request.signal?.aborted, true, 'the provider is told to cancel');
  });

  test('an already aborted signal never reaches the provider', async () => {
    const model = fakeModel(() => success());
    const scheduled = withScheduler(model);
    const outcome = await scheduled.generate(request('p', { signal: AbortSignal.abort() }));
    assert.ok(!outcome.ok && outcome.error.kind === 'aborted');
    assert.equal(model.calls.length, 0);
  });
});

describe('withScheduler: options', () => {
  test('invalid options are rejected with the option name', () => {
    const model = fakeModel(() => success());
    assert.throws(() => withScheduler(model, { concurrency: 0 }), /concurrency must be a positive integer/);
    assert.throws(() => withScheduler(model, { maxRetries: -1 }), /maxRetries must be a non-negative integer/);
  });

  test('defaults depend on local vs cloud', () => {
    assert.equal(withScheduler(fakeModel(() => success())).schedulerState().limit, 8);
    assert.equal(withScheduler(fakeModel(() => success(), { isLocal: true })).schedulerState().limit, 4, 'as many as the embedded model has sequences');
  });
});
