import type { Command } from 'commander';
import { formatJudgeCheck, judgeCheck } from '../../tasks/judge-check.js';
import { addModelOptions, setupModels, type ModelFlags } from '../model-setup.js';
import { number, integer } from '../parsers.js';
import { toJson } from '../report.js';
import { addTaskOptions, loadCliTask, type TaskFlags } from '../task-support.js';
import { interruptSignal } from '../interrupt.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

/** Every option of `opro judge-check`, as commander parses them. */
interface JudgeCheckFlags extends ModelFlags, TaskFlags {
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
    .action(async (given: JudgeCheckFlags) => {
      if (!given.task) throw new Error('say which task to check: --task task.yaml (its judgeCheck section names the labelled outputs)');
      const cli = await loadCliTask({ ...given, task: given.task });
      const models = await setupModels(cli.flags, { scorer: false, optimizer: false }, 'run', cli.judgeSettings);
      const interrupt = interruptSignal();
      try {
        if (!models.judge) throw new Error(`the task ${cli.task.name} has no LLM judge to check`);
        const result = await judgeCheck({
          task: cli.task,
          judge: models.judge,
          ...(given.minKappa !== undefined ? { minKappa: given.minKappa } : {}),
          ...(given.show !== undefined ? { show: given.show } : {}),
          signal: interrupt.signal,
        });
        if (given.json) process.stdout.write(`${toJson({ ...result, usage: models.usage() })}\n`);
        else process.stdout.write(`${formatJudgeCheck(result)}\n${models.formatUsage()}\n`);
        if (result.warning) process.exitCode = 1;
      } finally {
        interrupt.dispose();
        await models.close();
      }
    });
}
