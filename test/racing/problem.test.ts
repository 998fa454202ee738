import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvaluateContext, HistoryEntry } from '../../src/engine/problem.js';
import { InstructionProblem, type InstructionProblemOptions } from '../../src/problems/instructions/problem.js';
import { racingOrder } from '../../src/problems/instructions/racing.js';
import { accuracyTable, countingScorer, numberedDataset, WORLD_SIZE, type CountingScorer } from './helpers.js';

const dataset = numberedDataset();
const RACING = { confidence: 0.05, firstRound: 30, seed: 7, protectTop: 1 };

function problem(scorer: CountingScorer, overrides: Partial<InstructionProblemOptions> = {}): InstructionProblem {
  return new InstructionProblem({
    dataset,
    train: dataset.pool,
    scorer: scorer.model,
    style: 'tagged',
    position: 'Q_begin',
    includeQA: false,
    scoreThreshold: 0,
    maxInstructions: 3,
    scoreBuckets: 100,
    instructionsBeforeExemplars: true,
    exemplarCount: 0,
    exemplarSelection: 'random',
    initialInstructions: ['Start here.'],
    gradingMode: 'fixed',
    extractFinalAnswer: false,
    scorerTemperature: 0,
    scorerMaxTokens: 64,
    maxInstructionLength: 500,
    forbidDigits: false,
    referenceQuirks: false,
    racing: RACING,
    ...overrides,
  });
}

function context(history: readonly HistoryEntry<string>[]): EvaluateContext<string> {
  return { step: 1, history, emit: () => {} };
}

function full(solution: string, score: number, step = 0): HistoryEntry<string> {
  return { solution, key: solution, score, step, stats: { total: WORLD_SIZE, answered: WORLD_SIZE, correct: score * WORLD_SIZE, failed: 0 } };
}

/** Three full evaluations: the top-3 is full and its weakest shown score (the bar) is 0.8. */
const FULL_TOP3 = [full('A', 0.9), full('B', 0.85), full('C', 0.8)];
const accuracy = accuracyTable({ Hopeless: 0, Weak: 0.1, Strong: 0.95 });

describe('InstructionProblem with racing', () => {
  test('never drops while the top-K is not full, however bad the candidate', async () => {
    const scorer = countingScorer(dataset, accuracy);
    const [hopeless] = await problem(scorer).evaluate(['Hopeless'], context(FULL_TOP3.slice(0, 2)));
    assert.equal(scorer.prompts.length, WORLD_SIZE);
    assert.equal(hopeless?.score, 0);
    assert.equal(hopeless?.stats?.partial, undefined);
  });

  test('drops a candidate that cannot reach the bar, keeps one that can, and records the partial score', async () => {
    const scorer = countingScorer(dataset, accuracy);
    const [weak, strong] = await problem(scorer).evaluate(['Weak', 'Strong'], context(FULL_TOP3));
    assert.equal(strong?.score, 0.95, 'a kept candidate gets exactly its full-evaluation score');
    assert.equal(strong?.stats?.total, WORLD_SIZE);
    assert.equal(strong?.stats?.partial, undefined);
    const stats = weak?.stats ?? {};
    assert.equal(stats.partial, 1);
    assert.equal(stats.examplesSeen, 30, 'dropped after the first round');
    assert.equal(stats.total, 30);
    assert.equal(stats.answered, 30);
    assert.equal(stats.failed, 0);
    assert.equal(weak?.score, (stats.correct ?? NaN) / 30);
    // Examples seen in the run's racing order, the same for every candidate.
    const order = racingOrder(dataset.pool, RACING.seed).slice(0, 30).map((e) => e.question);
    assert.deepEqual(scorer.prompts.filter((p) => p.startsWith('Weak\n')).map((p) => p.slice('Weak\n'.length)), order);
    assert.equal(scorer.prompts.length, 30 + WORLD_SIZE);
  });

  test('failed calls are not examples seen', async () => {
    const scorer = countingScorer(dataset, accuracy, (index) => index % 2 === 0);
    const [weak] = await problem(scorer).evaluate(['Hopeless'], context(FULL_TOP3));
    const stats = weak?.stats ?? {};
    assert.equal(stats.partial, 1);
    assert.equal(stats.total, 30);
    assert.equal((stats.answered ?? 0) + (stats.failed ?? 0), 30);
    assert.ok((stats.failed ?? 0) > 0);
    assert.equal(stats.examplesSeen, stats.answered);
  });

  test('a partial entry never appears in the meta-prompt, even with a high partial score', () => {
    const scorer = countingScorer(dataset, accuracy);
    const lucky: HistoryEntry<string> = { solution: 'Lucky guess', key: 'Lucky guess', score: 0.99, step: 1, stats: { total: 30, answered: 30, correct: 29, failed: 0, partial: 1, examplesSeen: 30 } };
    const text = problem(scorer).buildMetaPrompt([...FULL_TOP3, lucky], 2).text;
    assert.ok(!text.includes('Lucky guess'));
    for (const entry of FULL_TOP3) assert.ok(text.includes(`text:\n${entry.solution}\n`), entry.solution);
  });

  test('racing does nothing for the instructions-only style (it shows every score)', async () => {
    const scorer = countingScorer(dataset, accuracy);
    const instructionsOnly = problem(scorer, { style: 'instructions-only' });
    const [hopeless] = await instructionsOnly.evaluate(['Hopeless'], context(FULL_TOP3));
    assert.equal(hopeless?.stats?.partial, undefined);
    assert.equal(scorer.prompts.length, WORLD_SIZE);
  });

  test('without racing every candidate is scored on every example, in training order', async () => {
    const scorer = countingScorer(dataset, accuracy);
    const results = await problem(scorer, { racing: null }).evaluate(['Hopeless', 'Weak'], context(FULL_TOP3));
    assert.equal(scorer.prompts.length, 2 * WORLD_SIZE);
    assert.deepEqual(scorer.prompts.filter((p) => p.startsWith('Weak\n')).map((p) => p.slice('Weak\n'.length)), dataset.pool.map((e) => e.question));
    assert.deepEqual(results.map((r) => r.stats), [
      { total: WORLD_SIZE, answered: WORLD_SIZE, correct: 0, failed: 0 },
      { total: WORLD_SIZE, answered: WORLD_SIZE, correct: 20, failed: 0 },
    ]);
  });
});
