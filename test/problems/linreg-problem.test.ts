import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runOptimization } from '../../src/engine/run.js';
import { linearRegressionProblem } from '../../src/problems/linear-regression/problem.js';
import { scriptedOptimizer } from './helpers/scripted-optimizer.js';

describe('linear regression as an OPRO problem', () => {
  test('a scripted optimizer that proposes the true pair at step 3 stops there (isOptimal)', async () => {
    const problem = linearRegressionProblem({ wTrue: 15, bTrue: 14, seed: 11 });
    const optimizer = scriptedOptimizer(({ call }) => {
      const step = Math.floor(call / 8);
      if (step === 2 && call % 8 === 3) return 'Following the trend, I propose [w, b] = [15.2, 13.9]';
      if (call % 8 === 7) return 'I cannot tell.'; // unparsable: counted, not scored
      return `[w=${40 + call}, b=${-call}]`;
    });
    const result = await runOptimization({ problem, optimizer, steps: 50 });
    assert.equal(result.status, 'optimum-reached');
    assert.equal(result.stepsCompleted, 3); // the reference records i_step + 1
    assert.equal(result.optimizerCalls, 24);
    assert.equal(result.replyCounts.unparsable, 3);
    assert.equal(result.replyCounts.accepted, 21);
    const truth = result.history.find((e) => e.key === '15,14' && e.step === 2);
    assert.ok(truth);
    assert.equal(truth.score, problem.lossAtTruth);
    assert.ok(problem.leastSquares.loss <= problem.lossAtTruth);
  });

  test('the meta-prompt of each step lists the scored pairs, best last', async () => {
    const problem = linearRegressionProblem({ wTrue: 3, bTrue: 5, seed: 2 });
    const optimizer = scriptedOptimizer(({ call }) => `[${3 + (call % 4)}, ${6 + call}]`);
    await runOptimization({ problem, optimizer, steps: 2 });
    const second = optimizer.prompts[8] as string;
    const values = [...second.matchAll(/value:\n(\d+)/g)].map((m) => Number(m[1]));
    assert.ok(values.length > 5);
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
    assert.ok(second.endsWith('where w and b are numerical values.'));
  });

  test('isOptimal: only a proposed pair equal to (w_true, b_true); starting pairs never count', () => {
    const problem = linearRegressionProblem({ wTrue: 16, bTrue: 10, seed: 0 });
    const at = (w: number, b: number, step: number) => ({ solution: { w, b }, key: `${w},${b}`, score: 0, step });
    assert.equal(problem.isOptimal?.(at(16, 10, 0)), true);
    assert.equal(problem.isOptimal?.(at(16, 10, -1)), false);
    assert.equal(problem.isOptimal?.(at(16, 11, 4)), false);
  });

  test('problem surface: keys, description, starting pairs, refusal of non-integer truths', async () => {
    const problem = linearRegressionProblem({ wTrue: 2, bTrue: 30, seed: 9 });
    assert.equal(problem.kind, 'linear-regression');
    assert.equal(problem.direction, 'minimize');
    assert.equal(problem.key({ w: -3, b: 7 }), '-3,7');
    assert.equal(problem.describe({ w: -3, b: 7 }), 'w=-3, b=7');
    const initial = await problem.initialSolutions();
    assert.ok(initial.length >= 1 && initial.length <= 5);
    const scores = await problem.evaluate(initial, { step: -1, emit: () => {} });
    assert.ok(scores.every((s) => typeof s.score === 'number' && s.score > problem.lossAtTruth));
    assert.throws(() => linearRegressionProblem({ wTrue: 1.5, bTrue: 2, seed: 0 }), /integers/);
  });
});
