import { Command, Option } from 'commander';
import { ANSWER_TYPES, type AnswerType } from '../datasets/types.js';
import { EXEMPLAR_SELECTIONS, INSTRUCTION_POSITIONS, META_PROMPT_STYLES, type ExemplarSelection, type InstructionPosition, type MetaPromptStyle } from '../problems/instructions/types.js';
import type { GradingMode } from '../problems/instructions/grading/index.js';
import type { InstructionSettings } from '../optimize/settings.js';
import { PRESETS, type PresetName } from '../optimize/presets.js';
import { buckets, collect, integer, number, oneOf } from './parsers.js';

/** Options shared by `optimize` and `evaluate`: the dataset and how the scorer is prompted and graded. */
export function addDatasetOptions(command: Command): Command {
  return command
    .option('-d, --dataset <name>', 'gsm8k, multiarith, aqua, bbh/<task>, or a path to your .jsonl/.csv/.json file')
    .option('--input-field <field>', 'your file: the field holding the question', 'input')
    .option('--target-field <field>', 'your file: the field holding the gold answer', 'target')
    .addOption(new Option('--answer-type <type>', 'your file (required): how answers are graded: number, boolean, choice or text').choices(ANSWER_TYPES as string[]))
    .option('--data-dir <dir>', 'where built-in datasets are cached (default $OPRO_DATA_DIR or ~/.cache/opro/datasets)');
}

export function addScorerPromptOptions(command: Command): Command {
  return command
    .addOption(new Option('--position <pos>', 'where the instruction goes in the scorer prompt').choices(INSTRUCTION_POSITIONS as string[]))
    .option('--qa', 'use "Q:"/"A:" markers in scorer prompts (needed for before_Q and A_begin)')
    .addOption(new Option('--grading <mode>', 'fixed (default: corrects the reference\'s mis-parses) or reference (exact parity)').choices(['fixed', 'reference']))
    .option('--extract-final-answer', 'ask the scorer again with "So the final answer is" and grade that (pre-trained scorers)')
    .option('--scorer-max-tokens <n>', 'scorer output token limit (reference 1024)', integer(1))
    .option('--train-ratio <x>', 'fraction of the pool used for training (GSM8K 0.035, BBH 0.2)', number(0, 1))
    .option('--paper-indices', "use the paper's exact training indices (GSM8K, BBH)")
    .option('--seed <n>', 'seed for splits, exemplars and subsampling (reference 0)', integer(0));
}

export function addOptimizerOptions(command: Command): Command {
  return command
    .addOption(new Option('--preset <name>', "paper: the paper's setting for the chosen dataset; reference: paper plus every reference-code quirk (explicit options still win)").choices(PRESETS as string[]))
    .option('--steps <n>', 'optimization steps (reference 200)', integer(0))
    .option('--candidates <n>', 'optimizer calls per step, one candidate each (reference 8)', integer(1))
    .option('--temperature <t>', 'optimizer temperature (reference 1.0)', number(0, 2))
    .option('--optimizer-max-tokens <n>', 'optimizer output token limit', integer(1))
    .option('--extra-draws <n>', 'extra optimizer calls per step when replies hold no candidate (0 = reference)', integer(0))
    .addOption(new Option('--style <style>', 'meta-prompt style: tagged (<INS>, GPT-style), bracket ([...], PaLM-style), instructions-only (pre-trained)').choices(META_PROMPT_STYLES as string[]))
    .option('--threshold <x>', 'hide instructions scoring below this from the meta-prompt (reference: 0 text-bison, 0.3 GPT)', number(0, 1))
    .option('--top-k <n>', 'instructions shown in the meta-prompt (reference 20)', integer(1))
    .option('--buckets <n|none>', 'show scores as round(score*n); none = raw scores (reference 100)', buckets)
    .option('--exemplars <n>', 'task exemplars in each meta-prompt (reference 3)', integer(0))
    .addOption(new Option('--exemplar-selection <how>', 'how exemplars are picked each step (reference random)').choices(EXEMPLAR_SELECTIONS as string[]))
    .option('--exemplars-first', 'put the exemplars before the scored instructions')
    .option('-i, --initial <instruction>', 'initial instruction, repeatable; "" is the empty instruction (reference "Let\'s solve the problem.")', collect)
    .option('--max-length <n>', 'reject candidate instructions longer than this (reference 500)', integer(1))
    .option('--no-digit-filter', 'allow digits in GSM8K instructions (the reference rejects them)')
    .option('--reference-quirks', 'score an unparsable reply as the empty instruction, as the reference does')
    .option('--no-dedup-initial', 'let the optimizer re-propose the initial instructions (reference behaviour)')
    .option('--train-limit <n>', 'use at most n training examples (seeded subsample) for a quick, cheap run', integer(1))
    .option('--test-limit <n>', 'use at most n held-out examples at the end', integer(1))
    .addOption(new Option('--eval-split <split>', 'measure the best instructions on held-out data at the end').choices(['test', 'none']))
    .option('--eval-top <n>', 'how many of the best instructions to measure on held-out data (default 3)', integer(0))
    .option('--racing', 'score candidates in rounds and stop those that cannot reach the top-K (no effect with instructions-only or accumulative exemplars)')
    .option('--no-racing', 'score every candidate on every training example (as the paper)')
    .option('--racing-delta <x>', 'racing: chance per candidate of wrongly stopping one that could reach the top-K (default 0.05)', number(0, 1))
    .option('--racing-first-round <n>', 'racing: training examples in the first round, each later round 1.5x as many in total (default 30)', integer(1));
}

/** The dataset options as commander parses them (see addDatasetOptions). */
export interface DatasetFlags {
  dataset?: string;
  inputField?: string;
  targetField?: string;
  answerType?: AnswerType;
  dataDir?: string;
}

/** How the scorer is prompted and graded (see addScorerPromptOptions). */
export interface ScorerPromptFlags {
  position?: InstructionPosition;
  qa?: boolean;
  grading?: GradingMode;
  extractFinalAnswer?: boolean;
  scorerMaxTokens?: number;
  trainRatio?: number;
  paperIndices?: boolean;
  seed?: number;
}

/** The optimizer's and the run's options (see addOptimizerOptions). */
export interface OptimizerFlags {
  preset?: PresetName;
  steps?: number;
  candidates?: number;
  temperature?: number;
  optimizerMaxTokens?: number;
  extraDraws?: number;
  style?: MetaPromptStyle;
  threshold?: number;
  topK?: number;
  /** null for `--buckets none` (raw scores). */
  buckets?: number | null;
  exemplars?: number;
  exemplarSelection?: ExemplarSelection;
  exemplarsFirst?: boolean;
  initial?: string[];
  maxLength?: number;
  /** false for --no-digit-filter (commander's default is true). */
  digitFilter?: boolean;
  referenceQuirks?: boolean;
  /** false for --no-dedup-initial. */
  dedupInitial?: boolean;
  trainLimit?: number;
  testLimit?: number;
  evalSplit?: InstructionSettings['evalSplit'];
  evalTop?: number;
  racing?: boolean;
  racingDelta?: number;
  racingFirstRound?: number;
}

/** Commander's parsed values -> settings; undefined leaves the default or preset in charge. */
export function settingsFromFlags(flags: ScorerPromptFlags & OptimizerFlags): Partial<InstructionSettings> {
  return {
    steps: flags.steps,
    candidatesPerStep: flags.candidates,
    optimizerTemperature: flags.temperature,
    optimizerMaxTokens: flags.optimizerMaxTokens,
    maxExtraDraws: flags.extraDraws,
    style: flags.style,
    position: flags.position,
    includeQA: flags.qa,
    scoreThreshold: flags.threshold,
    maxInstructions: flags.topK,
    scoreBuckets: flags.buckets,
    instructionsBeforeExemplars: flags.exemplarsFirst ? false : undefined,
    exemplarCount: flags.exemplars,
    exemplarSelection: flags.exemplarSelection,
    initialInstructions: flags.initial,
    gradingMode: flags.grading,
    extractFinalAnswer: flags.extractFinalAnswer,
    scorerMaxTokens: flags.scorerMaxTokens,
    maxInstructionLength: flags.maxLength,
    forbidDigits: flags.digitFilter === false ? false : undefined,
    referenceQuirks: flags.referenceQuirks,
    dedupAgainstInitial: flags.dedupInitial === false ? false : undefined,
    trainRatio: flags.trainRatio,
    paperTrainIndices: flags.paperIndices,
    seed: flags.seed,
    evalSplit: flags.evalSplit,
    evalTop: flags.evalTop,
    racing: flags.racing,
    racingConfidence: flags.racingDelta,
    racingFirstRound: flags.racingFirstRound,
  };
}
