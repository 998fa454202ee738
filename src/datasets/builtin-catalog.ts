/**
 * The built-in datasets: which files each one reads, how its answers are graded (reference spec 6.4),
 * and its default training fraction. File URLs and hashes live in builtin-files.ts.
 */
import type { AnswerType } from './types.js';

/** All 27 BIG-Bench Hard tasks, in the upstream folder's (alphabetical) order. */
export const BBH_TASKS = [
  'boolean_expressions',
  'causal_judgement',
  'date_understanding',
  'disambiguation_qa',
  'dyck_languages',
  'formal_fallacies',
  'geometric_shapes',
  'hyperbaton',
  'logical_deduction_five_objects',
  'logical_deduction_seven_objects',
  'logical_deduction_three_objects',
  'movie_recommendation',
  'multistep_arithmetic_two',
  'navigate',
  'object_counting',
  'penguins_in_a_table',
  'reasoning_about_colored_objects',
  'ruin_names',
  'salient_translation_error_detection',
  'snarks',
  'sports_understanding',
  'temporal_sequences',
  'tracking_shuffled_objects_five_objects',
  'tracking_shuffled_objects_seven_objects',
  'tracking_shuffled_objects_three_objects',
  'web_of_lies',
  'word_sorting',
] as const;

export type BbhTask = (typeof BBH_TASKS)[number];

/** Integer targets, graded as numbers (exact match after numeric normalization). */
const BBH_NUMBER_TASKS: ReadonlySet<string> = new Set(['object_counting', 'multistep_arithmetic_two']);

/** True/False, Yes/No, yes/no or valid/invalid targets. */
const BBH_BOOLEAN_TASKS: ReadonlySet<string> = new Set([
  'boolean_expressions',
  'causal_judgement',
  'formal_fallacies',
  'navigate',
  'sports_understanding',
  'web_of_lies',
]);

/** Free-form targets (dyck_languages, word_sorting) are the remaining non-choice tasks. */
const BBH_TEXT_TASKS: ReadonlySet<string> = new Set(['dyck_languages', 'word_sorting']);

/** Training fractions of the reference: GSM8K 3.5% (261 questions), BBH 20%. */
export const GSM8K_TRAIN_RATIO = 0.035;
export const BBH_TRAIN_RATIO = 0.2;
/**
 * The reference only evaluates MultiArith and AQuA (whole file = test fold); to optimize on them we
 * use the BBH mechanism and fraction, which is our choice, not the paper's.
 */
export const OTHER_TRAIN_RATIO = 0.2;

/** Which parser reads a dataset's files. */
export type BuiltinFormat = 'gsm8k' | 'bbh' | 'multiarith' | 'aqua';

export interface BuiltinDatasetInfo {
  id: string;
  format: BuiltinFormat;
  answerType: AnswerType;
  multipleChoice: boolean;
  forbidDigitsInInstructions: boolean;
  taskDescription: string;
  defaultTrainRatio: number;
  /** Cache path of the file the pool is read from. */
  poolFile: string;
  /** Cache path of a separate held-out file, or null when the held-out split is the rest of the pool. */
  heldOutFile: string | null;
}

export function bbhAnswerType(task: string): AnswerType {
  if (BBH_NUMBER_TASKS.has(task)) return 'number';
  if (BBH_BOOLEAN_TASKS.has(task)) return 'boolean';
  if (BBH_TEXT_TASKS.has(task)) return 'text';
  return 'choice';
}

function bbhInfo(task: BbhTask): BuiltinDatasetInfo {
  const answerType = bbhAnswerType(task);
  return {
    id: `bbh/${task}`,
    format: 'bbh',
    answerType,
    multipleChoice: answerType === 'choice',
    forbidDigitsInInstructions: false,
    // The reference's task phrase: the task name with underscores replaced by spaces.
    taskDescription: task.replaceAll('_', ' '),
    defaultTrainRatio: BBH_TRAIN_RATIO,
    poolFile: `bbh/${task}.json`,
    heldOutFile: null,
  };
}

const BUILTIN_DATASETS: readonly BuiltinDatasetInfo[] = [
  {
    id: 'gsm8k',
    format: 'gsm8k',
    answerType: 'number',
    multipleChoice: false,
    forbidDigitsInInstructions: true,
    taskDescription: 'grade school math',
    defaultTrainRatio: GSM8K_TRAIN_RATIO,
    poolFile: 'gsm8k/train.jsonl',
    heldOutFile: 'gsm8k/test.jsonl',
  },
  {
    id: 'multiarith',
    format: 'multiarith',
    answerType: 'number',
    multipleChoice: false,
    forbidDigitsInInstructions: false,
    // The reference has no phrase for these two (it never optimizes on them); ours names the genre.
    taskDescription: 'arithmetic word problems',
    defaultTrainRatio: OTHER_TRAIN_RATIO,
    poolFile: 'multiarith/MultiArith.json',
    heldOutFile: null,
  },
  {
    id: 'aqua',
    format: 'aqua',
    answerType: 'choice',
    multipleChoice: true,
    forbidDigitsInInstructions: false,
    taskDescription: 'algebraic word problems',
    defaultTrainRatio: OTHER_TRAIN_RATIO,
    poolFile: 'aqua/test.json',
    heldOutFile: null,
  },
  ...BBH_TASKS.map(bbhInfo),
];

const BY_ID: ReadonlyMap<string, BuiltinDatasetInfo> = new Map(BUILTIN_DATASETS.map((info) => [info.id, info]));

/** Every built-in dataset id: gsm8k, multiarith, aqua, then bbh/<task> for the 27 tasks. */
export function listBuiltinDatasets(): BuiltinDatasetInfo[] {
  return BUILTIN_DATASETS.map((info) => ({ ...info }));
}

export function findBuiltinDataset(id: string): BuiltinDatasetInfo | undefined {
  return BY_ID.get(id);
}

/** A sentence listing the valid names, for "unknown dataset" errors. */
export function describeBuiltinNames(): string {
  return (
    'Built-in datasets: gsm8k, multiarith, aqua, and bbh/<task> where <task> is one of: ' +
    `${BBH_TASKS.join(', ')}.`
  );
}
