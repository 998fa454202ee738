/** `type: js` metrics: good modules, throwing ones, bad return values, modules that cannot be used. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { functionMetric, loadJsMetric, MetricSetupError, readMetricReturn } from '../../src/metrics/js-module.js';
import type { MetricExample } from '../../src/metrics/types.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const EXAMPLE: MetricExample = { index: 0, target: 'bug', fields: { ticket: 'It crashes', label: 'bug' }, prompt: 'p' };

describe('what a metric function may return', () => {
  test('numbers in [0, 1], booleans, and { score, feedback }', () => {
    assert.deepEqual(readMetricReturn(0.25), { ok: true, score: 0.25 });
    assert.deepEqual(readMetricReturn(true), { ok: true, score: 1 });
    assert.deepEqual(readMetricReturn({ score: 0, feedback: 'wrong label' }), { ok: true, score: 0, feedback: 'wrong label' });
    assert.deepEqual(readMetricReturn({ score: 1, feedback: '' }), { ok: true, score: 1 });
  });
  test('anything else is a failed evaluation with the reason', () => {
    for (const [value, reason] of [
      [Number.NaN, /returned NaN/],
      [1.5, /returned 1\.5; expected a number in \[0, 1\]/],
      [-0.1, /returned -0\.1/],
      ['0.5', /returned "0\.5"/],
      [undefined, /returned undefined/],
      [null, /returned null/],
      [{ score: '1' }, /score "1"/],
      [{ feedback: 'x' }, /score undefined/],
      [{ score: 1, feedback: 3 }, /feedback of type number/],
      [[1], /returned \[1\]/],
    ] as const) {
      const result = readMetricReturn(value);
      assert.equal(result.ok, false, JSON.stringify(value));
      if (!result.ok) assert.match(result.reason, reason);
    }
  });
});

describe('metric modules', () => {
  test('an async default export scores with the example fields and gives feedback', async () => {
    const metric = await loadJsMetric(fixture('good-metric.mjs'));
    assert.deepEqual(await metric.score(' Bug ', EXAMPLE), { ok: true, score: 1 });
    assert.deepEqual(await metric.score('billing', EXAMPLE), { ok: true, score: 0, feedback: 'expected bug, got billing' });
  });
  test('a throw is a failure carrying the message', async () => {
    const metric = await loadJsMetric(fixture('throwing-metric.mjs'));
    assert.deepEqual(await metric.score('boom', EXAMPLE), { ok: false, reason: 'the metric threw: cannot score boom' });
    assert.deepEqual(await metric.score('fine', EXAMPLE), { ok: true, score: 0.5 });
  });
  test('bad return values from a module are failures, never zeros', async () => {
    const metric = await loadJsMetric(fixture('bad-return-metric.mjs'));
    for (const output of ['nan', 'big', 'string', 'object', 'feedback', 'undefined']) {
      const result = await metric.score(output, EXAMPLE);
      assert.equal(result.ok, false, output);
    }
  });
  test('a module without a default function, with a syntax error, or missing: a setup error before any run', async () => {
    await assert.rejects(loadJsMetric(fixture('no-default.mjs')), (error: unknown) => error instanceof MetricSetupError && /must export a function as its default export/.test(error.message));
    await assert.rejects(loadJsMetric(fixture('syntax-error.mjs')), (error: unknown) => error instanceof MetricSetupError && /cannot load the metric module/.test(error.message));
    await assert.rejects(loadJsMetric(fixture('missing.mjs')), (error: unknown) => error instanceof MetricSetupError && /missing\.mjs/.test(error.message));
  });
  test('a library user can pass a function directly; a rejected promise is a failure', async () => {
    const metric = functionMetric(async () => {
      throw new TypeError('bad');
    });
    assert.deepEqual(await metric.score('x', EXAMPLE), { ok: false, reason: 'the metric threw: bad' });
  });
});
