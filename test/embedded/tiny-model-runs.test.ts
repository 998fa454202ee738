import { TINY_MODEL_PATH } from '../helpers/shared.js';
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { optimize, type OptimizeEvent } from '../../src/optimize/optimize.js';
import { resolveModel } from '../../src/models/resolve.js';
import { buildModelStack } from '../../src/models/stack.js';
import { runTspExperiment } from '../../src/problems/tsp/index.js';
import type { Dataset } from '../../src/datasets/types.js';
import type { LanguageModel } from '../../src/models/types.js';

/** A random-weight GGUF: it talks nonsense, so these tests assert on behaviour, never on content. */
const TINY_MODEL = TINY_MODEL_PATH;

const base = resolveModel(`llamacpp:${TINY_MODEL}`, { parallel: 2, threads: 1 });
const model: LanguageModel = buildModelStack({ base, role: 'scorer', scheduler: { concurrency: 2 } });

after(async () => {
  await base.dispose?.();
});

function tinyDataset(): Dataset {
  const pool = Array.from({ length: 8 }, (_, index) => ({ index, question: `How many legs do ${index + 1} ducks have?`, target: String(2 * (index + 1)) }));
  return { id: 'file:ducks', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'counting', pool, heldOut: null, contentHash: 'h', source: 'memory' };
}

describe('whole runs on the embedded node-llama-cpp model', () => {
  test('instruction optimization: every reply and every scorer call is accounted for', async () => {
    const events: OptimizeEvent[] = [];
    const result = await optimize({
      dataset: tinyDataset(),
      scorer: model,
      optimizer: model,
      steps: 1,
      candidatesPerStep: 2,
      maxExtraDraws: 0,
      trainRatio: 0.5,
      scorerMaxTokens: 6,
      optimizerMaxTokens: 12,
      evalTop: 1,
      onEvent: (e) => events.push(e),
    });
    assert.equal(result.status, 'completed');
    assert.equal(result.optimizerCalls, 2);
    const replies = Object.values(result.replyCounts).reduce((a, b) => a + b, 0);
    assert.equal(replies, 2, 'each optimizer reply ends as exactly one disposition');
    assert.equal(result.replyCounts.failed, 0);
    const graded = events.filter((e) => e.type === 'problem' && e.event.type === 'example-evaluated');
    // 4 training examples per scored instruction, plus the held-out examples of the best one.
    assert.equal(graded.length, result.history.length * 4 + 4);
    for (const entry of result.history) assert.ok(entry.score >= 0 && entry.score <= 1);
  });

  test('TSP with the tiny model as optimizer: invalid replies are counted, the loop stays bounded', async () => {
    const result = await runTspExperiment({ optimizer: model, sizes: [5], instances: 1, steps: 1, seed: 3, candidatesPerStep: 2, maxExtraDrawsPerStep: 2, optimizerMaxTokens: 12 });
    const row = result.rows[0];
    assert.ok(row);
    const instance = row.instances[0];
    assert.ok(instance);
    // Nonsense never forms a valid tour: all calls, including the bounded extra draws, are unparsable.
    assert.equal(instance.optimizerCalls, 4);
    assert.equal(instance.replyCounts.unparsable + instance.replyCounts.accepted + instance.replyCounts.duplicate + instance.replyCounts.rejected, 4);
    assert.ok(instance.replyCounts.unparsable >= 1);
  });
});
