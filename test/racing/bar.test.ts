import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/engine/problem.js';
import { fullEvaluationsFirst, isPartialEntry } from '../../src/problems/instructions/partial.js';
import { racingBar, type RacingBarOptions } from '../../src/problems/instructions/racing-bar.js';

function entries(scores: readonly number[], partial: readonly number[] = []): HistoryEntry<string>[] {
  return scores.map((score, i) => ({
    solution: `instruction ${i}`,
    key: `k${i}`,
    score,
    step: i,
    ...(partial.includes(i) ? { stats: { total: 30, answered: 30, correct: Math.round(score * 30), failed: 0, partial: 1, examplesSeen: 30 } } : {}),
  }));
}

const OPTIONS: RacingBarOptions = { style: 'tagged', exemplarSelection: 'random', maxInstructions: 3, scoreThreshold: 0, protectTop: 1 };

describe('racing bar', () => {
  test('never drop while the top-K is not full', () => {
    assert.equal(racingBar([], OPTIONS), null);
    assert.equal(racingBar(entries([0.9, 0.8]), OPTIONS), null);
  });

  test('once full: the K-th best full score (the weakest one the meta-prompt shows)', () => {
    assert.equal(racingBar(entries([0.2, 0.9, 0.5, 0.8, 0.1]), OPTIONS), 0.5);
  });

  test('the threshold: the top-K is full only with K entries at or above it', () => {
    const history = entries([0.2, 0.9, 0.25, 0.8, 0.1]);
    assert.equal(racingBar(history, { ...OPTIONS, scoreThreshold: 0.3 }), null, 'only two entries >= 0.3');
    assert.equal(racingBar(history, { ...OPTIONS, scoreThreshold: 0.25 }), 0.25, 'an entry equal to the threshold is shown');
  });

  test('partial entries are no full evaluations: they neither fill the top-K nor set the bar', () => {
    assert.equal(racingBar(entries([0.9, 0.8, 0.7], [2]), OPTIONS), null);
    assert.equal(racingBar(entries([0.9, 0.8, 0.7, 0.6, 0.75], [4]), OPTIONS), 0.7);
  });

  test('the final ranking: with evalTop above K the lower of the two bars wins', () => {
    const history = entries([0.9, 0.8, 0.7, 0.6, 0.5]);
    assert.equal(racingBar(history, { ...OPTIONS, protectTop: 5 }), 0.5);
    assert.equal(racingBar(history, { ...OPTIONS, protectTop: 6 }), null, 'fewer full evaluations than evalTop: all may matter');
    assert.equal(racingBar(history, { ...OPTIONS, protectTop: 1 }), 0.7, 'the best so far never binds: it is above the K-th best');
  });

  test('styles where every score reaches the meta-prompt leave no bar', () => {
    const history = entries([0.9, 0.8, 0.7, 0.6]);
    assert.equal(racingBar(history, { ...OPTIONS, style: 'instructions-only' }), null);
    assert.equal(racingBar(history, { ...OPTIONS, exemplarSelection: 'accumulative_most_frequent' }), null);
    assert.equal(racingBar(history, { ...OPTIONS, exemplarSelection: 'current_most_frequent' }), 0.7, 'uses only the shown entries');
  });

  test('final ranking order: every full evaluation before any partial one, each keeping its order', () => {
    const ranked = entries([0.9, 0.6, 0.5, 0.3], [1, 2]);
    const ordered = fullEvaluationsFirst(ranked);
    assert.deepEqual(ordered.map((e) => e.key), ['k0', 'k3', 'k1', 'k2']);
    assert.deepEqual(ordered.map(isPartialEntry), [false, false, true, true]);
  });
});
