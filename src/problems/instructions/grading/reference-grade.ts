/**
 * The reference's per-question grading pipeline. A first-round answer (the released default): normalize
 * the reply, apply the clean-up of `_extract_second_round_answer_for_parsing`, then
 * `_get_accuracy` with the prompt as option source for multiple choice and substring credit for every
 * non-numeric task. The GPT-only `\boxed{}` shortcut of test-fold evaluation is deliberately left out.
 */
import { beforeFirst, pyStrip } from '../../../util/python-str.js';
import { referenceAccuracy } from './reference-accuracy.js';
import { normalizePrediction } from './reference-normalize.js';
import type { AnswerType, GradeResult } from './types.js';

/** `ans.strip(":").strip().split("\n")[0].split("Q:")[0]`: the reference's clean-up of a parsed answer. */
export function cleanReferenceAnswer(parsed: string): string {
  return beforeFirst(beforeFirst(pyStrip(pyStrip(parsed, ':')), '\n'), 'Q:');
}

/**
 * Grade one reply exactly as the reference does. `target` is already Python's `str()` of the gold.
 * A first-round reply is normalized, then cleaned; a reply to the "So the final answer is" prompt
 * (`extractedAgain`) is cleaned, then normalized, and not cleaned again.
 */
export function gradeReference(output: string, target: string, answerType: AnswerType, prompt = '', extractedAgain = false): GradeResult {
  const treatAsNumber = answerType === 'number';
  const normalize = (text: string): string => normalizePrediction(text, {
    treatAsNumber,
    treatAsBool: answerType === 'boolean',
    numDecimals: 0,
  });
  const prediction = extractedAgain ? normalize(cleanReferenceAnswer(output)) : cleanReferenceAnswer(normalize(output));
  const inputText = answerType === 'choice' ? prompt : '';
  // Where the reference raises (a gold letter with no option text), referenceAccuracy grades 0.
  const correct = referenceAccuracy(target, prediction, inputText, !treatAsNumber) === 1;
  return { prediction, correct };
}
