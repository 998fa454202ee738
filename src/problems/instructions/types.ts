/**
 * Shared vocabulary of instruction optimization: meta-prompt styles, instruction positions and the
 * option shapes of the pure text functions (meta-prompt, scorer prompt, candidate parsing).
 */

/**
 * How the optimizer is addressed, after the reference's three meta-prompt branches:
 * - 'bracket': instruction-tuned optimizer (text-bison / PaLM 2-L-IT), answer written in `[...]`;
 * - 'tagged': chat optimizer (GPT branch), answer between `<INS>` tags (`<Start>` for A_begin);
 * - 'instructions-only': pre-trained optimizer, continues a `Precision: N <TEXT>...</TEXT>` list.
 */
export type MetaPromptStyle = 'bracket' | 'tagged' | 'instructions-only';

/** Where the instruction goes in the scorer prompt (reference `instruction_pos`). */
export type InstructionPosition = 'before_Q' | 'Q_begin' | 'Q_end' | 'A_begin';

export const META_PROMPT_STYLES: readonly MetaPromptStyle[] = ['bracket', 'tagged', 'instructions-only'];
export const INSTRUCTION_POSITIONS: readonly InstructionPosition[] = ['before_Q', 'Q_begin', 'Q_end', 'A_begin'];
/** The only positions a prompt without "Q:"/"A:" markers can express. */
export const POSITIONS_WITHOUT_QA: readonly InstructionPosition[] = ['Q_begin', 'Q_end'];
/** The pre-trained optimizer's meta-prompt has no wording for before_Q. */
export const POSITIONS_FOR_INSTRUCTIONS_ONLY: readonly InstructionPosition[] = ['Q_begin', 'Q_end', 'A_begin'];

/**
 * How the meta-prompt's exemplars are chosen each step (reference `few_shot_selection_criteria`).
 * - random: numpy seeded with the step index draws `count` distinct training questions (the default);
 * - constant: numpy seeded with 0, so the same questions every step;
 * - accumulative_most_frequent: the questions answered wrong most often since the start;
 * - current_most_frequent: the questions most often wrong among the instructions currently shown.
 */
export type ExemplarSelection = 'random' | 'constant' | 'accumulative_most_frequent' | 'current_most_frequent';

export const EXEMPLAR_SELECTIONS: readonly ExemplarSelection[] = [
  'random',
  'constant',
  'accumulative_most_frequent',
  'current_most_frequent',
];

/** One scored instruction of the trajectory, in the order it was added. Scores are accuracies in [0, 1]. */
export interface ScoredInstruction {
  instruction: string;
  score: number;
  step: number;
}

/** A dataset example shown in the meta-prompt. Numbers print as Python's `str()` would print them. */
export interface MetaPromptExemplar {
  question: string;
  /** The gold answer; '' when the data has none (a task scored by a judge or a check). */
  answer: string | number;
  /**
   * The whole input as the scorer sees it, `<INS>` in place of the instruction: a task's own
   * template rendered for this example (see `taskTemplate`). Absent for the paper's positions.
   */
  input?: string;
}

/**
 * Options of renderInstructionMetaPrompt. Omitted options take the defaults of the reference's
 * gen_meta_prompt: includeQA true, scoreThreshold 0.1, maxInstructions 1000, scoreBuckets null (raw
 * scores, numpy's inf), instructionsBeforeExemplars true.
 */
export interface InstructionMetaPromptOptions {
  style: MetaPromptStyle;
  history: readonly ScoredInstruction[];
  /** Empty or undefined: no exemplars in the meta-prompt (reference `few_shot_qa_pairs = False`). */
  exemplars?: readonly MetaPromptExemplar[];
  position: InstructionPosition;
  /** Default true, as the reference's gen_meta_prompt. */
  includeQA?: boolean;
  /** Hide history entries scoring below this; 0 disables the filter. Ignored by 'instructions-only'. */
  scoreThreshold?: number;
  /** Show only the best K entries (top-K). Ignored by 'instructions-only', which shows everything. */
  maxInstructions?: number;
  /** Scores shown as round(score * buckets); null shows the raw score (3 decimals, 2 for instructions-only). */
  scoreBuckets?: number | null;
  /** Whether the scored instructions come before the exemplars. */
  instructionsBeforeExemplars?: boolean;
  /** The task phrase of 'instructions-only' ("grade school math", "sports understanding"). */
  taskDescription?: string;
  /**
   * A task's own prompt template (not one of the paper's positions): every exemplar carries its
   * rendered `input`, shown as is, with wording for an output a metric scores; `description` (the
   * task file's) names the task under the header. Absent: the paper's layouts, byte for byte.
   */
  taskTemplate?: { description?: string };
}

export interface ScorerPromptOptions {
  instruction: string;
  question: string;
  position: InstructionPosition;
  includeQA: boolean;
}

export interface PositionCheck {
  style: MetaPromptStyle;
  position: InstructionPosition;
  includeQA: boolean;
}

export interface ParseCandidateOptions {
  style: MetaPromptStyle;
  position: InstructionPosition;
  /**
   * Reproduce the reference exactly: a reply without `[...]` (bracket) or with nothing between the tags
   * (tagged) yields the empty instruction, which then gets scored once. Off by default: such replies are
   * reported as parse failures.
   */
  referenceQuirks?: boolean;
}

export type CandidateParse = { ok: true; text: string } | { ok: false; reason: string };

export interface RejectOptions {
  /** Reject instructions containing any digit (the reference does this for GSM8K). */
  forbidDigits?: boolean;
  /** Same as forbidDigits; named after the reference's condition. */
  datasetIsGsm8k?: boolean;
  /** Longest accepted instruction, in characters (code points). */
  maxLength?: number;
}
