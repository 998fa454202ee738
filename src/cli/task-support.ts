/**
 * What the CLI commands share for task files (`--task task.yaml`): the options, the task's models
 * as defaults for -s/-o/--judge, the judge role's settings, and what a run records about its task
 * (so `opro runs export --prompt` can write the prompt back out).
 */
import { resolve } from 'node:path';
import { judgeSpecs } from '../metrics/spec.js';
import type { PromptTemplate } from '../prompts/template.js';
import { loadTaskFile, type ResolvedTask } from '../tasks/load-task.js';
import { prepareTask, type PreparedTask } from '../tasks/prepare-task.js';
import type { JudgeSettings, RunModels } from './model-setup.js';
import type { TaskFlags } from './task-options.js';

// The options live apart so that a command's --help loads no task code.
export { addTaskOptions, type TaskFlags } from './task-options.js';

/** `scripted:./x.mjs` in a task file is relative to the task file, like every other path in it. */
function taskRelativeSpec(spec: string | undefined, baseDir: string): string | undefined {
  if (spec === undefined) return undefined;
  const match = /^scripted:(\.{1,2}[\\/].*)$/.exec(spec);
  return match?.[1] ? `scripted:${resolve(baseDir, match[1])}` : spec;
}

export interface CliTask<F extends TaskFlags = TaskFlags> {
  task: ResolvedTask;
  /** The flags with the task's models filled in where no flag names one. */
  flags: F;
  judgeSettings: JudgeSettings;
}

/** Load the task named by --task and merge its models under the flags (flags win). */
export async function loadCliTask<F extends TaskFlags>(flags: F & { task: string }): Promise<CliTask<F>> {
  const task = await loadTaskFile(flags.task);
  const models = task.file.models ?? {};
  const judgeSpec = judgeSpecs(task.metric)[0];
  const judgeRef = flags.judge ?? taskRelativeSpec(judgeSpec?.model, task.baseDir) ?? taskRelativeSpec(models.judge, task.baseDir);
  if (judgeSpec && judgeRef === undefined) {
    throw new Error(`the task ${task.name} is scored by an LLM judge: name its model with --judge <model>, models.judge or metric.model`);
  }
  const merged: F = {
    ...flags,
    ...(flags.scorer === undefined && models.scorer ? { scorer: taskRelativeSpec(models.scorer, task.baseDir) } : {}),
    ...(flags.optimizer === undefined && models.optimizer ? { optimizer: taskRelativeSpec(models.optimizer, task.baseDir) } : {}),
    ...(judgeSpec && judgeRef ? { judge: judgeRef } : {}),
  };
  if (!judgeSpec) delete merged.judge;
  const judge = task.file.judge ?? {};
  return {
    task,
    flags: merged,
    judgeSettings: { ...(judge.concurrency !== undefined ? { concurrency: judge.concurrency } : {}), ...(judge.budgetShare !== undefined ? { budgetShare: judge.budgetShare } : {}) },
  };
}

export async function prepareCliTask(cli: CliTask, models: RunModels): Promise<PreparedTask> {
  return prepareTask(cli.task, models.judge ? { judge: models.judge } : {});
}

/** What a run records about its task: enough to export the winning prompt as a ready template. */
export interface RecordedTask {
  name: string;
  file: string | null;
  template: PromptTemplate;
  isPreset: boolean;
  /** The metric's name (`judge`, `weighted(judge, max-length)`): what score labels are named after. */
  metric: string;
  /** The metric in a few words (`judge (rubric.md, scale 1-5) 0.8 + max-length 80 words 0.2`): headers and the export card. */
  metricDescription: string;
  judge: string | null;
}

export function recordedTask(cli: CliTask<TaskFlags>, prepared: PreparedTask, models: RunModels): RecordedTask {
  return {
    name: prepared.task.name,
    file: cli.flags.task ? resolve(cli.flags.task) : null,
    template: prepared.task.template,
    isPreset: prepared.task.isPreset,
    metric: prepared.scoring.metric.name,
    metricDescription: prepared.scoring.label?.description ?? prepared.scoring.metric.name,
    judge: models.judge?.spec ?? null,
  };
}
