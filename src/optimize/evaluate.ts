import type { Dataset } from '../datasets/types.js';
import type { LanguageModel } from '../models/types.js';
import { instructionKey } from '../problems/instructions/candidates.js';
import type { ExampleGradedEvent } from '../problems/instructions/events.js';
import { scoreInstruction, type InstructionScore, type TaskScoring } from '../problems/instructions/scoring.js';
import { datasetOf, prepareSplit } from './optimize.js';
import { resolveSettings, type InstructionSettings } from './settings.js';
import { scorerSettingsFor } from './scorer-settings.js';
import type { LoadDatasetOptions } from '../datasets/index.js';
import { taskMetricLabel, type MetricLabel } from '../metrics/describe.js';
import { comparePairedScores, type PairedComparison } from '../stats/index.js';

// Defined with the end-of-run comparisons (held-out.ts), which also use it; kept importable from here.
export { PAPER_BASELINE_INSTRUCTIONS } from './held-out.js';

export type EvaluateSplitName = 'train' | 'test' | 'all';

export interface EvaluateOptions extends Partial<Pick<InstructionSettings, 'position' | 'includeQA' | 'gradingMode' | 'scorerTemperature' | 'scorerMaxTokens' | 'extractFinalAnswer' | 'trainRatio' | 'seed' | 'paperTrainIndices'>> {
  dataset: string | Dataset;
  datasetOptions?: LoadDatasetOptions;
  scorer: LanguageModel;
  instructions: readonly string[];
  /** 'test' (default): held-out examples; 'train': the training subset; 'all': every example of the pool and test file. */
  split?: EvaluateSplitName;
  limit?: number;
  signal?: AbortSignal;
  onExample?: (event: ExampleGradedEvent) => void;
  /** A task's prompt template and metric; absent: the paper's prompt at `position` and answer grading. */
  task?: TaskScoring;
  onStart?: (info: { datasetId: string; examples: number; instructions: number }) => void;
}

export interface EvaluatedInstruction extends InstructionScore {
  instruction: string;
  key: string;
}

/** One instruction against the first one given, paired over the examples both answered. */
export interface EvaluateComparison {
  instruction: string;
  key: string;
  /** The first instruction of the list, the one every other is compared with. */
  against: string;
  /** first = this instruction, second = the first of the list. */
  comparison: PairedComparison;
}

export interface EvaluateResult {
  datasetId: string;
  split: EvaluateSplitName;
  examples: number;
  gradingMode: InstructionSettings['gradingMode'];
  /** With a task: what its metric is; absent: the paper's answer grading (gradingMode). */
  metric?: MetricLabel;
  results: EvaluatedInstruction[];
  /** With two or more instructions: each after the first against the first (McNemar, or paired permutation with partial scores). */
  comparisons: EvaluateComparison[];
}

/** Score instructions on a split (the reference's evaluate_instructions.py, with every call concurrent). */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  if (options.instructions.length === 0) throw new Error('give at least one instruction to evaluate (the empty string "" is allowed)');
  // The same instruction twice (e.g. -i with one of the --baselines) is scored and listed once: a
  // second copy would only be compared with itself.
  const seen = new Set<string>();
  const instructions = options.instructions.filter((text) => !seen.has(instructionKey(text)) && Boolean(seen.add(instructionKey(text))));
  const split = options.split ?? 'test';
  const loaded = await datasetOf(options);
  const settings = resolveSettings({ ...stripUndefined(options), initialInstructions: instructions }, loaded);
  const prepared = await prepareSplit({ dataset: loaded }, settings);
  const pool = split === 'train' ? prepared.train : split === 'test' ? prepared.test : [...prepared.dataset.pool, ...(prepared.dataset.heldOut ?? [])];
  const examples = options.limit !== undefined ? pool.slice(0, options.limit) : pool;
  if (examples.length === 0) throw new Error(`the ${split} split of ${prepared.dataset.id} is empty`);
  options.onStart?.({ datasetId: prepared.dataset.id, examples: examples.length, instructions: instructions.length });
  const scorer = scorerSettingsFor(options.scorer, prepared.dataset, settings, options.task);
  const results = await Promise.all(
    instructions.map(async (instruction) => {
      const key = instructionKey(instruction);
      const score = await scoreInstruction(scorer, instruction, key, examples, split === 'train' ? 'train' : 'test', (event) => options.onExample?.(event), options.signal);
      return { instruction, key, ...score };
    }),
  );
  return { datasetId: prepared.dataset.id, split, examples: examples.length, gradingMode: settings.gradingMode, ...(options.task ? { metric: taskMetricLabel(options.task) } : {}), results, comparisons: compareWithFirst(results) };
}

function compareWithFirst(results: readonly EvaluatedInstruction[]): EvaluateComparison[] {
  const [first, ...rest] = results;
  if (!first) return [];
  return rest.map((result) => ({
    instruction: result.instruction,
    key: result.key,
    against: first.instruction,
    comparison: comparePairedScores(result.scoreByIndex, first.scoreByIndex),
  }));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
