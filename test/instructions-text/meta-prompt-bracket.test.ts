import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstructionMetaPrompt } from '../../src/problems/instructions/meta-prompt.js';
import type { InstructionPosition } from '../../src/problems/instructions/types.js';
import { BRACKET_FOOTER, BRACKET_HEADER, BRACKET_INTRO, PAIRS_100, baseOptions } from './fixtures.js';

/** Expected text for the two baseOptions exemplars given each exemplar's input body. */
function expected(body1: string, body2: string): string {
  const exemplars = `${BRACKET_INTRO}\ninput:\n${body1}\noutput:\n(A)\n\ninput:\n${body2}\noutput:\n18\n`;
  return `${BRACKET_HEADER}${PAIRS_100}\n\n${exemplars}${BRACKET_FOOTER}`;
}

describe("bracket meta-prompt (text-bison style)", () => {
  const withoutQa: [InstructionPosition, string, string][] = [
    ['Q_begin', '<INS>\nQ1?\n', '<INS>\nQ2?\n'],
    ['Q_end', 'Q1?\n<INS>\n', 'Q2?\n<INS>\n'],
  ];
  for (const [position, body1, body2] of withoutQa) {
    test(`${position} without Q:/A: leaves a blank line before output:`, () => {
      assert.equal(renderInstructionMetaPrompt(baseOptions({ position })), expected(body1, body2));
    });
  }

  const withQa: [InstructionPosition, string, string][] = [
    ['before_Q', '<INS>\nQ: Q1?\nA:', '<INS>\nQ: Q2?\nA:'],
    ['Q_begin', 'Q: <INS>\nQ1?\nA:', 'Q: <INS>\nQ2?\nA:'],
    ['Q_end', 'Q: Q1?\n<INS>\nA:', 'Q: Q2?\n<INS>\nA:'],
    ['A_begin', 'Q: Q1?\nA: <INS>', 'Q: Q2?\nA: <INS>'],
  ];
  for (const [position, body1, body2] of withQa) {
    test(`${position} with Q:/A: has no blank line before output:`, () => {
      assert.equal(renderInstructionMetaPrompt(baseOptions({ position, includeQA: true })), expected(body1, body2));
    });
  }

  test('A_begin with Q:/A: spelled out literally', () => {
    const text = renderInstructionMetaPrompt(baseOptions({ position: 'A_begin', includeQA: true }));
    assert.ok(text.includes('\n\ninput:\nQ: Q1?\nA: <INS>\noutput:\n(A)\n\ninput:\nQ: Q2?\nA: <INS>\noutput:\n18\n\n\nWrite'));
  });

  for (const position of ['before_Q', 'A_begin'] as const) {
    test(`${position} with exemplars but without Q:/A: throws and names the allowed positions`, () => {
      assert.throws(
        () => renderInstructionMetaPrompt(baseOptions({ position, includeQA: false })),
        (error: Error) => error.message.includes(position) && error.message.includes("'Q_begin', 'Q_end'"),
      );
    });
  }

  test('exemplars first when instructionsBeforeExemplars is false', () => {
    const exemplars = `${BRACKET_INTRO}\ninput:\n<INS>\nQ1?\n\noutput:\n(A)\n\ninput:\n<INS>\nQ2?\n\noutput:\n18\n`;
    assert.equal(
      renderInstructionMetaPrompt(baseOptions({ instructionsBeforeExemplars: false })),
      `${exemplars}\n\n${BRACKET_HEADER}${PAIRS_100}${BRACKET_FOOTER}`,
    );
  });

  test('no exemplars (empty array or undefined): header, pairs, footer', () => {
    const want = `${BRACKET_HEADER}${PAIRS_100}${BRACKET_FOOTER}`;
    assert.equal(renderInstructionMetaPrompt(baseOptions({ exemplars: [] })), want);
    assert.equal(renderInstructionMetaPrompt(baseOptions({ exemplars: undefined })), want);
    // Without exemplars the reference never reaches its Q:/A: assertion.
    assert.equal(renderInstructionMetaPrompt(baseOptions({ exemplars: [], position: 'A_begin' })), want);
  });

  test('empty history still renders the header and exemplars', () => {
    const text = renderInstructionMetaPrompt(baseOptions({ history: [] }));
    assert.ok(text.startsWith(`${BRACKET_HEADER}\n\n${BRACKET_INTRO}\ninput:`));
  });

  test("spec section 4.1 layout: Q_begin without Q:/A:, raw scores", () => {
    const text = renderInstructionMetaPrompt(
      baseOptions({
        history: [
          { instruction: 'ins_1', score: 0.25, step: -1 },
          { instruction: 'ins_2', score: 0.5, step: 0 },
        ],
        exemplars: [
          { question: 'q_1', answer: 'a_1' },
          { question: 'q_2', answer: 'a_2' },
        ],
        scoreBuckets: null,
      }),
    );
    const want = [
      'I have some texts along with their corresponding scores. The texts are arranged in ascending order based on their scores, where higher scores indicate better quality.',
      '',
      '',
      'text:',
      'ins_1',
      'score:',
      '0.25',
      '',
      'text:',
      'ins_2',
      'score:',
      '0.5',
      '',
      '',
      'The following exemplars show how to apply your text: you replace <INS> in each input with your text, then read the input and give an output. We say your output is wrong if your output is different from the given output, and we say your output is correct if they are the same. When replacing <INS> with an old piece of text above, we get wrong outputs on the following inputs.',
      '',
      '',
      'input:',
      '<INS>',
      'q_1',
      '',
      'output:',
      'a_1',
      '',
      'input:',
      '<INS>',
      'q_2',
      '',
      'output:',
      'a_2',
      '',
      '',
      'Write your new text that is different from the old ones and has a score as high as possible. Write the text in square brackets.',
    ].join('\n');
    assert.equal(text, want);
  });
});
