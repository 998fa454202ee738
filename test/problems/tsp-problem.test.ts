import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runOptimization } from '../../src/engine/run.js';
import { tourKey, tourLength } from '../../src/problems/tsp/instance.js';
import { tspProblem } from '../../src/problems/tsp/problem.js';
import { createRng } from '../../src/util/random.js';
import { optimalTraceFor } from './helpers/oracle.js';
import { scriptedOptimizer } from './helpers/scripted-optimizer.js';

describe('TSP as an OPRO problem', () => {
  test('baselines: exact reference up to the Held-Karp limit, labelled heuristic above it', () => {
    const small = tspProblem({ n: 10, seed: 1 });
    assert.equal(small.baselines.reference.kind, 'exact');
    assert.equal(small.optimum, small.baselines.reference.length);
    assert.ok(small.baselines.nearestNeighbour.length >= small.baselines.reference.length - 1e-9);
    assert.ok(small.baselines.farthestInsertion.length >= small.baselines.reference.length - 1e-9);
    const capped = tspProblem({ n: 10, seed: 1, exactMaxN: 8 });
    assert.equal(capped.baselines.reference.kind, 'heuristic');
    assert.equal(capped.optimum, null);
    const large = tspProblem({ n: 30, seed: 2 });
    assert.equal(large.baselines.reference.kind, 'heuristic');
    assert.equal(large.isOptimal?.({ solution: large.baselines.reference.tour, key: '', score: 0, step: 3 }), false);
  });

  test('instances and starting tours are seeded; 5 distinct non-optimal tours from node 0', async () => {
    const problem = tspProblem({ n: 8, seed: 5 });
    const tours = await problem.initialSolutions();
    assert.equal(tours.length, 5);
    assert.equal(new Set(tours.map(tourKey)).size, 5);
    for (const tour of tours) {
      assert.equal(tour[0], 0);
      assert.deepEqual([...tour].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
      assert.ok(tourLength(problem.instance, tour) > (problem.optimum as number) + 1e-9);
      assert.notEqual(tourKey(tour), tourKey(problem.baselines.reference.tour));
    }
    assert.deepEqual(tspProblem({ n: 8, seed: 5 }).instance.points, problem.instance.points);
    assert.deepEqual(await tspProblem({ n: 8, seed: 5 }).initialSolutions(), tours);
    assert.notDeepEqual(tspProblem({ n: 8, seed: 6 }).instance.points, problem.instance.points);
  });

  test('isOptimal accepts the optimum in either direction (exact lengths within 1e-9)', () => {
    const problem = tspProblem({ n: 9, seed: 3 });
    const best = problem.baselines.reference.tour;
    const reversed = [0, ...best.slice(1).reverse()];
    const at = (tour: number[]) => ({ solution: tour, key: tourKey(tour), score: tourLength(problem.instance, tour), step: 0 });
    assert.equal(problem.isOptimal?.(at(best)), true);
    assert.equal(problem.isOptimal?.(at(reversed)), true);
    assert.equal(problem.isOptimal?.(at(problem.baselines.nearestNeighbour.tour)), problem.baselines.nearestNeighbour.length <= (problem.optimum as number) + 1e-9);
  });

  test('a scripted optimizer that returns the optimal tour reaches it; invalid replies are counted', async () => {
    const problem = tspProblem({ n: 10, seed: 4 });
    const rng = createRng(99);
    const optimizer = scriptedOptimizer(({ call, prompt }) => {
      const step = Math.floor(call / 8);
      if (step === 2 && call % 8 === 5) return `Here is my answer: ${optimalTraceFor(prompt)}`;
      if (call % 8 === 0) return 'I will think about it.'; // no tag
      if (call % 8 === 1) return '<trace> 0,1,2 </trace>'; // wrong length
      return `<trace> ${[0, ...rng.shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9])].join(',')} </trace>`;
    });
    const result = await runOptimization({ problem, optimizer, steps: 20, maxExtraDrawsPerStep: 0 });
    assert.equal(result.status, 'optimum-reached');
    assert.equal(result.stepsCompleted, 3);
    assert.equal(result.replyCounts.unparsable, 6);
    assert.ok(Math.abs((result.best?.score as number) - (problem.optimum as number)) < 1e-9);
    assert.match(optimizer.prompts[0] as string, /^You are given a list of points with coordinates below:\n\(0\): \(/);
  });

  test('extra draws are bounded: a model that never writes a trace costs 8 + maxExtraDrawsPerStep calls a step', async () => {
    const problem = tspProblem({ n: 6, seed: 1 });
    const optimizer = scriptedOptimizer(() => 'The shortest route is obvious.');
    const result = await runOptimization({ problem, optimizer, steps: 2, maxExtraDrawsPerStep: 8 });
    assert.equal(result.status, 'completed');
    assert.equal(result.optimizerCalls, 32);
    assert.equal(result.replyCounts.unparsable, 32);
    assert.equal(result.history.length, 5);
  });

  test('refuses too few points and mismatched hand-made points', () => {
    assert.throws(() => tspProblem({ n: 4, seed: 0 }), /n >= 5/);
    assert.throws(() => tspProblem({ n: 6, seed: 0, points: [{ x: 0, y: 0 }] }), /1 points given for n = 6/);
  });
});
