/**
 * opro's public library entry: `import { optimize, evaluate, gradeAnswer } from 'opro'`.
 */
export { optimize, type OptimizeOptions, type OptimizeResult, type OptimizeEvent, type RankedInstruction, type InstructionTestEvaluatedEvent } from './optimize/optimize.js';
export { evaluate, PAPER_BASELINE_INSTRUCTIONS, type EvaluateOptions, type EvaluateResult, type EvaluatedInstruction } from './optimize/evaluate.js';
export { DEFAULT_SETTINGS, PRESETS, presetSettings, resolveSettings, SettingsError, type InstructionSettings, type PresetName } from './optimize/settings.js';

export { runOptimization, type EngineOptions, type EngineResult } from './engine/run.js';
export type { EngineEvent, RunStatus, ReplyDisposition } from './engine/events.js';
export type { Problem, HistoryEntry, Evaluation, EvaluateContext, MetaPrompt, ParseResult, Direction } from './engine/problem.js';
export type { ProblemEvent, ExampleEvaluatedEvent, TestEvaluatedEvent, CustomProblemEvent } from './engine/problem-events.js';
export { rankEntries, bestEntry } from './engine/ranking.js';

export { gradeAnswer, type GradingMode } from './problems/instructions/grading/index.js';
export { renderInstructionMetaPrompt } from './problems/instructions/meta-prompt.js';
export { buildScorerPrompt, validatePosition } from './problems/instructions/scorer-prompt.js';
export { parseCandidate, polishInstruction, instructionKey, rejectReason } from './problems/instructions/candidates.js';
export { InstructionProblem, type InstructionProblemOptions } from './problems/instructions/problem.js';
export type { ExampleGradedEvent } from './problems/instructions/events.js';
export type { MetaPromptStyle, InstructionPosition, ScoredInstruction, MetaPromptExemplar, InstructionMetaPromptOptions } from './problems/instructions/types.js';

export { loadDataset, makeSplit, listBuiltinDatasets, type LoadDatasetOptions } from './datasets/index.js';
export type { Dataset, DatasetExample, AnswerType } from './datasets/types.js';

export type { LanguageModel, GenerateRequest, CallOutcome, CallError, CallErrorKind, TokenUsage } from './models/types.js';

export { defineProblem } from './problems/custom.js';
export { resolveModel, parseModelSpec, KNOWN_PROVIDERS, DEFAULT_EMBEDDED_MODEL } from './models/resolve.js';
export { createScriptedModel } from './models/scripted.js';
export { createModel, type CreateModelOptions } from './models/create-model.js';
export { buildModelStack } from './models/stack.js';
export { Budget, UsageMeter } from './models/wrappers/index.js';
export { SqliteCallCache } from './models/cache/sqlite-call-cache.js';
export { linearRegressionProblem, runLinearRegressionExperiment, PAPER_LINREG_SETTINGS, formatLinregTable } from './problems/linear-regression/index.js';
export { tspProblem, runTspExperiment, PAPER_TSP_SIZES, formatTspTable } from './problems/tsp/index.js';
export { RunStore } from './store/index.js';
export { optimizeRepeated, type RepeatedResult } from './optimize/repeats.js';
export { wilsonInterval, wilsonIntervalOfMean, mcnemarTest, comparePaired, comparePairedScores, pairedPermutationTest, meanDifferenceInterval, formatAccuracy, formatComparison } from './stats/index.js';

// Task files (your own prompt template, metric and LLM judge): the same object as `opro optimize --task`.
export { optimizeTask, evaluateTask, type OptimizeTaskOptions, type EvaluateTaskOptions, type TaskRunResult } from './tasks/run-task.js';
export { parseTask, loadTaskFile, TaskError, type ResolvedTask } from './tasks/load-task.js';
export { judgeCheck, formatJudgeCheck, type JudgeCheckOptions, type JudgeCheckResult } from './tasks/judge-check.js';
export { renderPrompt, type PromptTemplate, type RenderedPrompt } from './prompts/template.js';
export { buildMetric } from './metrics/build.js';
export { createModuleScriptedModel } from './models/scripted.js';
export { cohensKappa, agreement, type Agreement, type AgreementPair } from './stats/kappa.js';
export type { Metric, MetricResult, MetricExample } from './metrics/types.js';
