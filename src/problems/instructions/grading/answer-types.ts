/**
 * Which answer type each benchmark task uses (spec 6.4), matching the reference's per-dataset
 * `treat_as_number`, `treat_as_bool` and `is_multiple_choice` settings.
 */
import type { AnswerType } from './types.js';

const NUMERIC_BBH_TASKS = new Set(['object_counting', 'multistep_arithmetic_two']);
const BOOLEAN_BBH_TASKS = new Set([
  'boolean_expressions',
  'causal_judgement',
  'formal_fallacies',
  'navigate',
  'sports_understanding',
  'web_of_lies',
]);
const FREE_TEXT_BBH_TASKS = new Set(['dyck_languages', 'word_sorting']);
const MULTIPLE_CHOICE_BBH_TASKS = new Set([
  'date_understanding',
  'disambiguation_qa',
  'geometric_shapes',
  'hyperbaton',
  'logical_deduction_five_objects',
  'logical_deduction_seven_objects',
  'logical_deduction_three_objects',
  'movie_recommendation',
  'penguins_in_a_table',
  'reasoning_about_colored_objects',
  'ruin_names',
  'salient_translation_error_detection',
  'snarks',
  'temporal_sequences',
  'tracking_shuffled_objects_five_objects',
  'tracking_shuffled_objects_seven_objects',
  'tracking_shuffled_objects_three_objects',
]);

/** The answer type of a dataset ('gsm8k', 'multiarith', 'aqua', 'mmlu', 'bbh') and, for BBH, its task. */
export function answerTypeFor(dataset: string, task?: string): AnswerType {
  switch (dataset.toLowerCase()) {
    case 'gsm8k':
    case 'multiarith':
      return 'number';
    case 'aqua':
    case 'mmlu':
      return 'choice';
    case 'bbh':
      return bbhAnswerType(task);
    default:
      throw new RangeError(`no known answer type for dataset "${dataset}"`);
  }
}

function bbhAnswerType(task: string | undefined): AnswerType {
  if (task === undefined) throw new RangeError('a BBH answer type needs the task name');
  if (NUMERIC_BBH_TASKS.has(task)) return 'number';
  if (BOOLEAN_BBH_TASKS.has(task)) return 'boolean';
  if (FREE_TEXT_BBH_TASKS.has(task)) return 'text';
  if (MULTIPLE_CHOICE_BBH_TASKS.has(task)) return 'choice';
  throw new RangeError(`no known answer type for BBH task "${task}"`);
}
