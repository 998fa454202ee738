import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstructionMetaPrompt } from '../../src/problems/instructions/meta-prompt.js';

const history = [
  { instruction: 'Weak.', score: 0.05, step: -1 },
  { instruction: 'Better.', score: 0.625, step: 0 },
];

test('omitted options take the reference gen_meta_prompt defaults', () => {
  const omitted = renderInstructionMetaPrompt({ style: 'bracket', history, position: 'Q_begin' });
  const explicit = renderInstructionMetaPrompt({
    style: 'bracket', history, position: 'Q_begin', includeQA: true, scoreThreshold: 0.1, maxInstructions: 1000,
    scoreBuckets: null, instructionsBeforeExemplars: true,
  });
  assert.equal(omitted, explicit);
  assert.ok(!omitted.includes('Weak.'), 'threshold 0.1 hides a 0.05 score');
  assert.ok(omitted.includes('text:\nBetter.\nscore:\n0.625\n'), 'raw scores (infinite buckets), 3 decimals');
});
