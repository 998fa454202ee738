/**
 * Everything a run needs from a task, ready: the dataset with its fields, the template and metric as
 * scorer settings, and the task's `optimize:` settings as overrides of the run's defaults.
 */
import { exampleFields, type Dataset } from '../datasets/types.js';
import type { LoadDatasetOptions } from '../datasets/index.js';
import { buildJudgeOptions, buildMetric } from '../metrics/build.js';
import { metricLabel } from '../metrics/describe.js';
import type { JudgeOptions } from '../metrics/judge.js';
import { judgeSpecs, type JudgeMetricSpec, type MetricSpec } from '../metrics/spec.js';
import type { LanguageModel } from '../models/types.js';
import type { TaskScoring } from '../problems/instructions/scoring.js';
import type { InstructionSettings, PresetName } from '../optimize/settings.js';
import { allTemplateVariables, INSTRUCTION_VARIABLE } from '../prompts/template.js';
import { loadTaskDataset, loadTaskFile, parseTask, type ResolvedTask } from './load-task.js';

/** A task as the library takes it: a path to a task file, the task object itself, or one already resolved. */
export type TaskInput = string | ResolvedTask | Record<string, unknown>;

export interface PreparedTask {
  task: ResolvedTask;
  dataset: Dataset;
  scoring: TaskScoring;
  /** The task's `optimize:` keys as run settings (explicit options still override them). */
  settings: Partial<InstructionSettings>;
  preset?: PresetName;
  trainLimit?: number;
  testLimit?: number;
  /** Show the optimizer this many worst-scored examples with feedback (0 = off). */
  feedbackExamples: number;
  /** Every judge of the metric tree, with its model (what a dry run counts and prices; empty without a judge). */
  judges: JudgeOptions[];
  /** Parts of the metric tree that are not judges. */
  otherMetricParts: number;
}

/** Leaves of a metric tree that are not judges. */
function nonJudgeParts(spec: MetricSpec): number {
  if (spec.type === 'weighted') return spec.parts.reduce((sum, part) => sum + nonJudgeParts(part.metric), 0);
  return spec.type === 'judge' ? 0 : 1;
}

function isResolved(input: TaskInput): input is ResolvedTask {
  return typeof input === 'object' && 'template' in input && 'file' in input && 'baseDir' in input;
}

export async function resolveTaskInput(input: TaskInput, cwd = process.cwd()): Promise<ResolvedTask> {
  if (typeof input === 'string') return loadTaskFile(input, cwd);
  if (isResolved(input)) return input;
  return parseTask(input, '(task object)', cwd);
}

/** The judge's default view of the input: every field the prompt uses, one per line. */
export function judgeInputTemplate(task: ResolvedTask): string {
  const fields = allTemplateVariables(task.template).filter((name) => name !== INSTRUCTION_VARIABLE);
  if (fields.length === 1) return `{{${fields[0]}}}`;
  return fields.map((name) => `${name}: {{${name}}}`).join('\n');
}

/**
 * Whether the optimizer sees exemplars through the task's own template: yes for a `text:` or
 * `messages:` prompt, unless the task names a `prompt.position` to keep the paper's wording.
 */
export function showsTemplate(task: ResolvedTask): boolean {
  return !task.isPreset && task.file.prompt.position === undefined;
}

export interface PrepareTaskOptions {
  /** The judge model for judge metrics (a third model role); required when the metric has a judge. */
  judge?: LanguageModel | ((spec: JudgeMetricSpec) => LanguageModel);
  datasetOptions?: LoadDatasetOptions;
  cwd?: string;
}

export async function prepareTask(input: TaskInput, options: PrepareTaskOptions = {}): Promise<PreparedTask> {
  const task = await resolveTaskInput(input, options.cwd);
  const dataset = await loadTaskDataset(task, options.datasetOptions ?? {});
  const judge = options.judge;
  const context = {
    baseDir: task.baseDir,
    answerType: task.file.dataset.answerType ?? dataset.answerType,
    multipleChoice: dataset.multipleChoice,
    gradingMode: 'fixed' as const,
    judgeInput: judgeInputTemplate(task),
    ...(judge ? { judgeModel: typeof judge === 'function' ? judge : () => judge } : {}),
  };
  const metric = await buildMetric(task.metric, context);
  const judges = await Promise.all(judgeSpecs(task.metric).map((spec) => buildJudgeOptions(spec, context)));
  const o = task.file.optimize ?? {};
  const settings: Partial<InstructionSettings> = {
    position: task.position,
    includeQA: task.includeQA,
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(o.candidatesPerStep !== undefined ? { candidatesPerStep: o.candidatesPerStep } : {}),
    ...(o.style !== undefined ? { style: o.style as InstructionSettings['style'] } : {}),
    ...(o.initialInstructions !== undefined ? { initialInstructions: o.initialInstructions } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.trainRatio !== undefined ? { trainRatio: o.trainRatio } : {}),
    ...(o.evalTop !== undefined ? { evalTop: o.evalTop } : {}),
    ...(o.exemplarCount !== undefined ? { exemplarCount: o.exemplarCount } : {}),
    ...(o.scorerTemperature !== undefined ? { scorerTemperature: o.scorerTemperature } : {}),
    ...(o.scorerMaxTokens !== undefined ? { scorerMaxTokens: o.scorerMaxTokens } : {}),
    ...(o.optimizerTemperature !== undefined ? { optimizerTemperature: o.optimizerTemperature } : {}),
    ...(o.maxInstructionLength !== undefined ? { maxInstructionLength: o.maxInstructionLength } : {}),
    ...(o.racing !== undefined ? { racing: o.racing } : {}),
  };
  return {
    task,
    dataset,
    scoring: { template: task.template, metric, label: metricLabel(task.metric), ...(showsTemplate(task) ? { metaPrompt: { ...(task.file.description ? { description: task.file.description } : {}) } } : {}) },
    settings,
    ...(o.preset ? { preset: o.preset } : {}),
    ...(o.trainLimit !== undefined ? { trainLimit: o.trainLimit } : {}),
    ...(o.testLimit !== undefined ? { testLimit: o.testLimit } : {}),
    feedbackExamples: o.preset === 'paper' ? 0 : (o.feedbackExamples ?? 0),
    judges,
    otherMetricParts: nonJudgeParts(task.metric),
  };
}

/** The fields of an example as a metric or an exported card shows them. */
export { exampleFields };
