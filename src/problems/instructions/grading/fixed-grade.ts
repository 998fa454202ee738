/**
 * Our corrected grader (the default mode). It fixes the reference's documented mis-parses (spec 6.5
 * and 12.10): markers are case-insensitive, number words are whole words, numbers compare exactly
 * as decimals (no rounding to integers), and no answer type gets credit for merely containing the gold.
 * Each answer type has its own small parser; this file only dispatches and compares.
 */
import { extractBoolean, booleanMeaning } from './fixed-boolean.js';
import { goldChoiceLetter, parseChoiceOptions, resolveChoice } from './fixed-choice.js';
import { canonicalDecimal, extractNumber } from './fixed-number.js';
import { findAnswerSpan, type AnswerSpan } from './fixed-span.js';
import { normalizeFreeText } from './fixed-text.js';
import type { AnswerType, GradeResult } from './types.js';

/** Used when a gold answer is not of its task's type (e.g. a word in a numeric task): exact text. */
function gradeAsText(span: AnswerSpan, target: string): GradeResult {
  const prediction = normalizeFreeText(span.text);
  return { prediction, correct: prediction === normalizeFreeText(target) };
}

function gradeNumber(span: AnswerSpan, target: string): GradeResult {
  const gold = canonicalDecimal(target.trim());
  if (gold === null) return gradeAsText(span, target);
  const predicted = extractNumber(span.text, span.cue);
  return { prediction: predicted ?? '', correct: predicted === gold };
}

function gradeBoolean(span: AnswerSpan, target: string): GradeResult {
  const goldMeaning = booleanMeaning(target);
  if (goldMeaning === null) return gradeAsText(span, target);
  const predicted = extractBoolean(span.text, span.cue);
  return { prediction: predicted ?? '', correct: predicted !== null && booleanMeaning(predicted) === goldMeaning };
}

function gradeChoice(span: AnswerSpan, target: string, prompt: string): GradeResult {
  const goldLetter = goldChoiceLetter(target);
  if (goldLetter === null) return gradeAsText(span, target);
  const letter = resolveChoice(span.text, span.cue, parseChoiceOptions(prompt));
  return { prediction: letter === null ? '' : `(${letter})`, correct: letter === goldLetter };
}

/** Grade one reply with the fixed parser. `target` is the gold answer as a string. */
export function gradeFixed(output: string, target: string, answerType: AnswerType, prompt = ''): GradeResult {
  const span = findAnswerSpan(output);
  switch (answerType) {
    case 'number':
      return gradeNumber(span, target);
    case 'boolean':
      return gradeBoolean(span, target);
    case 'choice':
      return gradeChoice(span, target, prompt);
    case 'text':
      return gradeAsText(span, target);
  }
}
