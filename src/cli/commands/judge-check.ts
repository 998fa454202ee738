/**
 * `opro judge-check`: its options and help. The check itself (judge-check-run.ts) loads only when
 * the command runs, so `opro judge-check --help` stays quick.
 */
import type { Command } from 'commander';
import { addModelOptions, type ModelFlags } from '../model-options.js';
import { number, integer } from '../parsers.js';
import { addTaskOptions, type TaskFlags } from '../task-options.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

/** Every option of `opro judge-check`, as commander parses them. */
export interface JudgeCheckFlags extends ModelFlags, TaskFlags {
  minKappa?: number;
  show?: number;
  json?: boolean;
}

export function registerJudgeCheckCommand(program: Command): void {
  const command = program
    .command('judge-check')
    .description(COMMAND_SUMMARIES['judge-check']);
  addTaskOptions(command);
  addModelOptions(command, { scorer: false, optimizer: false });
  command
    .option('--min-kappa <x>', "warn (and exit 1) below this Cohen's kappa (default: the task's judgeCheck.minKappa, else 0.6)", number(-1, 1))
    .option('--show <n>', 'disagreements to print (default 5)', integer(0))
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
The task file's judgeCheck section names a file of outputs a human has labelled (pass/fail, or a
number on the judge's scale) with the same fields as the task's dataset:
  judgeCheck: { file: ./labelled.jsonl, output: reply, label: human, passAt: 4 }
The judge scores each output as it would during optimization (same rubric, temperature 0, cache);
replies it cannot parse are counted apart, never guessed.

Example:
  $ opro judge-check --task examples/support-replies/task.yaml
  $ opro judge-check --task task.yaml --judge openai:gpt-4o-mini`,
    )
    .action(async (given: JudgeCheckFlags) => (await import('./judge-check-run.js')).runJudgeCheckCommand(given));
}
