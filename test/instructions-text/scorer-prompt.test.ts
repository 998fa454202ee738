import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScorerPrompt, validatePosition } from '../../src/problems/instructions/scorer-prompt.js';
import type { InstructionPosition } from '../../src/problems/instructions/types.js';

const question = 'Is the sky blue?\nOptions:\n- yes\n- no';
const instruction = 'Think step by step.';

describe('scorer prompt (reference gen_prompt)', () => {
  const cases: [InstructionPosition, boolean, string, string][] = [
    ['Q_begin', false, `${instruction}\n${question}`, question],
    ['Q_end', false, `${question}\n${instruction}`, question],
    ['before_Q', true, `${instruction}\nQ: ${question}\n\nA:`, `Q: ${question}\n\nA:`],
    ['Q_begin', true, `Q: ${instruction}\n${question}\n\nA:`, `Q: ${question}\n\nA:`],
    ['Q_end', true, `Q: ${question}\n${instruction}\n\nA:`, `Q: ${question}\n\nA:`],
    ['A_begin', true, `Q: ${question}\n\nA: ${instruction}`, `Q: ${question}\n\nA:`],
  ];
  for (const [position, includeQA, withInstruction, withEmpty] of cases) {
    test(`${position}, includeQA=${includeQA}`, () => {
      assert.equal(buildScorerPrompt({ instruction, question, position, includeQA }), withInstruction);
      assert.equal(buildScorerPrompt({ instruction: '', question, position, includeQA }), withEmpty);
    });
  }

  test('a whitespace-only instruction is not empty (Python truthiness)', () => {
    assert.equal(buildScorerPrompt({ instruction: ' ', question: 'q', position: 'A_begin', includeQA: true }), 'Q: q\n\nA:  ');
  });

  for (const position of ['before_Q', 'A_begin'] as const) {
    test(`${position} without Q:/A: throws`, () => {
      assert.throws(
        () => buildScorerPrompt({ instruction, question, position, includeQA: false }),
        new RegExp(`'${position}' needs the "Q:"/"A:" markers \\(includeQA = true\\); without them the allowed positions are 'Q_begin', 'Q_end'`),
      );
    });
  }

  test('unknown position throws', () => {
    assert.throws(
      () => buildScorerPrompt({ instruction, question, position: 'A_end' as never, includeQA: true }),
      /Unknown instruction position "A_end"/,
    );
  });
});

describe('validatePosition', () => {
  test('accepts the runnable combinations', () => {
    for (const style of ['bracket', 'tagged'] as const) {
      for (const position of ['before_Q', 'Q_begin', 'Q_end', 'A_begin'] as const) {
        assert.equal(validatePosition({ style, position, includeQA: true }), null);
      }
      assert.equal(validatePosition({ style, position: 'Q_begin', includeQA: false }), null);
      assert.equal(validatePosition({ style, position: 'Q_end', includeQA: false }), null);
    }
    assert.equal(validatePosition({ style: 'instructions-only', position: 'A_begin', includeQA: true }), null);
    assert.equal(validatePosition({ style: 'instructions-only', position: 'Q_end', includeQA: false }), null);
  });

  test('explains the refused ones', () => {
    assert.match(validatePosition({ style: 'bracket', position: 'A_begin', includeQA: false }) ?? '', /needs the "Q:"\/"A:" markers/);
    assert.match(validatePosition({ style: 'tagged', position: 'before_Q', includeQA: false }) ?? '', /needs the "Q:"\/"A:" markers/);
    // The scorer prompt cannot express A_begin without markers, whatever the meta-prompt style.
    assert.match(validatePosition({ style: 'instructions-only', position: 'A_begin', includeQA: false }) ?? '', /'Q_begin', 'Q_end'/);
    assert.match(
      validatePosition({ style: 'instructions-only', position: 'before_Q', includeQA: true }) ?? '',
      /not supported by the 'instructions-only' meta-prompt; allowed positions: 'Q_begin', 'Q_end', 'A_begin'/,
    );
    assert.match(validatePosition({ style: 'palm' as never, position: 'Q_begin', includeQA: true }) ?? '', /Unknown meta-prompt style/);
    assert.match(validatePosition({ style: 'bracket', position: 'q_begin' as never, includeQA: true }) ?? '', /Unknown instruction position/);
  });
});
