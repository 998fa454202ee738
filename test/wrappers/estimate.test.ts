import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRole, totalCost } from '../../src/models/estimate.js';
import { worstCaseUsd } from '../../src/models/wrappers/budget.js';
import { requestPromptTokensUpperBound, typicalPromptTokens } from '../../src/models/token-bounds.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

describe('estimateRole', () => {
  test('counts calls and tokens over its groups; free models cost nothing', () => {
    const estimate = estimateRole({
      groups: [
        { label: 'training', calls: 100, promptTokens: { low: 10_000, high: 40_000 }, maxTokens: 300, shortAnswerTokens: 10 },
        { label: 'held-out', calls: 20, promptTokens: { low: 2000, high: 9000 }, maxTokens: 8 },
      ],
      price: null,
    });
    assert.equal(estimate.calls, 120);
    assert.deepEqual(estimate.inputTokens, { low: 12_000, high: 49_000 });
    // Short answers: 10 tokens, and min(16, 8) = 8 where the limit is lower.
    assert.deepEqual(estimate.outputTokens, { low: 100 * 10 + 20 * 8, high: 100 * 300 + 20 * 8 });
    assert.deepEqual(estimate.costUsd, { low: 0, high: 0 });
  });

  test('high is the sum of what the budget reserves for the same calls', () => {
    const price = { inputPerMTok: 3, outputPerMTok: 15 };
    const requests = ['What is 2 + 2?', 'Größte Zahl: ∑ 日本語 😀', 'x'.repeat(500)].map((prompt) => ({ prompt, maxTokens: 64 }));
    const estimate = estimateRole({
      groups: requests.map((request, i) => ({
        label: `call ${i}`,
        calls: 1,
        promptTokens: { low: typicalPromptTokens(request.prompt), high: requestPromptTokensUpperBound(request) },
        maxTokens: request.maxTokens,
      })),
      price,
    });
    const reserved = requests.reduce((sum, request) => sum + worstCaseUsd(request, price), 0);
    assert.ok(estimate.costUsd !== 'unknown' && close(estimate.costUsd.high, reserved), `high ${JSON.stringify(estimate.costUsd)} vs reserved ${reserved}`);
    assert.ok(estimate.costUsd.low < estimate.costUsd.high);
  });

  test('an unknown price makes the total unknown', () => {
    const group = { label: 'g', calls: 1, promptTokens: { low: 1, high: 2 }, maxTokens: 1 };
    const known = estimateRole({ groups: [group], price: { inputPerMTok: 1, outputPerMTok: 1 } });
    const unknown = estimateRole({ groups: [group] });
    assert.equal(unknown.costUsd, 'unknown');
    assert.equal(totalCost([known, unknown]), 'unknown');
    assert.notEqual(totalCost([known, known]), 'unknown');
  });

  test('rejects nonsense counts', () => {
    assert.throws(() => estimateRole({ groups: [{ label: 'steps', calls: -1, promptTokens: { low: 0, high: 0 }, maxTokens: 1 }] }), /steps calls must be a non-negative integer/);
    assert.throws(() => estimateRole({ groups: [{ label: 'g', calls: 1, promptTokens: { low: 5, high: 2 }, maxTokens: 1 }] }), /low <= high/);
  });
});
