import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvaluateContext, Problem } from '../../src/engine/problem.js';
import { runOptimization } from '../../src/engine/run.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import { optimize, type OptimizeResult } from '../../src/optimize/optimize.js';
import { accuracyTable, countingScorer, numberedDataset, plannedOptimizer, WORLD_SIZE } from './helpers.js';

const PER_STEP = 4;
/** Clearly separated accuracies: two good candidates and two hopeless ones every step. */
const ACCURACY: Record<string, number> = { 'Start here.': 0.5 };
const PLAN = Array.from({ length: 4 }, (_, step) => {
  const texts = [`Good plan ${step}a`, `Bad plan ${step}b`, `Good plan ${step}c`, `Bad plan ${step}d`];
  ACCURACY[texts[0] as string] = 0.8 + 0.02 * step;
  ACCURACY[texts[1] as string] = 0.1;
  ACCURACY[texts[2] as string] = 0.7 + 0.03 * step;
  ACCURACY[texts[3] as string] = 0.05;
  return texts;
});

async function run(racing: boolean, maxInstructions = 3): Promise<{ result: OptimizeResult; prompts: string[]; optimizerPrompts: string[] }> {
  const dataset = numberedDataset();
  const scorer = countingScorer(dataset, accuracyTable(ACCURACY));
  const optimizer = plannedOptimizer(PLAN, PER_STEP);
  const result = await optimize({
    dataset,
    scorer: scorer.model,
    optimizer: optimizer.model,
    steps: PLAN.length,
    candidatesPerStep: PER_STEP,
    maxExtraDraws: 0,
    maxInstructions,
    initialInstructions: ['Start here.'],
    trainRatio: 1,
    evalSplit: 'none',
    seed: 3,
    racing,
  });
  return { result, prompts: scorer.prompts, optimizerPrompts: optimizer.prompts };
}

const summary = (result: OptimizeResult) => result.history.map((e) => [e.solution, e.step, e.score]);

describe('a whole run with racing', () => {
  test('fewer scorer calls, the same best and top-K, the same meta-prompts', async () => {
    const plain = await run(false);
    const raced = await run(true);
    assert.equal(plain.prompts.length, (1 + PLAN.length * PER_STEP) * WORLD_SIZE);
    assert.ok(raced.prompts.length < 0.75 * plain.prompts.length, `${raced.prompts.length} vs ${plain.prompts.length}`);
    assert.equal(raced.result.ranked[0]?.instruction, plain.result.ranked[0]?.instruction);
    const top = (r: OptimizeResult) => r.ranked.filter((e) => !e.partial).slice(0, 3).map((e) => e.instruction);
    assert.deepEqual(top(raced.result), top(plain.result));
    assert.deepEqual(raced.optimizerPrompts, plain.optimizerPrompts, 'dropped candidates were never in the top-K');
    // Every bad plan after step 0 (when the top-3 is full) was dropped, and only those.
    const partial = raced.result.history.filter((e) => e.stats?.partial === 1).map((e) => e.solution);
    assert.deepEqual(partial, ['Bad plan 1b', 'Bad plan 1d', 'Bad plan 2b', 'Bad plan 2d', 'Bad plan 3b', 'Bad plan 3d']);
  });

  test('the final ranking lists full evaluations first; partial ones are marked with the examples they saw', async () => {
    const { result } = await run(true);
    const firstPartial = result.ranked.findIndex((e) => e.partial);
    assert.ok(firstPartial > 0);
    assert.ok(result.ranked.slice(firstPartial).every((e) => e.partial === true && (e.examplesSeen ?? 0) > 0 && (e.examplesSeen ?? 0) < WORLD_SIZE));
    assert.ok(result.ranked.slice(0, firstPartial).every((e) => e.partial === undefined && e.trainAnswered === WORLD_SIZE));
    // A partial score above a full one still ranks after it: step 0's "Bad plan 0d" (0.05) is a full evaluation.
    const bad0 = result.ranked.findIndex((e) => e.instruction === 'Bad plan 0d');
    assert.ok(bad0 < firstPartial);
    assert.ok(result.ranked.slice(firstPartial).some((e) => e.trainScore > (result.ranked[bad0]?.trainScore ?? 1)));
  });

  test('racing off is the old behaviour: every candidate on every example, in training order', async () => {
    const { result, prompts } = await run(false);
    assert.equal(prompts.length, result.history.length * WORLD_SIZE);
    const questions = numberedDataset().pool.map((e) => e.question);
    for (const entry of result.history) {
      assert.deepEqual(prompts.filter((p) => p.startsWith(`${entry.solution}\n`)).map((p) => p.slice(entry.solution.length + 1)), questions);
      assert.deepEqual(Object.keys(entry.stats ?? {}).sort(), ['answered', 'correct', 'failed', 'total']);
      assert.equal(entry.score, Math.round((ACCURACY[entry.solution] ?? 0.5) * WORLD_SIZE) / WORLD_SIZE);
    }
  });

  test('racing on while the top-K never fills makes exactly the calls and trajectory of racing off', async () => {
    const plain = await run(false, 50);
    const raced = await run(true, 50);
    assert.deepEqual(raced.prompts, plain.prompts);
    assert.deepEqual(summary(raced.result), summary(plain.result));
    assert.deepEqual(raced.result.ranked, plain.result.ranked);
  });

  test('the engine hands evaluate the history scored before the step', async () => {
    const seen: number[][] = [];
    let n = 0;
    const problem: Problem<number> = {
      kind: 'count',
      direction: 'maximize',
      initialSolutions: () => [0],
      buildMetaPrompt: () => ({ text: 'next' }),
      parseReply: (reply) => ({ ok: true, solution: Number(reply) }),
      key: (s) => String(s),
      evaluate: async (solutions, context: EvaluateContext<number>) => {
        seen.push(context.history.map((e) => e.solution));
        return solutions.map((s) => ({ score: s }));
      },
      describe: (s) => String(s),
    };
    await runOptimization({ problem, optimizer: createScriptedModel({ respond: () => String(++n) }), steps: 2, candidatesPerStep: 2 });
    assert.deepEqual(seen, [[], [0], [0, 1, 2]]);
  });
});
