import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cataloguePrice, costUsd, PRICE_CATALOGUE, resolvePrice } from '../../src/models/pricing.js';

const model = (spec: string, isLocal = false) => {
  const [provider = '', modelId = ''] = spec.split(/:(.*)/s);
  return { spec, provider, modelId, isLocal };
};

describe('pricing', () => {
  test('the catalogue covers the common models', () => {
    for (const spec of [
      'openai:gpt-4o',
      'openai:gpt-4o-mini',
      'openai:gpt-4.1',
      'openai:gpt-4.1-mini',
      'openai:gpt-4.1-nano',
      'openai:o3',
      'openai:o4-mini',
      'anthropic:claude-sonnet-4-5',
      'anthropic:claude-3-5-haiku',
      'anthropic:claude-opus-4-1',
      'google:gemini-2.5-flash',
      'google:gemini-2.5-pro',
      'google:gemini-2.0-flash',
    ]) {
      const price = PRICE_CATALOGUE[spec];
      assert.ok(price && price.inputPerMTok > 0 && price.outputPerMTok >= price.inputPerMTok, spec);
    }
  });

  test('dated snapshots and aliases resolve to their family', () => {
    assert.deepEqual(cataloguePrice('openai', 'gpt-4o-mini-2024-07-18'), PRICE_CATALOGUE['openai:gpt-4o-mini']);
    assert.deepEqual(cataloguePrice('anthropic', 'claude-sonnet-4-20250514'), PRICE_CATALOGUE['anthropic:claude-sonnet-4']);
    assert.deepEqual(cataloguePrice('anthropic', 'claude-3-5-haiku-latest'), PRICE_CATALOGUE['anthropic:claude-3-5-haiku']);
    assert.deepEqual(cataloguePrice('gemini', 'models/gemini-2.0-flash'), PRICE_CATALOGUE['google:gemini-2.0-flash']);
    assert.equal(cataloguePrice('openai', 'gpt-4o-mini-transcribe'), undefined);
  });

  test('resolution order: config, local, catalogue, tokenlens snapshot, unknown', () => {
    const configured = { inputPerMTok: 9, outputPerMTok: 9 };
    assert.deepEqual(resolvePrice(model('openai:gpt-4o'), { 'openai:gpt-4o': configured }), { kind: 'priced', price: configured, source: 'config' });
    assert.deepEqual(resolvePrice(model('ollama:llama3', true)), { kind: 'free' });
    assert.equal(resolvePrice(model('openai:gpt-4o')).kind, 'priced');
    const snapshot = resolvePrice(model('openai:o1-pro'));
    assert.ok(snapshot.kind === 'priced' && snapshot.source === 'tokenlens', 'models outside the catalogue come from tokenlens offline');
    assert.deepEqual(resolvePrice(model('openai:my-finetune')), { kind: 'unknown' });
    assert.deepEqual(resolvePrice(model('vllm:llama-70b')), { kind: 'unknown' });
  });

  test('cost bills cached prompt tokens at the cached price', () => {
    const price = { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 };
    const usage = { inputTokens: 1_000_000, outputTokens: 500_000, cachedInputTokens: 400_000, reasoningTokens: 100_000 };
    // 600k * 2 + 400k * 0.5 + 500k * 8 = 1.2 + 0.2 + 4
    assert.ok(Math.abs(costUsd(usage, price) - 5.4) < 1e-12);
    const noCachedPrice = { inputPerMTok: 2, outputPerMTok: 8 };
    assert.ok(Math.abs(costUsd(usage, noCachedPrice) - 6) < 1e-12);
  });
});
