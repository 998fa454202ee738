import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyLimit, MIN_PROBE_SUCCESSES } from '../../src/models/rate-limits/concurrency-limit.js';

/** Successes at the current limit until the limit changes (a probe) or `max` of them. */
function succeedUntilProbe(limit: ConcurrencyLimit, max = 10_000): number {
  const before = limit.value;
  for (let i = 1; i <= max; i += 1) {
    limit.recordSuccess(limit.value);
    if (limit.value !== before) return i;
  }
  return -1;
}

describe('ConcurrencyLimit', () => {
  test('settle: a refusal at level L sets the limit to L - 1, at most halving in one step', () => {
    const limit = new ConcurrencyLimit(16);
    assert.equal(limit.recordRefusal(5), 'learned');
    assert.equal(limit.value, 8, 'half of 16 at most in one step');
    assert.equal(limit.recordRefusal(12), 'stale', 'sent before the cut: no new information');
    assert.equal(limit.recordRefusal(6), 'learned');
    assert.equal(limit.value, 5);
    limit.recordRefusal(5);
    assert.equal(limit.value, 4, 'just below the level where refusals start');
  });

  test('probe: a window after a cut, then ever more rarely: each refused probe returns and doubles the wait', () => {
    const limit = new ConcurrencyLimit(16);
    limit.recordRefusal(5);
    limit.recordRefusal(5);
    limit.recordRefusal(5);
    assert.equal(limit.value, 4);
    assert.equal(succeedUntilProbe(limit), 4, 'the first probe after a cut waits one window of successes');
    assert.equal(limit.value, 5);
    assert.equal(limit.recordRefusal(5), 'probe-failed');
    assert.equal(limit.value, 4, 'back to the level that works');
    assert.equal(succeedUntilProbe(limit), MIN_PROBE_SUCCESSES, 'backs off after a failed probe');
    limit.recordRefusal(5);
    assert.equal(succeedUntilProbe(limit), 2 * MIN_PROBE_SUCCESSES);
    limit.recordRefusal(5);
    assert.equal(limit.successesBeforeProbe, 4 * MIN_PROBE_SUCCESSES);
  });

  test('a successful probe keeps the new level and probes again at the base rate', () => {
    const limit = new ConcurrencyLimit(8);
    limit.recordRefusal(7);
    assert.equal(limit.value, 6);
    succeedUntilProbe(limit);
    assert.equal(limit.value, 7);
    limit.recordSuccess(7);
    assert.equal(limit.confirmed, 7);
    assert.equal(succeedUntilProbe(limit), 7, 'a window at the new level');
    assert.equal(limit.value, 8, 'never above the configured maximum');
    assert.equal(succeedUntilProbe(limit, 500), -1);
  });

  test('at a level that works, refusals are blips until they are a sizeable share of recent calls: then a trend', () => {
    const limit = new ConcurrencyLimit(10);
    for (let level = 1; level <= 10; level += 1) limit.recordSuccess(level);
    assert.equal(limit.confirmed, 10);
    // 2% of calls refused at random levels (an overloaded moment now and then): never a cut.
    for (let i = 1; i <= 500; i += 1) {
      if (i % 50 === 0) assert.equal(limit.recordRefusal((i % 10) + 1), 'blip');
      else limit.recordSuccess((i % 10) + 1);
    }
    assert.equal(limit.value, 10);
    // The endpoint now takes fewer: refusals at confirmed levels pile up.
    assert.equal(limit.recordRefusal(9), 'blip');
    limit.recordSuccess(3);
    assert.equal(limit.recordRefusal(8), 'blip');
    assert.equal(limit.recordRefusal(10), 'trend');
    assert.equal(limit.value, 7, 'cut by 30%');
    assert.equal(limit.confirmed, 0, 'what was known to work is forgotten');
  });

  test('a due probe waits while little work is left', () => {
    const limit = new ConcurrencyLimit(8);
    limit.recordRefusal(5);
    for (let i = 0; i < 100; i += 1) limit.recordSuccess(limit.value, false);
    assert.equal(limit.value, 4);
    limit.recordSuccess(4, true);
    assert.equal(limit.value, 5);
  });

  test('never below 1', () => {
    const limit = new ConcurrencyLimit(2);
    for (let i = 0; i < 5; i += 1) limit.recordRefusal(2);
    assert.equal(limit.value, 1);
  });
});
