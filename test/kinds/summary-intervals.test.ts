/** The dashboard header's best train and test figures carry the interval every other view prints (on hover). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instructionsKind } from '../../src/problems/instructions/kind.js';
import type { CandidateRow, RunSummary } from '../../src/store/types.js';

test('best train and test: n and the 95% Wilson interval, on the mean for partial scores', () => {
  const summary = { bestScore: 0.6 } as RunSummary;
  // 54 of 60 held out (the report test's winner: [79.9, 95.3]); a train mean of 0.6 over 10: [31.3, 83.2].
  const best = { testScore: 0.9, testN: 60, stats: { answered: 10 } } as unknown as CandidateRow;
  const figures = instructionsKind.summaryFigures?.({ summary, best }) ?? [];
  assert.deepEqual(figures.map((f) => f.title), ['on 10 training examples, 95% Wilson interval [31.3, 83.2]', 'on 60 held-out examples, 95% Wilson interval [79.9, 95.3]']);
  const none = instructionsKind.summaryFigures?.({ summary: { bestScore: null } as RunSummary, best: null }) ?? [];
  assert.deepEqual(none.map((f) => f.title), [undefined, undefined]);
});
