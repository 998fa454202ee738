/**
 * The fixed sentences of the instruction meta-prompts. They must match the reference byte for byte
 * (the optimizer was prompted with exactly these in the paper's runs), including the trailing newlines
 * each one carries.
 */

/** 'bracket' style (instruction-tuned optimizer such as text-bison / PaLM 2-L-IT). */
export const BRACKET_HEADER =
  'I have some texts along with their corresponding scores. The texts are arranged in ascending order ' +
  'based on their scores, where higher scores indicate better quality.\n\n';

export const BRACKET_EXEMPLARS_INTRO =
  'The following exemplars show how to apply your text: you replace <INS> in each input with your text, ' +
  'then read the input and give an output. We say your output is wrong if your output is different from ' +
  'the given output, and we say your output is correct if they are the same. When replacing <INS> with an ' +
  'old piece of text above, we get wrong outputs on the following inputs.\n\n';

export const BRACKET_FOOTER =
  '\n\nWrite your new text that is different from the old ones and has a score as high as possible. ' +
  'Write the text in square brackets.';

/** 'tagged' style (chat optimizers such as gpt-3.5-turbo / gpt-4). */
export const TAGGED_HEADER =
  'Your task is to generate the instruction <INS>. Below are some previous instructions with their ' +
  'scores. The score ranges from 0 to 100.\n';

/** A_begin asks for the start of the answer, so the tagged wording talks about "starting sentences". */
export const TAGGED_HEADER_A_BEGIN =
  'Your task is to generate the answer starting sentence <Start>. Below are some previous starting ' +
  'sentences with their scores. The score ranges from 0 to 100.\n';

export const TAGGED_EXEMPLARS_INTRO = 'Below are some problems.\n';

export const TAGGED_FOOTER =
  '\n\nGenerate an instruction that is different from all the instructions <INS> above, and has a ' +
  'higher score than all the instructions <INS> above. The instruction should begin with <INS> and end ' +
  'with </INS>. The instruction should be concise, effective, and generally applicable to all problems ' +
  'above.';

export const TAGGED_FOOTER_A_BEGIN =
  '\n\nGenerate a starting sentence that is different from all the <Start> sentences above, and has a ' +
  'higher score than all the <Start> sentences above. The starting sentence should begin with <Start> ' +
  'and end with </Start>. The starting sentence should be concise, effective, and generally applicable ' +
  'to all QA pairs above.';

/** Separator between the scored-instructions block and the exemplars block (either order). */
export const BLOCK_SEPARATOR = '\n\n';

/** 'instructions-only' style (pre-trained optimizer continuing a list). */
export const INSTRUCTIONS_ONLY_POSITION_PHRASES = {
  Q_begin: 'at the beginning of the question',
  Q_end: 'at the end of the question',
  A_begin: 'at the beginning of the answer',
} as const;

export function instructionsOnlyTask(positionPhrase: string, taskPhrase: string): string {
  return (
    `Create a piece of text ${positionPhrase} to enhance the precision in solving diverse ` +
    `${taskPhrase} problems.`
  );
}
