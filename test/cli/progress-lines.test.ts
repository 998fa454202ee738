import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressReporter } from '../../src/cli/progress.js';
import type { OptimizeEvent } from '../../src/optimize/optimize.js';
import { stepLabel } from '../../src/engine/step-label.js';

/** The progress lines a user reads: steps named as in the dashboard, no "n/a%". */

function lines(events: OptimizeEvent[]): string[] {
  let text = '';
  const out = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  const reporter = new ProgressReporter(out);
  for (const event of events) reporter.handle(event);
  return text.split('\n').filter(Boolean);
}

const metaPrompt = { text: 'meta', details: {} };
const entry = (score: number, step: number) => ({ solution: "Let's solve the problem.", key: 'k', score, step });

describe('progress lines', () => {
  test('steps are numbered from 1 of N, the initial solutions are "initial"', () => {
    const out = lines([
      { type: 'run-started', problem: 'instructions', steps: 2, candidatesPerStep: 1 },
      { type: 'step-finished', step: -1, best: entry(0.25, -1), scored: 1, optimizerCalls: 0 },
      { type: 'step-started', step: 0, metaPrompt },
      { type: 'step-finished', step: 0, best: entry(0.25, -1), scored: 0, optimizerCalls: 1 },
    ] as OptimizeEvent[]);
    assert.ok(out.includes("initial done: best so far 25.0%  Let's solve the problem."), out.join('\n'));
    assert.ok(out.includes('step 1/2: asking the optimizer'), out.join('\n'));
    assert.ok(out.some((l) => l.startsWith('step 1/2 done: best so far 25.0%')), out.join('\n'));
  });

  test('a step announces the examples it scores (not calls: --extract-final-answer makes two per example)', () => {
    const out = lines([
      { type: 'split', datasetId: 'd', contentHash: 'h', train: 5, test: 0, trainIndices: [], settings: {} },
      { type: 'run-started', problem: 'instructions', steps: 2, candidatesPerStep: 3 },
      { type: 'evaluation-started', step: 0, candidates: 3 },
    ] as unknown as OptimizeEvent[]);
    assert.ok(out.includes('step 1/2: 15 examples to score'), out.join('\n'));
  });

  test('nothing scored yet reads as such, not "n/a%"', () => {
    const out = lines([{ type: 'step-finished', step: 0, best: null, scored: 0, optimizerCalls: 1 }] as OptimizeEvent[]);
    assert.match(out.join('\n'), /best so far none \(nothing scored yet\)/);
    assert.doesNotMatch(out.join('\n'), /n\/a%/);
  });

  test('a warning is one line', () => {
    const out = lines([{ type: 'warning', step: 0, message: 'no candidate' }] as OptimizeEvent[]);
    assert.deepEqual(out, ['warning: no candidate']);
  });

  test('step labels: init, then 1-based', () => {
    assert.equal(stepLabel(-1), 'init');
    assert.equal(stepLabel(0), '1');
    assert.equal(stepLabel(28), '29');
  });
});
