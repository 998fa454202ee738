/**
 * Answer grading: does a scorer's reply state the gold answer? Two modes:
 * 'reference' reproduces the reference code bit for bit (for the paper's numbers), 'fixed' (default)
 * is our corrected parser. See reference-*.ts and fixed-*.ts for each.
 */
import { pyStr } from '../../../util/python-str.js';
import { gradeFixed } from './fixed-grade.js';
import { cleanReferenceAnswer, gradeReference } from './reference-grade.js';
import { ANSWER_TYPES, DEFAULT_GRADING_MODE, GRADING_MODES, type GradeInput, type GradeResult } from './types.js';

export type { AnswerType, GradeInput, GradeResult, GradingMode } from './types.js';
export { ANSWER_TYPES, DEFAULT_GRADING_MODE, GRADING_MODES } from './types.js';
export { normalizePrediction, type NormalizeOptions } from './reference-normalize.js';
export {
  MissingOptionError,
  referenceAccuracy,
  referenceAccuracyStrict,
  referenceOptionText,
} from './reference-accuracy.js';
export { cleanReferenceAnswer } from './reference-grade.js';
export { parseChoiceOptions, type ChoiceOption } from './fixed-choice.js';

/** Grade one scorer reply against its gold answer. */
export function gradeAnswer(input: GradeInput): GradeResult {
  const { output, answerType, prompt } = input;
  const mode = input.mode ?? DEFAULT_GRADING_MODE;
  if (!ANSWER_TYPES.includes(answerType)) throw new TypeError(`unknown answer type: ${String(answerType)}`);
  if (!GRADING_MODES.includes(mode)) throw new TypeError(`unknown grading mode: ${String(mode)}`);
  // The reference applies Python's str() to the gold (GSM8K and MultiArith golds are ints).
  const target = typeof input.target === 'number' ? pyStr(input.target) : input.target;
  if (mode === 'reference') return gradeReference(output, target, answerType, prompt ?? '', input.extractedAgain === true);
  // The fixed grader reads the same cleaned line of a second-round reply the reference reads.
  return gradeFixed(input.extractedAgain ? cleanReferenceAnswer(output) : output, target, answerType, prompt ?? '');
}
