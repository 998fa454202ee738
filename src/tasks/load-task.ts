/**
 * Reading a task file (YAML or JSON) or a task object, validating it (errors name the key path),
 * and turning it into what a run needs: the prompt template, the position its meta-prompt wording
 * uses, the metric spec, and the dataset with every field of its records.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../config/errors.js';
import { loadDataset, type LoadDatasetOptions } from '../datasets/index.js';
import { exampleFields, type Dataset } from '../datasets/types.js';
import type { MetricSpec } from '../metrics/spec.js';
import type { InstructionPosition } from '../problems/instructions/types.js';
import { positionTemplate, QUESTION_FIELD } from '../prompts/presets.js';
import { allTemplateVariables, INSTRUCTION_VARIABLE, templateProblems, type PromptTemplate } from '../prompts/template.js';
import { taskFileSchema, type TaskFile } from './schema.js';

export class TaskError extends Error {
  constructor(
    message: string,
    /** `key.path: problem` lines. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

export interface ResolvedTask {
  name: string;
  /** Relative paths in the task (dataset, module, rubric, schema) are read from here. */
  baseDir: string;
  file: TaskFile;
  template: PromptTemplate;
  /** True for `prompt: { preset }`: the scorer prompt is exactly the paper's. */
  isPreset: boolean;
  /** The paper position whose meta-prompt wording describes where the instruction goes. */
  position: InstructionPosition;
  includeQA: boolean;
  metric: MetricSpec;
}

/** Validate a task object (from a file or from library code). */
export function parseTask(raw: unknown, where: string, baseDir: string): ResolvedTask {
  const result = taskFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new TaskError(`Invalid task ${where}:\n  ${problems.join('\n  ')}`, problems);
  }
  const file = result.data;
  const prompt = file.prompt;
  let template: PromptTemplate;
  let position: InstructionPosition;
  let includeQA = false;
  if (prompt.preset !== undefined) {
    position = prompt.preset as InstructionPosition;
    includeQA = prompt.includeQA ?? true;
    try {
      template = positionTemplate(position, includeQA);
    } catch (error) {
      throw new TaskError(`Invalid task ${where}:\n  prompt.preset: ${(error as Error).message}`, [`prompt.preset: ${(error as Error).message}`]);
    }
  } else {
    template = prompt.messages !== undefined ? { kind: 'chat', messages: prompt.messages } : { kind: 'text', text: prompt.text ?? '' };
    // The optimizer sees a custom template's exemplars through the template itself (prepare-task.ts);
    // the position still decides how its replies are parsed, and the paper's wording if the task names one.
    position = (prompt.position as InstructionPosition | undefined) ?? 'Q_begin';
  }
  const problems = templateProblems(template).map((problem) => `prompt: ${problem}`);
  if (problems.length > 0) throw new TaskError(`Invalid task ${where}:\n  ${problems.join('\n  ')}`, problems);
  return {
    name: file.name ?? defaultName(where),
    baseDir,
    file,
    template,
    isPreset: prompt.preset !== undefined,
    position,
    includeQA,
    metric: file.metric ?? { type: 'answer' },
  };
}

function defaultName(where: string): string {
  const base = where.split(/[\\/]/).at(-1) ?? where;
  return base.replace(/\.(ya?ml|json)$/i, '') || 'task';
}

/** Read and validate a task file; relative paths inside it are relative to its folder. */
export async function loadTaskFile(path: string, cwd = process.cwd()): Promise<ResolvedTask> {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new TaskError(`Cannot read the task file ${absolute}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = extname(absolute).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new TaskError(`Cannot parse the task file ${absolute}: ${(error as Error).message}`);
  }
  return parseTask(raw, absolute, dirname(absolute));
}

/** The first template variable that is a dataset field: what the meta-prompt shows as the question. */
function defaultInputField(template: PromptTemplate): string {
  return allTemplateVariables(template).find((name) => name !== INSTRUCTION_VARIABLE) ?? QUESTION_FIELD;
}

/** Load the task's dataset with every record field kept, and check the template's variables exist. */
export async function loadTaskDataset(task: ResolvedTask, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const spec = task.file.dataset;
  const needsTarget = metricNeedsTarget(task.metric);
  let dataset: Dataset;
  if (spec.builtin !== undefined) {
    dataset = await loadDataset(spec.builtin, options);
  } else {
    dataset = await loadDataset(resolve(task.baseDir, spec.file as string), {
      ...options,
      ...(spec.format ? { format: spec.format } : {}),
      inputField: spec.input ?? defaultInputField(task.template),
      targetField: spec.target ?? 'target',
      answerType: spec.answerType ?? 'text',
      targetOptional: !needsTarget,
      keepFields: true,
      ...(spec.description ? { taskDescription: spec.description } : {}),
    });
  }
  const examples = [...dataset.pool, ...(dataset.heldOut ?? [])];
  for (const example of examples) {
    const known = Object.keys(exampleFields(example));
    const problems = templateProblems(task.template, known).filter((problem) => problem.includes('not a field'));
    if (problems.length > 0) throw new TaskError(`The task's prompt does not fit ${dataset.source} (example ${example.index + 1}): ${problems[0]}`);
  }
  return dataset;
}

/** Whether a metric reads the gold answer (then every example must have one). */
export function metricNeedsTarget(spec: MetricSpec): boolean {
  switch (spec.type) {
    case 'answer':
    case 'token-f1':
    case 'numeric':
    case 'contains':
    case 'not-contains':
      return !('value' in spec && spec.value !== undefined) && !('field' in spec && spec.field !== undefined);
    case 'json-field':
      return spec.value === undefined && spec.field === undefined;
    case 'weighted':
      return spec.parts.some((part) => metricNeedsTarget(part.metric));
    default:
      return false;
  }
}
