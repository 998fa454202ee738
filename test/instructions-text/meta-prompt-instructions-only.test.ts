import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstructionMetaPrompt } from '../../src/problems/instructions/meta-prompt.js';
import { baseOptions } from './fixtures.js';

const only = (overrides: Parameters<typeof baseOptions>[0] = {}) =>
  baseOptions({ style: 'instructions-only', taskDescription: 'grade school math', ...overrides });

describe('instructions-only meta-prompt (pre-trained optimizer)', () => {
  test('spec section 4.3 example, verbatim', () => {
    assert.equal(
      renderInstructionMetaPrompt(only()),
      [
        'Create a piece of text at the beginning of the question to enhance the precision in solving diverse grade school math problems.',
        '',
        "Precision: 10 <TEXT>Let's think carefully.</TEXT>",
        '',
        "Precision: 60 <TEXT>Let's solve the problem.</TEXT>",
      ].join('\n'),
    );
  });

  test('position phrases and a stripped task phrase', () => {
    const common = { history: [], taskDescription: '  sports understanding\n' };
    assert.equal(
      renderInstructionMetaPrompt(only({ ...common, position: 'Q_end' })),
      'Create a piece of text at the end of the question to enhance the precision in solving diverse sports understanding problems.',
    );
    assert.equal(
      renderInstructionMetaPrompt(only({ ...common, position: 'A_begin', includeQA: true })),
      'Create a piece of text at the beginning of the answer to enhance the precision in solving diverse sports understanding problems.',
    );
  });

  test('shows ALL history ascending: no top-K cut, no threshold; raw scores with 2 decimals', () => {
    const history = [
      { instruction: 'c', score: 0.9, step: 1 },
      { instruction: 'a', score: 0.125, step: -1 },
      { instruction: 'b', score: 0.6667, step: 0 },
      { instruction: 'd', score: 1, step: 2 },
    ];
    const text = renderInstructionMetaPrompt(only({ history, maxInstructions: 1, scoreThreshold: 0.5, scoreBuckets: null }));
    assert.equal(
      text.slice(text.indexOf('\n\n')),
      '\n\nPrecision: 0.12 <TEXT>a</TEXT>\n\nPrecision: 0.67 <TEXT>b</TEXT>\n\nPrecision: 0.9 <TEXT>c</TEXT>\n\nPrecision: 1.0 <TEXT>d</TEXT>',
    );
  });

  test('exemplars and instructionsBeforeExemplars play no part', () => {
    assert.equal(
      renderInstructionMetaPrompt(only({ exemplars: [], instructionsBeforeExemplars: false })),
      renderInstructionMetaPrompt(only()),
    );
  });

  test('before_Q is refused with the allowed positions', () => {
    assert.throws(
      () => renderInstructionMetaPrompt(only({ position: 'before_Q', includeQA: true })),
      /'before_Q' is not supported by the 'instructions-only' meta-prompt; allowed positions: 'Q_begin', 'Q_end', 'A_begin'/,
    );
  });

  test('a missing task description is an error, not "undefined problems"', () => {
    assert.throws(() => renderInstructionMetaPrompt(only({ taskDescription: undefined })), /needs a taskDescription/);
  });
});
