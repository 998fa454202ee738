/** Pure error-mapping pieces: classification, Retry-After parsing, redaction, usage mapping. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APICallError, RetryError } from 'ai';
import { callFailureFromError, classifyHttpFailure, errorBodyFacts, sentence } from '../../src/models/providers/errors.js';
import { redactSecrets } from '../../src/models/providers/redact.js';
import { parseDurationMs, retryAfterMsFromErrorBody, retryAfterMsFromHeaders } from '../../src/models/providers/retry-after.js';
import { usageFromAiSdk } from '../../src/models/providers/usage.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('classifyHttpFailure', () => {
  const none = errorBodyFacts(undefined);
  const cases: Array<[number, unknown, string]> = [
    [429, undefined, 'rate-limited'],
    [529, undefined, 'rate-limited'],
    [503, { error: { message: 'Model is overloaded' } }, 'rate-limited'],
    [500, { type: 'error', error: { type: 'overloaded_error', message: 'x' } }, 'rate-limited'],
    [500, undefined, 'server-error'],
    [502, undefined, 'server-error'],
    [401, undefined, 'auth'],
    [403, undefined, 'auth'],
    [400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } }, 'auth'],
    [402, undefined, 'quota'],
    [429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }, 'quota'],
    [400, { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the API.' } }, 'quota'],
    [429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }] } }, 'quota'],
    [429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] }] } }, 'rate-limited'],
    [408, undefined, 'timeout'],
    [400, undefined, 'bad-request'],
    [404, undefined, 'bad-request'],
    [422, undefined, 'bad-request'],
    [200, undefined, 'bad-response'],
  ];
  for (const [status, body, kind] of cases) {
    test(`${status} ${JSON.stringify(body) ?? ''} -> ${kind}`, () => {
      assert.equal(classifyHttpFailure(status, body === undefined ? none : errorBodyFacts(body)), kind);
    });
  }
});

describe('retryAfterMsFromHeaders', () => {
  test('Retry-After in seconds (fractional too)', () => {
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': '12' }, NOW), 12_000);
    assert.equal(retryAfterMsFromHeaders({ 'Retry-After': '0.5' }, NOW), 500);
  });
  test('Retry-After as an HTTP-date, never negative', () => {
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': new Date(NOW + 30_000).toUTCString() }, NOW), 30_000);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': new Date(NOW - 30_000).toUTCString() }, NOW), 0);
  });
  test('retry-after-ms wins over Retry-After', () => {
    assert.equal(retryAfterMsFromHeaders({ 'retry-after-ms': '250', 'retry-after': '10' }, NOW), 250);
  });
  test('OpenAI reset durations, preferring the exhausted limit', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '2s',
      'x-ratelimit-remaining-tokens': '5000',
      'x-ratelimit-reset-tokens': '6m0s',
    };
    assert.equal(retryAfterMsFromHeaders(headers, NOW), 2000);
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-reset-tokens': '20ms', 'x-ratelimit-reset-requests': '1s' }, NOW), 1000);
  });
  test('Anthropic RFC 3339 reset timestamps', () => {
    const headers = { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': new Date(NOW + 4000).toISOString() };
    assert.equal(retryAfterMsFromHeaders(headers, NOW), 4000);
  });
  test('x-ratelimit-reset as Unix seconds or as a delay', () => {
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-reset': String(NOW / 1000 + 9) }, NOW), 9000);
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-reset': '3' }, NOW), 3000);
  });
  test('nothing usable -> undefined', () => {
    assert.equal(retryAfterMsFromHeaders(undefined, NOW), undefined);
    assert.equal(retryAfterMsFromHeaders({}, NOW), undefined);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': 'soon' }, NOW), undefined);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after-ms': '-5' }, NOW), undefined);
  });
  test('durations', () => {
    assert.equal(parseDurationMs('1h2m3.5s'), 3_723_500);
    assert.equal(parseDurationMs('37s'), 37_000);
    assert.equal(parseDurationMs('abc'), undefined);
  });
  test('Gemini RetryInfo in the error body', () => {
    const body = { error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }] } };
    assert.equal(retryAfterMsFromErrorBody(body), 37_000);
    assert.equal(retryAfterMsFromErrorBody({ error: {} }), undefined);
  });
});

describe('callFailureFromError', () => {
  const context = { spec: 'openai:gpt-x', secrets: ['sk-live-abcdefghijklmnop'] };
  const apiError = (statusCode: number | undefined, body: unknown, headers?: Record<string, string>): APICallError =>
    new APICallError({
      message: 'provider says no',
      url: 'https://api.example.com/v1/chat/completions',
      requestBodyValues: {},
      ...(statusCode !== undefined ? { statusCode } : {}),
      ...(headers ? { responseHeaders: headers } : {}),
      responseBody: body === undefined ? '' : JSON.stringify(body),
    });

  test('unwraps a RetryError to its last error', () => {
    const error = new RetryError({ message: 'failed', reason: 'maxRetriesExceeded', errors: [apiError(500, undefined), apiError(429, undefined, { 'retry-after': '2' })] });
    const outcome = callFailureFromError(error, context, 5);
    assert.equal(outcome.error.kind, 'rate-limited');
    assert.equal(outcome.error.retryAfterMs, 2000);
    assert.equal(outcome.latencyMs, 5);
  });
  test('a status-less APICallError is a network failure', () => {
    const outcome = callFailureFromError(apiError(undefined, undefined), context, 0);
    assert.equal(outcome.error.kind, 'network');
    assert.match(outcome.error.message, /api\.example\.com/);
  });
  test('a fired signal makes it aborted whatever was thrown', () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(callFailureFromError(new Error('boom'), { ...context, signal: controller.signal }, 0).error.kind, 'aborted');
  });
  test('a raw ECONNRESET error is a network failure', () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    assert.equal(callFailureFromError(error, context, 0).error.kind, 'network');
  });
  test('messages never carry the key, even when the body echoes it', () => {
    const outcome = callFailureFromError(apiError(401, { error: { message: 'Bad key sk-live-abcdefghijklmnop given' } }), context, 0);
    assert.equal(outcome.error.kind, 'auth');
    assert.ok(!outcome.error.message.includes('abcdefghijklmnop'), outcome.error.message);
    assert.match(outcome.error.message, /^openai:gpt-x rejected the credentials \(HTTP 401\)/);
  });
});

describe('redaction and sentences', () => {
  test('removes given secrets and key-like strings', () => {
    const text = redactSecrets('key my-secret-value, Bearer abc.def, sk-proj-1234567890, AIzaSyA1234567890123456789012, sk-t****wxyz, ?key=zzz&x=1', ['my-secret-value']);
    for (const leak of ['my-secret-value', 'abc.def', 'sk-proj-1234567890', 'AIzaSyA', 'wxyz', 'zzz']) {
      assert.ok(!text.includes(leak), `${leak} leaked in ${text}`);
    }
    assert.match(text, /x=1/);
  });
  test('a sentence is one line ending with a period, and capped', () => {
    assert.equal(sentence('a\n  b:'), 'a b.');
    assert.ok(sentence('x'.repeat(1000)).length <= 501);
  });
});

describe('usageFromAiSdk', () => {
  test('reads the v6 detail fields', () => {
    assert.deepEqual(
      usageFromAiSdk({
        inputTokens: 10,
        outputTokens: 4,
        inputTokenDetails: { noCacheTokens: 2, cacheReadTokens: 8, cacheWriteTokens: 0 },
        outputTokenDetails: { textTokens: 1, reasoningTokens: 3 },
      }),
      { inputTokens: 10, outputTokens: 4, cachedInputTokens: 8, reasoningTokens: 3 },
    );
  });
  test('falls back to the deprecated flat fields', () => {
    assert.deepEqual(usageFromAiSdk({ inputTokens: 5, outputTokens: 2, cachedInputTokens: 1, reasoningTokens: 1 }), {
      inputTokens: 5,
      outputTokens: 2,
      cachedInputTokens: 1,
      reasoningTokens: 1,
    });
  });
  test('missing or nonsense numbers are 0', () => {
    assert.deepEqual(usageFromAiSdk(undefined), { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 });
    assert.deepEqual(usageFromAiSdk({ inputTokens: Number.NaN, outputTokens: -3 }), { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 });
  });
});
