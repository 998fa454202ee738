import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rateLimitFromHeaders } from '../../src/models/providers/rate-limit-headers.js';
import { createAnthropicModel } from '../../src/models/providers/anthropic.js';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import { reply, startWireServer } from '../helpers/wire-server.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('rate-limit headers: one reader per provider dialect', () => {
  test('OpenAI x-ratelimit-*: limits, remaining and Go-style reset durations', () => {
    const report = rateLimitFromHeaders(
      {
        'x-ratelimit-limit-requests': '1200',
        'x-ratelimit-remaining-requests': '1187',
        'x-ratelimit-reset-requests': '650ms',
        'x-ratelimit-limit-tokens': '150000',
        'x-ratelimit-remaining-tokens': '149000',
        'x-ratelimit-reset-tokens': '6m0s',
      },
      NOW,
    );
    assert.deepEqual(report, {
      requests: { limit: 1200, remaining: 1187, resetMs: 650 },
      tokens: { limit: 150000, remaining: 149000, resetMs: 360_000 },
    });
  });

  test('Anthropic anthropic-ratelimit-*: RFC 3339 resets, input and output token windows', () => {
    const report = rateLimitFromHeaders(
      {
        'Anthropic-RateLimit-Requests-Limit': '50',
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:02Z',
        'anthropic-ratelimit-input-tokens-limit': '40000',
        'anthropic-ratelimit-input-tokens-remaining': '39000',
        'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:01.500Z',
        'anthropic-ratelimit-output-tokens-limit': '8000',
        'anthropic-ratelimit-output-tokens-remaining': '8000',
        'anthropic-ratelimit-output-tokens-reset': '2026-01-01T00:00:00Z',
      },
      NOW,
    );
    assert.deepEqual(report, {
      requests: { limit: 50, remaining: 49, resetMs: 2000 },
      inputTokens: { limit: 40000, remaining: 39000, resetMs: 1500 },
      outputTokens: { limit: 8000, remaining: 8000, resetMs: 0 },
    });
  });

  test('the generic x-ratelimit-* of proxies counts as requests; a specific dialect wins over it', () => {
    assert.deepEqual(rateLimitFromHeaders({ 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(NOW + 4000) }, NOW), {
      requests: { limit: 20, remaining: 3, resetMs: 4000 },
    });
    assert.deepEqual(rateLimitFromHeaders({ 'x-ratelimit-remaining': '3', 'x-ratelimit-remaining-requests': '7' }, NOW), { requests: { remaining: 7 } });
  });

  test('no rate-limit headers, or unusable ones, give no report', () => {
    assert.equal(rateLimitFromHeaders({ 'content-type': 'application/json' }, NOW), undefined);
    assert.equal(rateLimitFromHeaders({ 'x-ratelimit-remaining-requests': 'lots' }, NOW), undefined);
    assert.equal(rateLimitFromHeaders(undefined, NOW), undefined);
  });
});

describe('rate-limit headers over the wire reach the outcome', () => {
  test('OpenAI: on a success and on a 429', async () => {
    const server = await startWireServer({ respond: () => 'ok' });
    try {
      const model = createOpenAIModel('gpt-4o-mini', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test-headers-1' } });
      server.enqueue(reply.text('fine', { headers: { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '120ms' } }));
      const ok = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 5 });
      assert.ok(ok.ok);
      assert.deepEqual(ok.rateLimit, { requests: { limit: 500, remaining: 499, resetMs: 120 } });
      server.enqueue({ type: 'error', status: 429, message: 'Rate limit reached', headers: { 'retry-after-ms': '250', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-limit-requests': '500' } });
      const refused = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 5 });
      assert.ok(!refused.ok);
      assert.equal(refused.error.kind, 'rate-limited');
      assert.equal(refused.error.retryAfterMs, 250);
      assert.deepEqual(refused.error.rateLimit, { requests: { limit: 500, remaining: 0 } });
    } finally {
      await server.close();
    }
  });

  test('Anthropic: on a success', async () => {
    const server = await startWireServer({ respond: () => 'ok' });
    try {
      const model = createAnthropicModel('claude-x', { baseURL: server.anthropicBaseURL, env: { ANTHROPIC_API_KEY: 'sk-ant-test-headers' } });
      server.enqueue(reply.text('fine', { headers: { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '12' } }));
      const ok = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 5 });
      assert.ok(ok.ok, ok.ok ? '' : ok.error.message);
      assert.deepEqual(ok.rateLimit, { requests: { limit: 50, remaining: 12 } });
    } finally {
      await server.close();
    }
  });

  test('cloud models name their endpoint and key fingerprint, never the key', () => {
    const key = 'sk-test-fingerprint-secret';
    const custom = createOpenAIModel('m', { baseURL: 'http://127.0.0.1:9/v1/', env: { OPENAI_API_KEY: key } });
    assert.equal(custom.baseURL, 'http://127.0.0.1:9/v1');
    assert.ok(custom.credentialId && !custom.credentialId.includes(key) && !key.includes(custom.credentialId));
    const other = createOpenAIModel('m', { env: { OPENAI_API_KEY: `${key}-2` } });
    assert.equal(other.baseURL, undefined, "the provider's default endpoint is not named (cache keys stay as they were)");
    assert.notEqual(other.credentialId, custom.credentialId);
    assert.ok(!JSON.stringify(custom).includes(key));
  });
});
