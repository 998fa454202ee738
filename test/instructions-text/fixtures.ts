/**
 * Shared inputs and the reference's fixed sentences, written out here independently of src/ so that a
 * wording change in the implementation makes the tests fail.
 */
import type { InstructionMetaPromptOptions } from '../../src/problems/instructions/types.js';

export const BRACKET_HEADER =
  'I have some texts along with their corresponding scores. The texts are arranged in ascending order based on their scores, where higher scores indicate better quality.\n\n';
export const BRACKET_INTRO =
  'The following exemplars show how to apply your text: you replace <INS> in each input with your text, then read the input and give an output. We say your output is wrong if your output is different from the given output, and we say your output is correct if they are the same. When replacing <INS> with an old piece of text above, we get wrong outputs on the following inputs.\n\n';
export const BRACKET_FOOTER =
  '\n\nWrite your new text that is different from the old ones and has a score as high as possible. Write the text in square brackets.';
export const TAGGED_HEADER =
  'Your task is to generate the instruction <INS>. Below are some previous instructions with their scores. The score ranges from 0 to 100.\n';
export const TAGGED_HEADER_START =
  'Your task is to generate the answer starting sentence <Start>. Below are some previous starting sentences with their scores. The score ranges from 0 to 100.\n';
export const TAGGED_INTRO = 'Below are some problems.\n';
export const TAGGED_FOOTER =
  '\n\nGenerate an instruction that is different from all the instructions <INS> above, and has a higher score than all the instructions <INS> above. The instruction should begin with <INS> and end with </INS>. The instruction should be concise, effective, and generally applicable to all problems above.';
export const TAGGED_FOOTER_START =
  '\n\nGenerate a starting sentence that is different from all the <Start> sentences above, and has a higher score than all the <Start> sentences above. The starting sentence should begin with <Start> and end with </Start>. The starting sentence should be concise, effective, and generally applicable to all QA pairs above.';

/** Two past instructions (added best-first, so sorting matters) and two exemplars (string and int answers). */
export function baseOptions(overrides: Partial<InstructionMetaPromptOptions> = {}): InstructionMetaPromptOptions {
  return {
    style: 'bracket',
    history: [
      { instruction: "Let's solve the problem.", score: 0.6, step: -1 },
      { instruction: "Let's think carefully.", score: 0.1, step: 0 },
    ],
    exemplars: [
      { question: 'Q1?', answer: '(A)' },
      { question: 'Q2?', answer: 18 },
    ],
    position: 'Q_begin',
    includeQA: false,
    scoreThreshold: 0,
    maxInstructions: 20,
    scoreBuckets: 100,
    instructionsBeforeExemplars: true,
    ...overrides,
  };
}

/** The scored-instructions block for baseOptions' history with 100 buckets. */
export const PAIRS_100 = "\ntext:\nLet's think carefully.\nscore:\n10\n\ntext:\nLet's solve the problem.\nscore:\n60\n";
