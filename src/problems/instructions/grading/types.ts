/** The vocabulary of answer grading. */

/** How a task's gold answer is compared: a number, a boolean word, a multiple-choice letter or free text. */
export type AnswerType = 'number' | 'boolean' | 'choice' | 'text';

/**
 * - 'reference': the reference code's parser and accuracy, quirks included (for reproducing the paper).
 * - 'fixed': our corrected grader (the default).
 */
export type GradingMode = 'reference' | 'fixed';

export const ANSWER_TYPES: readonly AnswerType[] = ['number', 'boolean', 'choice', 'text'];
export const GRADING_MODES: readonly GradingMode[] = ['reference', 'fixed'];
export const DEFAULT_GRADING_MODE: GradingMode = 'fixed';

export interface GradeInput {
  /** The scorer's raw reply. */
  output: string;
  /** The gold answer; a number is printed as Python's `str()` would print it. */
  target: string | number;
  answerType: AnswerType;
  /** The full scorer prompt. Used only for 'choice', to find the option texts. */
  prompt?: string;
  /** Defaults to 'fixed'. */
  mode?: GradingMode;
  /**
   * `output` is the reply to the second "So the final answer is" prompt (extract-final-answer). The
   * reference cleans that reply (strip ":" and whitespace, first line, before "Q:") BEFORE normalizing
   * it, and does not clean the normalized answer again as it does for a first-round reply.
   */
  extractedAgain?: boolean;
}

export interface GradeResult {
  /** The parsed answer that was compared with the gold answer. */
  prediction: string;
  correct: boolean;
}
