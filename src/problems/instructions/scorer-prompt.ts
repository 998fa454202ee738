/**
 * The prompt sent to the scorer LLM for one question, with the instruction inserted at its position.
 * Byte-identical to the reference's `gen_prompt` (eval_utils.py); an empty instruction leaves no
 * trace except where the reference keeps a separator ("Q: " for Q_begin).
 */
import { unknownPositionMessage, withoutQaMessage } from './positions.js';
import type { InstructionPosition, ScorerPromptOptions } from './types.js';

export { validatePosition } from './positions.js';

const QUESTION_MARKER = 'Q: ';
/** The answer marker always follows a blank line after the question. */
const ANSWER_MARKER = '\n\nA:';

function withQaMarkers(instruction: string, question: string, position: InstructionPosition): string {
  const has = instruction !== '';
  switch (position) {
    case 'before_Q':
      return `${has ? `${instruction}\n` : ''}${QUESTION_MARKER}${question}${ANSWER_MARKER}`;
    case 'Q_begin':
      return `${QUESTION_MARKER}${has ? `${instruction}\n` : ''}${question}${ANSWER_MARKER}`;
    case 'Q_end':
      return `${QUESTION_MARKER}${question}${has ? `\n${instruction}` : ''}${ANSWER_MARKER}`;
    case 'A_begin':
      return `${QUESTION_MARKER}${question}${ANSWER_MARKER}${has ? ` ${instruction}` : ''}`;
  }
}

function withoutQaMarkers(instruction: string, question: string, position: InstructionPosition): string {
  const problem = withoutQaMessage(position);
  if (problem !== null) throw new Error(problem);
  if (instruction === '') return question;
  return position === 'Q_begin' ? `${instruction}\n${question}` : `${question}\n${instruction}`;
}

/** Build the scorer prompt; throws for an unknown position or one that needs Q:/A: markers without them. */
export function buildScorerPrompt({ instruction, question, position, includeQA }: ScorerPromptOptions): string {
  const unknown = unknownPositionMessage(position);
  if (unknown !== null) throw new Error(unknown);
  return includeQA
    ? withQaMarkers(instruction, question, position)
    : withoutQaMarkers(instruction, question, position);
}
