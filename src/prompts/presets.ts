/**
 * The paper's four instruction positions (reference `instruction_pos`) as prompt templates. Rendered
 * with renderPrompt they give exactly the scorer prompts of buildScorerPrompt (the reference's
 * gen_prompt), empty instruction included; a test holds the two byte-identical.
 */
import type { InstructionPosition } from '../problems/instructions/types.js';
import { withoutQaMessage } from '../problems/instructions/positions.js';
import type { PromptTemplate } from './template.js';

/** The dataset field holding the question of built-in datasets and of `--input-field` files. */
export const QUESTION_FIELD = 'question';

const WITH_QA: Readonly<Record<InstructionPosition, string>> = {
  before_Q: '{{instruction}}\nQ: {{question}}\n\nA:',
  Q_begin: 'Q: {{instruction}}\n{{question}}\n\nA:',
  Q_end: 'Q: {{question}}\n{{instruction}}\n\nA:',
  A_begin: 'Q: {{question}}\n\nA: {{instruction}}',
};

const WITHOUT_QA: Readonly<Partial<Record<InstructionPosition, string>>> = {
  Q_begin: '{{instruction}}\n{{question}}',
  Q_end: '{{question}}\n{{instruction}}',
};

/** The template of one of the paper's positions; throws where the position needs Q:/A: markers. */
export function positionTemplate(position: InstructionPosition, includeQA = true): PromptTemplate {
  const text = includeQA ? WITH_QA[position] : WITHOUT_QA[position];
  if (text === undefined) throw new Error(withoutQaMessage(position) ?? `unknown position ${String(position)}`);
  return { kind: 'text', text };
}

/** The preset names a task file may give as `prompt: { preset: ... }`. */
export const POSITION_PRESETS: readonly InstructionPosition[] = ['before_Q', 'Q_begin', 'Q_end', 'A_begin'];
