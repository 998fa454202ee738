/**
 * Task files in the library: `optimizeTask({ task: 'task.yaml', scorer, optimizer, judge })` and
 * `evaluateTask(...)` take a task (a path, the task object, or one already resolved) and run the
 * OPRO loop or a scoring pass with its prompt template and metric. Explicit options override the
 * task's `optimize:` settings.
 */
import type { LanguageModel } from '../models/types.js';
import { evaluate, type EvaluateOptions, type EvaluateResult } from '../optimize/evaluate.js';
import { optimize, type OptimizeOptions, type OptimizeResult } from '../optimize/optimize.js';
import { prepareTask, type PreparedTask, type TaskInput } from './prepare-task.js';
import type { ResolvedTask } from './load-task.js';

export interface OptimizeTaskOptions extends Omit<OptimizeOptions, 'dataset' | 'task'> {
  task: TaskInput;
  /** The judge model, for a metric with an LLM judge. */
  judge?: LanguageModel;
  /** Where a task path and the task's relative paths are read from (default: the working folder). */
  cwd?: string;
}

export interface TaskRunResult {
  task: ResolvedTask;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function prepared(options: { task: TaskInput; judge?: LanguageModel; cwd?: string; datasetOptions?: OptimizeOptions['datasetOptions'] }): Promise<PreparedTask> {
  return prepareTask(options.task, {
    ...(options.judge ? { judge: options.judge } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.datasetOptions ? { datasetOptions: options.datasetOptions } : {}),
  });
}

export async function optimizeTask(options: OptimizeTaskOptions): Promise<OptimizeResult & TaskRunResult> {
  const ready = await prepared(options);
  const { task: _task, judge: _judge, cwd: _cwd, ...explicit } = options;
  const result = await optimize({
    ...ready.settings,
    ...(ready.preset ? { preset: ready.preset } : {}),
    ...(ready.trainLimit !== undefined ? { trainLimit: ready.trainLimit } : {}),
    ...(ready.testLimit !== undefined ? { testLimit: ready.testLimit } : {}),
    ...(ready.feedbackExamples > 0 ? { feedbackExamples: ready.feedbackExamples } : {}),
    ...definedOnly(explicit),
    scorer: options.scorer,
    optimizer: options.optimizer,
    dataset: ready.dataset,
    task: ready.scoring,
  });
  return { ...result, task: ready.task };
}

export interface EvaluateTaskOptions extends Omit<EvaluateOptions, 'dataset' | 'task'> {
  task: TaskInput;
  judge?: LanguageModel;
  cwd?: string;
}

/** Score instructions through the task's template and metric (the exported prompt's round trip). */
export async function evaluateTask(options: EvaluateTaskOptions): Promise<EvaluateResult & TaskRunResult> {
  const ready = await prepared(options);
  const { task: _task, judge: _judge, cwd: _cwd, ...explicit } = options;
  const s = ready.settings;
  const result = await evaluate({
    ...(s.position !== undefined ? { position: s.position } : {}),
    ...(s.includeQA !== undefined ? { includeQA: s.includeQA } : {}),
    ...(s.scorerTemperature !== undefined ? { scorerTemperature: s.scorerTemperature } : {}),
    ...(s.scorerMaxTokens !== undefined ? { scorerMaxTokens: s.scorerMaxTokens } : {}),
    ...(s.trainRatio !== undefined ? { trainRatio: s.trainRatio } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...definedOnly(explicit),
    scorer: options.scorer,
    instructions: options.instructions,
    dataset: ready.dataset,
    task: ready.scoring,
  });
  return { ...result, task: ready.task };
}
