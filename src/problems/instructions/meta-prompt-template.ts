/**
 * The meta-prompt's exemplars for a task's own prompt template (task files with `text:` or chat
 * `messages:`). The paper shows each exemplar as the scorer sees it, with `<INS>` where the
 * instruction goes (opro-reference.md, section 4): for a template that is the template itself,
 * rendered with the example's fields and `<INS>` in place of `{{instruction}}`, chat turns written
 * out with their roles. The wording says what such a task is: an output the task's metric scores,
 * next to an expected output only where the data has one. The paper's own positions never come here.
 */
import { exampleFields, type DatasetExample } from '../../datasets/types.js';
import { renderForMetaPrompt, type PromptTemplate } from '../../prompts/template.js';
import { BLOCK_SEPARATOR } from './meta-prompt-wording.js';
import { formatAnswer } from './meta-prompt-scores.js';
import type { MetaPromptExemplar } from './types.js';

/** Where the instruction goes, in a template rendered for the meta-prompt (the paper's marker). */
export const INSTRUCTION_MARKER = '<INS>';

export const TEMPLATE_BRACKET_EXEMPLARS_INTRO =
  'The following exemplars show how to apply your text: you replace <INS> in each input with your text, ' +
  'then read the input and give an output.';

export const TEMPLATE_TAGGED_EXEMPLARS_INTRO = 'Below are some inputs; <INS> marks where the instruction goes.';

/** Said only when the exemplars carry an expected output (a task with no gold answer has none to show). */
export const TEMPLATE_EXPECTED_SENTENCE = {
  bracket: ' Each exemplar gives the expected output.',
  tagged: ' Each comes with its expected output.',
} as const;

/**
 * An example's input as the optimizer is shown it (an exemplar, a feedback note): with a task's own
 * template, the template rendered with every field of the example and <INS> for the instruction;
 * otherwise (the paper's positions) its bare input.
 */
export function inputAsShown(template: PromptTemplate | null, example: DatasetExample): string {
  return template ? renderForMetaPrompt(template, INSTRUCTION_MARKER, exampleFields(example)) : example.question;
}

/** The sentence that names the task, from the task file's `description`. */
export function taskSentence(description: string): string {
  return `The task: ${description.trim()}`;
}

/** The header with the task's sentence on its own line after it, the header's trailing newlines kept. */
export function withTaskDescription(header: string, description: string | undefined): string {
  if (description === undefined || description.trim() === '') return header;
  const body = header.replace(/\n+$/, '');
  return `${body}\n${taskSentence(description)}${header.slice(body.length)}`;
}

function hasAnswer(exemplar: MetaPromptExemplar): boolean {
  return typeof exemplar.answer === 'number' || exemplar.answer.trim() !== '';
}

/** One exemplar: its rendered input, then its expected output when it has one. */
function templateExemplar(style: 'bracket' | 'tagged', exemplar: MetaPromptExemplar): string {
  if (exemplar.input === undefined) throw new Error('an exemplar of a task template needs its rendered input (MetaPromptExemplar.input)');
  const label = style === 'tagged' ? 'Ground truth answer' : 'output';
  const answer = hasAnswer(exemplar) ? `\n${label}:\n${formatAnswer(exemplar.answer)}\n` : '';
  return `\ninput:\n${exemplar.input}\n${answer}`;
}

/** The exemplars block for a task template: intro sentence(s), then each exemplar as the scorer sees it. */
export function templateExemplarsBlock(style: 'bracket' | 'tagged', exemplars: readonly MetaPromptExemplar[]): string {
  const withAnswers = exemplars.some(hasAnswer);
  const intro = style === 'tagged' ? TEMPLATE_TAGGED_EXEMPLARS_INTRO : TEMPLATE_BRACKET_EXEMPLARS_INTRO;
  const expected = withAnswers ? TEMPLATE_EXPECTED_SENTENCE[style] : '';
  // The same spacing as the paper's blocks: the bracket intro ends with a blank line, the tagged one with a newline.
  const end = style === 'tagged' ? '\n' : BLOCK_SEPARATOR;
  return intro + expected + end + exemplars.map((exemplar) => templateExemplar(style, exemplar)).join('');
}
