import { subsampleStream } from '../util/random.js';
import { loadDataset, makeSplit, type LoadDatasetOptions } from '../datasets/index.js';
import type { Dataset, DatasetExample } from '../datasets/types.js';
import type { EngineEvent, RunStatus } from '../engine/events.js';
import type { HistoryEntry } from '../engine/problem.js';
import type { TestEvaluatedEvent } from '../engine/problem-events.js';
import { toExampleEvaluated } from '../problems/instructions/example-result.js';
import { runOptimization } from '../engine/run.js';
import type { LanguageModel } from '../models/types.js';
import { InstructionProblem } from '../problems/instructions/problem.js';
import type { SplitDraws } from '../problems/instructions/exemplars-global-random.js';
import type { InstructionScore, TaskScoring } from '../problems/instructions/scoring.js';
import { instructionKey } from '../problems/instructions/candidates.js';
import { EXAMPLES_SEEN_STAT, fullEvaluationsFirst, isPartialEntry } from '../problems/instructions/partial.js';
import { resolveSettings, type InstructionSettings, type PresetName } from './settings.js';
import { scorerSettingsFor } from './scorer-settings.js';
import { taskMetricLabel, type MetricLabel } from '../metrics/describe.js';
import { measureHeldOut, PAPER_BASELINE_INSTRUCTIONS, type HeldOutComparison, type HeldOutReference } from './held-out.js';

/** Held-out accuracy of one instruction, reported at the end of a run: the generic event plus the instruction's counts. */
export interface InstructionTestEvaluatedEvent extends TestEvaluatedEvent {
  instruction: string;
  answered: number;
  failed: number;
}

/** The data a run actually uses, known once the dataset is loaded: what a reproducible record needs. */
export interface SplitEvent {
  type: 'split';
  datasetId: string;
  contentHash: string;
  train: number;
  test: number;
  trainIndices: number[];
  settings: InstructionSettings;
}

export type OptimizeEvent = EngineEvent<string> | SplitEvent | { type: 'test-started'; instructions: number; examples: number };

export interface OptimizeOptions extends Partial<InstructionSettings> {
  /** A built-in name (`gsm8k`, `bbh/navigate`, ...), a path to the user's JSONL/CSV/JSON file, or a loaded Dataset. */
  dataset: string | Dataset;
  datasetOptions?: LoadDatasetOptions;
  scorer: LanguageModel;
  optimizer: LanguageModel;
  preset?: PresetName;
  /** Cap the training subset (seeded subsample) for quick, cheap runs. */
  trainLimit?: number;
  /** Cap the held-out examples used at the end. */
  testLimit?: number;
  /** Also measure the paper's baselines on held-out data and compare the winner with them. */
  compareBaselines?: boolean;
  /** A task's prompt template and metric (see `optimizeTask` for task files); absent: the paper's prompt and answer grading. */
  task?: TaskScoring;
  /** Show the optimizer this many worst-scored examples of the best instruction with their feedback (default 0 = off). */
  feedbackExamples?: number;
  signal?: AbortSignal;
  onEvent?: (event: OptimizeEvent) => void;
  shouldStop?: () => { status: RunStatus; reason: string } | null;
}

export interface RankedInstruction {
  instruction: string;
  key: string;
  step: number;
  trainScore: number;
  trainAnswered: number;
  test: InstructionScore | null;
  /** Racing dropped it early: trainScore is over `examplesSeen` examples only, and it ranks after every full evaluation. */
  partial?: true;
  examplesSeen?: number;
}

export interface OptimizeResult {
  status: RunStatus;
  reason: string;
  datasetId: string;
  contentHash: string;
  trainIndices: number[];
  testSize: number;
  settings: InstructionSettings;
  /** With a task: what its metric is (report headers; "accuracy" or "score"); absent: the paper's answer grading. */
  metric?: MetricLabel;
  /** Best first; the first `evalTop` carry their held-out accuracy. */
  ranked: RankedInstruction[];
  /** The initial instructions (and, with compareBaselines, the paper's baselines) measured on held-out data. */
  references: HeldOutReference[];
  /** The winner against each reference, paired over the held-out examples both answered. */
  comparisons: HeldOutComparison[];
  history: HistoryEntry<string>[];
  stepsCompleted: number;
  optimizerCalls: number;
  replyCounts: Record<string, number>;
}

/** A seeded, order-preserving subsample: the same limit and seed always give the same examples. */
function limitExamples(examples: DatasetExample[], limit: number | undefined, seed: number): DatasetExample[] {
  if (limit === undefined || limit >= examples.length) return examples;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`example limit must be a positive integer, got ${limit}`);
  const next = subsampleStream(seed);
  const order = examples.map((_, i) => ({ i, r: next() })).sort((a, b) => a.r - b.r).slice(0, limit).map((x) => x.i).sort((a, b) => a - b);
  return order.map((i) => examples[i] as DatasetExample);
}

/** The options' dataset, loaded when it is given by name or path. */
export async function datasetOf(options: Pick<OptimizeOptions, 'dataset' | 'datasetOptions'>): Promise<Dataset> {
  return typeof options.dataset === 'string' ? loadDataset(options.dataset, options.datasetOptions ?? {}) : options.dataset;
}

/** Load the dataset and pick the training subset and held-out examples, as the run will use them. */
export async function prepareSplit(options: Pick<OptimizeOptions, 'dataset' | 'datasetOptions' | 'trainLimit' | 'testLimit'>, settings: Pick<InstructionSettings, 'trainRatio' | 'seed' | 'paperTrainIndices'>) {
  const dataset = await datasetOf(options);
  // The paper's indices fix the subset, so a ratio or seed would contradict them.
  const split = settings.paperTrainIndices
    ? makeSplit(dataset, { preset: 'paper' })
    : makeSplit(dataset, { ...(settings.trainRatio !== null ? { trainRatio: settings.trainRatio } : {}), seed: settings.seed });
  const train = limitExamples(split.train, options.trainLimit, settings.seed);
  const test = limitExamples(split.test, options.testLimit, settings.seed + 1);
  if (train.length === 0) throw new Error(`the training subset of ${dataset.id} is empty; raise --train-ratio`);
  // What the reference's numpy stream went through for this split (the paper's indices are its seed-0 draw).
  const splitDraws: SplitDraws = { seed: settings.paperTrainIndices ? 0 : settings.seed, poolSize: dataset.pool.length, trainSize: split.trainIndices.length };
  return { dataset, train, test, splitDraws };
}

/**
 * Optimize the instruction for a scorer on a dataset (the paper's main application): the OPRO loop
 * on the training subset, then the best instructions measured on held-out data.
 */
export async function optimize(options: OptimizeOptions): Promise<OptimizeResult> {
  // Settings are resolved once, against the loaded dataset (a preset depends on its id).
  const loaded = await datasetOf(options);
  const settings = resolveSettings(options, loaded, options.preset);
  const { dataset, train, test, splitDraws } = await prepareSplit({ ...options, dataset: loaded }, settings);
  const emit = (event: OptimizeEvent): void => options.onEvent?.(event);
  emit({
    type: 'split',
    datasetId: dataset.id,
    contentHash: dataset.contentHash,
    train: train.length,
    test: settings.evalSplit === 'test' ? test.length : 0,
    trainIndices: train.map((example) => example.index),
    settings,
  });

  const problem = new InstructionProblem({
    dataset,
    train,
    scorer: options.scorer,
    style: settings.style,
    position: settings.position,
    includeQA: settings.includeQA,
    scoreThreshold: settings.scoreThreshold,
    maxInstructions: settings.maxInstructions,
    scoreBuckets: settings.scoreBuckets,
    instructionsBeforeExemplars: settings.instructionsBeforeExemplars,
    exemplarCount: settings.exemplarCount,
    exemplarSelection: settings.exemplarSelection,
    initialInstructions: settings.initialInstructions,
    gradingMode: settings.gradingMode,
    extractFinalAnswer: settings.extractFinalAnswer,
    scorerTemperature: settings.scorerTemperature,
    scorerMaxTokens: settings.scorerMaxTokens,
    maxInstructionLength: settings.maxInstructionLength,
    forbidDigits: settings.forbidDigits ?? dataset.forbidDigitsInInstructions,
    referenceQuirks: settings.referenceQuirks,
    ...(options.task ? { task: options.task } : {}),
    ...(options.feedbackExamples ? { feedbackExamples: options.feedbackExamples } : {}),
    racing: settings.racing
      ? { confidence: settings.racingConfidence, firstRound: settings.racingFirstRound, seed: settings.seed, protectTop: Math.max(1, settings.evalTop) }
      : null,
    splitDraws,
  });

  const result = await runOptimization({
    problem,
    optimizer: options.optimizer,
    steps: settings.steps,
    candidatesPerStep: settings.candidatesPerStep,
    optimizerTemperature: settings.optimizerTemperature,
    optimizerMaxTokens: settings.optimizerMaxTokens,
    maxExtraDrawsPerStep: settings.maxExtraDraws,
    dedupAgainstInitial: settings.dedupAgainstInitial,
    seed: settings.seed,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
  });

  const ranked: RankedInstruction[] = fullEvaluationsFirst(result.ranked).map((entry) => ({
    instruction: entry.solution,
    key: entry.key,
    step: entry.step,
    trainScore: entry.score,
    trainAnswered: entry.stats?.answered ?? train.length,
    test: null,
    ...(isPartialEntry(entry) ? { partial: true as const, examplesSeen: entry.stats?.[EXAMPLES_SEEN_STAT] ?? 0 } : {}),
  }));

  let status = result.status;
  let reason = result.reason;
  const stoppedEarly = status === 'interrupted' || status === 'budget' || status === 'failed';
  let heldOut: { references: HeldOutReference[]; comparisons: HeldOutComparison[] } = { references: [], comparisons: [] };
  if (settings.evalSplit === 'test' && test.length > 0 && !stoppedEarly && settings.evalTop > 0 && !options.signal?.aborted) {
    const step = result.stepsCompleted;
    heldOut = await measureHeldOut({
      scorer: scorerSettingsFor(options.scorer, dataset, settings, options.task),
      examples: test,
      top: ranked.slice(0, settings.evalTop),
      // Where the run started, so the report can say whether the winner really beat it.
      initial: settings.initialInstructions,
      baselines: options.compareBaselines ? PAPER_BASELINE_INSTRUCTIONS : [],
      ...(options.signal ? { signal: options.signal } : {}),
      onStart: (instructions) => emit({ type: 'test-started', instructions, examples: test.length }),
      onExample: (event) => emit({ type: 'problem', step, event: toExampleEvaluated(event) }),
      onScored: (instruction, key, score) => {
        // n is what the accuracy is over (answered calls). The store cannot record a null score; its example rows show why.
        // A score over calls a cap or Ctrl-C cancelled is not a held-out accuracy: it is not recorded.
        if (score.score === null || score.cutShort) return;
        const done: InstructionTestEvaluatedEvent = { type: 'test-evaluated', key, instruction, score: score.score, n: score.answered, answered: score.answered, failed: score.failed };
        emit({ type: 'problem', step, event: done });
      },
    });
  }

  // Ctrl-C or a cap during the held-out measurement: its figures would be over cancelled calls.
  const cutShort = [...heldOut.references.map((r) => r.test), ...ranked.map((r) => r.test)].find((score) => score?.cutShort);
  if (cutShort || (status === 'completed' && options.signal?.aborted)) {
    const interrupted = Boolean(options.signal?.aborted) || (cutShort?.failuresByKind.aborted ?? 0) > 0;
    status = interrupted ? 'interrupted' : 'budget';
    reason = interrupted
      ? 'interrupted by the user during the held-out evaluation'
      : `${options.shouldStop?.()?.reason ?? 'a hard cap was reached'} (during the held-out evaluation)`;
    heldOut = { references: [], comparisons: [] };
    for (const entry of ranked) entry.test = null;
  }

  return {
    status,
    reason,
    datasetId: dataset.id,
    contentHash: dataset.contentHash,
    trainIndices: train.map((example) => example.index),
    testSize: test.length,
    settings,
    ...(options.task ? { metric: taskMetricLabel(options.task) } : {}),
    ranked,
    references: heldOut.references,
    comparisons: heldOut.comparisons,
    history: result.history,
    stepsCompleted: result.stepsCompleted,
    optimizerCalls: result.optimizerCalls,
    replyCounts: result.replyCounts,
  };
}

export { instructionKey };
