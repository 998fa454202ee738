import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRun } from '../../src/models/estimate.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('estimateRun', () => {
  test("the paper's GSM8K run: call counts", () => {
    const estimate = estimateRun({
      steps: 200,
      candidatesPerStep: 8,
      trainSize: 261,
      initialInstructions: 1,
      evalSize: 1319,
      scorer: { avgPromptChars: 400, maxTokens: 400, price: null },
      optimizer: { avgPromptChars: 8000, maxTokens: 200, price: null },
    });
    assert.equal(estimate.optimizer.calls, 1600);
    assert.equal(estimate.scorer.calls, (1 + 1600) * 261 + 1319);
    assert.equal(estimate.totalCalls, 419_180 + 1600);
    assert.deepEqual(estimate.costUsd, { low: 0, high: 0 });
  });

  test('cost range: low with short answers, high with maxTokens answers', () => {
    const estimate = estimateRun({
      steps: 2,
      candidatesPerStep: 4,
      trainSize: 10,
      initialInstructions: 2,
      scorer: { avgPromptChars: 400, maxTokens: 300, shortAnswerTokens: 10, price: { inputPerMTok: 1, outputPerMTok: 2 } },
      optimizer: { avgPromptChars: 4000, maxTokens: 100, price: { inputPerMTok: 10, outputPerMTok: 20 } },
    });
    // Scorer: (2 + 8) * 10 = 100 calls of 100 prompt tokens; output 10 (low) or 300 (high).
    assert.equal(estimate.scorer.calls, 100);
    assert.equal(estimate.scorer.inputTokens, 10_000);
    assert.deepEqual(estimate.scorer.outputTokens, { low: 1000, high: 30_000 });
    const scorer = estimate.scorer.costUsd;
    assert.ok(scorer !== 'unknown' && close(scorer.low, (10_000 * 1 + 1000 * 2) / 1e6) && close(scorer.high, (10_000 + 60_000) / 1e6));
    // Optimizer: 8 calls of 1000 prompt tokens; output min(16, 100) = 16 (low) or 100 (high).
    const optimizer = estimate.optimizer.costUsd;
    assert.ok(optimizer !== 'unknown' && close(optimizer.low, (8000 * 10 + 128 * 20) / 1e6) && close(optimizer.high, (8000 * 10 + 800 * 20) / 1e6));
    const total = estimate.costUsd;
    assert.ok(total !== 'unknown' && close(total.low, scorer.low + optimizer.low) && close(total.high, scorer.high + optimizer.high));
  });

  test('an unknown price makes the total unknown', () => {
    const estimate = estimateRun({
      steps: 1,
      candidatesPerStep: 1,
      trainSize: 1,
      initialInstructions: 0,
      scorer: { avgPromptChars: 4, maxTokens: 1, price: { inputPerMTok: 1, outputPerMTok: 1 } },
      optimizer: { avgPromptChars: 4, maxTokens: 1 },
    });
    assert.equal(estimate.optimizer.costUsd, 'unknown');
    assert.equal(estimate.costUsd, 'unknown');
    assert.notEqual(estimate.scorer.costUsd, 'unknown');
  });

  test('rejects nonsense counts', () => {
    assert.throws(
      () => estimateRun({ steps: -1, candidatesPerStep: 8, trainSize: 1, initialInstructions: 1, scorer: { avgPromptChars: 1, maxTokens: 1 }, optimizer: { avgPromptChars: 1, maxTokens: 1 } }),
      /steps must be a non-negative integer/,
    );
  });
});
