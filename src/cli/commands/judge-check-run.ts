/** What `opro judge-check` does once its flags are parsed (the options and help are in judge-check.ts). */
import type { JudgeCheckFlags } from './judge-check.js';
import { formatJudgeCheck, judgeCheck } from '../../tasks/judge-check.js';
import { setupModels } from '../model-setup.js';
import { toJson } from '../report.js';
import { loadCliTask } from '../task-support.js';
import { interruptSignal } from '../interrupt.js';

export async function runJudgeCheckCommand(given: JudgeCheckFlags): Promise<void> {
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
}
