/** The task-file options (`--task`, `--judge`, `--feedback-examples`): apart so that `--help` loads no task code. */
import type { Command } from 'commander';
import { integer } from './parsers.js';

export function addTaskOptions(command: Command, options: { feedback?: boolean } = {}): Command {
  command
    .option('--task <file>', 'a task file (YAML or JSON): dataset, prompt template (text or chat), metric, models (see examples/)')
    .option('--judge <model>', "the LLM judge's model, provider:model or a config alias (default: the task's models.judge or metric.model)");
  if (options.feedback) {
    command.option('--feedback-examples <n>', 'show the optimizer the n worst-scored examples of the best instruction with their feedback (default 0; never with --preset paper)', integer(0));
  }
  return command;
}

/** The flags every command that takes --task reads. */
export interface TaskFlags {
  task?: string;
  judge?: string;
  scorer?: string;
  optimizer?: string;
  feedbackExamples?: number;
  promptFile?: string;
}
