import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstructionMetaPrompt } from '../../src/problems/instructions/meta-prompt.js';
import type { InstructionPosition } from '../../src/problems/instructions/types.js';
import {
  PAIRS_100,
  TAGGED_FOOTER,
  TAGGED_FOOTER_START,
  TAGGED_HEADER,
  TAGGED_HEADER_START,
  TAGGED_INTRO,
  baseOptions,
} from './fixtures.js';

function expected(body1: string, body2: string, aBegin = false): string {
  const exemplars = `${TAGGED_INTRO}${body1}\nGround truth answer:\n(A)\n${body2}\nGround truth answer:\n18\n`;
  const [header, footer] = aBegin ? [TAGGED_HEADER_START, TAGGED_FOOTER_START] : [TAGGED_HEADER, TAGGED_FOOTER];
  return `${header}${PAIRS_100}\n\n${exemplars}${footer}`;
}

describe('tagged meta-prompt (GPT style)', () => {
  const withoutQa: [InstructionPosition, string, string][] = [
    ['Q_begin', '\nProblem:\n<INS>\nQ1?\n', '\nProblem:\n<INS>\nQ2?\n'],
    ['Q_end', '\nProblem:\nQ1?\n<INS>\n', '\nProblem:\nQ2?\n<INS>\n'],
  ];
  for (const [position, body1, body2] of withoutQa) {
    test(`${position} without Q:/A: uses Problem: blocks`, () => {
      assert.equal(renderInstructionMetaPrompt(baseOptions({ style: 'tagged', position })), expected(body1, body2));
    });
  }

  const withQa: [InstructionPosition, string, string][] = [
    ['before_Q', '\ninput:\n<INS>\nQ: Q1?\nA:', '\ninput:\n<INS>\nQ: Q2?\nA:'],
    ['Q_begin', '\ninput:\nQ: <INS>\nQ1?\nA:', '\ninput:\nQ: <INS>\nQ2?\nA:'],
    ['Q_end', '\ninput:\nQ: Q1?\n<INS>\nA:', '\ninput:\nQ: Q2?\n<INS>\nA:'],
  ];
  for (const [position, body1, body2] of withQa) {
    test(`${position} with Q:/A: keeps the input: label`, () => {
      assert.equal(
        renderInstructionMetaPrompt(baseOptions({ style: 'tagged', position, includeQA: true })),
        expected(body1, body2),
      );
    });
  }

  test('A_begin with Q:/A: switches to <Start> wording and bare Q:/A: exemplars', () => {
    assert.equal(
      renderInstructionMetaPrompt(baseOptions({ style: 'tagged', position: 'A_begin', includeQA: true })),
      expected('\nQ: Q1?\nA: <Start>', '\nQ: Q2?\nA: <Start>', true),
    );
  });

  test('A_begin without exemplars: <Start> header and footer only', () => {
    assert.equal(
      renderInstructionMetaPrompt(baseOptions({ style: 'tagged', position: 'A_begin', includeQA: true, exemplars: [] })),
      `${TAGGED_HEADER_START}${PAIRS_100}${TAGGED_FOOTER_START}`,
    );
  });

  for (const position of ['before_Q', 'A_begin'] as const) {
    test(`${position} with exemplars but without Q:/A: throws`, () => {
      assert.throws(
        () => renderInstructionMetaPrompt(baseOptions({ style: 'tagged', position })),
        /needs the "Q:"\/"A:" markers.*'Q_begin', 'Q_end'/,
      );
    });
  }

  test('exemplars first when instructionsBeforeExemplars is false', () => {
    const exemplars = `${TAGGED_INTRO}\nProblem:\nQ1?\n<INS>\n\nGround truth answer:\n(A)\n\nProblem:\nQ2?\n<INS>\n\nGround truth answer:\n18\n`;
    assert.equal(
      renderInstructionMetaPrompt(
        baseOptions({ style: 'tagged', position: 'Q_end', instructionsBeforeExemplars: false }),
      ),
      `${exemplars}\n\n${TAGGED_HEADER}${PAIRS_100}${TAGGED_FOOTER}`,
    );
  });

  test('no exemplars', () => {
    assert.equal(
      renderInstructionMetaPrompt(baseOptions({ style: 'tagged', exemplars: [] })),
      `${TAGGED_HEADER}${PAIRS_100}${TAGGED_FOOTER}`,
    );
  });

  test('unknown style or position throws with the allowed values', () => {
    assert.throws(
      () => renderInstructionMetaPrompt(baseOptions({ style: 'gpt' as never })),
      /Unknown meta-prompt style "gpt"; allowed values: 'bracket', 'tagged', 'instructions-only'/,
    );
    assert.throws(
      () => renderInstructionMetaPrompt(baseOptions({ position: 'before_QA' as never })),
      /Unknown instruction position "before_QA"; allowed values: 'before_Q', 'Q_begin', 'Q_end', 'A_begin'/,
    );
  });
});
