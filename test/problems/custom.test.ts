import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runOptimization } from '../../src/engine/run.js';
import type { ProblemEvent } from '../../src/engine/problem.js';
import { defineProblem, generatedMetaPrompt, isInvalid } from '../../src/problems/custom.js';
import { generateData, type Pair, squaredLoss, startingPairs } from '../../src/problems/linear-regression/data.js';
import { buildLinregMetaPrompt } from '../../src/problems/linear-regression/meta-prompt.js';
import { parsePairReply } from '../../src/problems/linear-regression/parse.js';
import { linearRegressionProblem } from '../../src/problems/linear-regression/problem.js';
import { scriptedOptimizer } from './helpers/scripted-optimizer.js';

describe('defineProblem: your own objective', () => {
  test('a tagline scored by a user function runs end to end (user code under 30 lines)', async () => {
    // ---- user code starts ----
    const score = (tagline: string): number =>
      (tagline.toLowerCase().includes('fresh') ? 5 : 0) + (tagline.toLowerCase().includes('bread') ? 3 : 0) - tagline.length / 10;
    const tagline = defineProblem<string>({
      kind: 'tagline',
      direction: 'maximize',
      describeTask: 'Write a short tagline for a bakery. Put it between <tagline> and </tagline>.',
      parse: (reply) => /<tagline>(.*?)<\/tagline>/s.exec(reply)?.[1]?.trim() ?? { invalid: 'no <tagline> tag' },
      evaluate: async (text) => score(text),
      initial: ['We sell cakes', 'Bread!'],
      isOptimal: (_text, value) => value >= 6.5,
    });
    const replies = ['<tagline>Warm bread</tagline>', 'Hmm, let me think.', '<tagline>Fresh bread</tagline>'];
    const optimizer = scriptedOptimizer(({ call }) => replies[Math.min(call, replies.length - 1)] as string);
    const result = await runOptimization({ problem: tagline, optimizer, steps: 5, candidatesPerStep: 2 });
    // ---- user code ends ----
    assert.equal(result.status, 'optimum-reached');
    assert.equal(result.best?.solution, 'Fresh bread');
    assert.equal(result.stepsCompleted, 2);
    assert.equal(result.replyCounts.unparsable, 1);
    assert.equal(result.replyCounts.accepted, 2);
    const secondPrompt = optimizer.prompts[2] as string;
    assert.ok(secondPrompt.startsWith('Write a short tagline for a bakery.'));
    assert.ok(secondPrompt.indexOf('solution:\nWarm bread') > secondPrompt.indexOf('solution:\nWe sell cakes'), 'best last');
  });

  test('the generated meta-prompt follows the paper layout in both directions', () => {
    const history = [
      { solution: 'a', key: 'a', score: 0.5, step: -1 },
      { solution: 'b', key: 'b', score: 0.8333333, step: 0 },
      { solution: 'a', key: 'a', score: 0.5, step: 1 },
    ];
    assert.equal(
      generatedMetaPrompt('Task.', 'maximize', history, String),
      'Task.\n\nBelow are some previous solutions and their scores. The solutions are arranged in ascending order based on their scores, where higher values are better.\n\nsolution:\na\nscore:\n0.5\n\nsolution:\nb\nscore:\n0.833\n\nGive me a new solution that is different from all solutions above, and has a score higher than any of the above.',
    );
    const minimize = generatedMetaPrompt('Task.', 'minimize', history, String, 1);
    assert.match(minimize, /descending order .* lower values are better\.\n\nsolution:\na\nscore:\n0.5\n\nGive me .* score lower than/);
  });

  test('a custom meta-prompt, keys for objects, validation and failing evaluations', async () => {
    const events: ProblemEvent[] = [];
    const problem = defineProblem<{ x: number }>({
      kind: 'parabola',
      direction: 'minimize',
      metaPrompt: (history, step) => `step ${step}: ${history.map((e) => `${e.solution.x}=${e.score}`).join(' ')}`,
      parse: (reply) => (Number.isFinite(Number(reply)) ? { x: Number(reply) } : { invalid: `not a number: ${reply}` }),
      evaluate: ({ x }) => {
        if (x === 13) throw new Error('unlucky');
        return (x - 3) ** 2;
      },
      validate: ({ x }) => (x < 0 ? 'x must be non-negative' : null),
      initial: [{ x: 10 }],
    });
    assert.equal(problem.key({ x: 2 }), '{"x":2}');
    const optimizer = scriptedOptimizer(({ call }) => ['5', '-1', '13', 'nope'][call] ?? '3');
    const result = await runOptimization({
      problem, optimizer, steps: 2, candidatesPerStep: 4,
      onEvent: (e) => { if (e.type === 'problem') events.push(e.event); },
    });
    assert.deepEqual(result.replyCounts, { accepted: 3, duplicate: 3, rejected: 1, unparsable: 1, failed: 0 });
    assert.equal(result.best?.solution.x, 3);
    assert.deepEqual(events, [{ type: 'evaluation-error', solution: '{"x":13}', message: 'unlucky' }]);
    assert.equal(optimizer.prompts[0], 'step 0: 10=49');
  });

  test('linear regression expressed with defineProblem gives the same meta-prompts and scores', async () => {
    const data = generateData(17, 17, 8);
    const viaApi = defineProblem<Pair>({
      kind: 'linear-regression',
      direction: 'minimize',
      metaPrompt: (history) => buildLinregMetaPrompt(history),
      parse: (reply) => {
        const parsed = parsePairReply(reply);
        return parsed.ok ? parsed.solution : { invalid: parsed.reason };
      },
      key: ({ w, b }) => `${w},${b}`,
      evaluate: (pair) => squaredLoss(data, pair),
      initial: startingPairs(8),
    });
    const builtIn = linearRegressionProblem({ wTrue: 17, bTrue: 17, seed: 8 });
    const script = ({ call }: { call: number }): string => (call % 5 === 0 ? 'no pair' : `[w, b] = [${10 + call}, ${call % 7}]`);
    const a = await runOptimization({ problem: viaApi, optimizer: scriptedOptimizer(script), steps: 3 });
    const bOptimizer = scriptedOptimizer(script);
    const b = await runOptimization({ problem: builtIn, optimizer: bOptimizer, steps: 3 });
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(a.replyCounts, b.replyCounts);
    assert.equal(bOptimizer.prompts.length, 24);
  });

  test('exactly one of metaPrompt and describeTask; { invalid } detection', () => {
    const base = { kind: 'k', direction: 'maximize' as const, parse: (r: string) => r, evaluate: () => 1, initial: [] };
    assert.throws(() => defineProblem<string>({ ...base } as never), /exactly one of metaPrompt or describeTask/);
    assert.throws(
      () => defineProblem<string>({ ...base, describeTask: 't', metaPrompt: () => 'm' } as never),
      /exactly one/,
    );
    assert.equal(isInvalid({ invalid: 'why' }), true);
    assert.equal(isInvalid({ invalid: 'why', other: 1 }), false);
    assert.equal(isInvalid('invalid'), false);
    assert.equal(isInvalid(null), false);
  });
});
