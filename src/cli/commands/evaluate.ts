/**
 * `opro evaluate`: its options and help. The scoring itself (evaluate-run.ts) loads only when the
 * command runs, so `opro evaluate --help` stays quick.
 */
import type { Command } from 'commander';
import type { EvaluateSplitName } from '../../optimize/evaluate.js';
import { PAPER_BASELINE_INSTRUCTIONS } from '../../optimize/baseline-instructions.js';
import { addDatasetOptions, addScorerPromptOptions, type DatasetFlags, type ScorerPromptFlags } from '../instruction-options.js';
import { addModelOptions, type ModelFlags } from '../model-options.js';
import { collect, integer, oneOf } from '../parsers.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';
import { addTaskOptions, type TaskFlags } from '../task-options.js';

const SPLITS: readonly EvaluateSplitName[] = ['test', 'train', 'all'];

/** Every option of `opro evaluate`, as commander parses them. */
export interface EvaluateFlags extends ModelFlags, DatasetFlags, ScorerPromptFlags, TaskFlags {
  instruction?: string[];
  baselines?: boolean;
  split: EvaluateSplitName;
  limit?: number;
  json?: boolean;
  quiet?: boolean;
}

export function registerEvaluateCommand(program: Command): void {
  const command = program
    .command('evaluate')
    .description(COMMAND_SUMMARIES.evaluate);
  addDatasetOptions(command);
  addModelOptions(command, { optimizer: false });
  addScorerPromptOptions(command);
  addTaskOptions(command);
  command
    .option('-i, --instruction <text>', 'an instruction to score, repeatable; "" is the empty instruction', collect)
    .option('--prompt-file <file>', 'with --task: score this exported prompt (opro runs export --prompt) as it is, in place of the task\'s template')
    .option('--baselines', `also score the reference's baselines: ${PAPER_BASELINE_INSTRUCTIONS.map((s) => JSON.stringify(s)).join(', ')}`)
    .option('--split <split>', 'test (held-out, default), train (the training subset), or all', oneOf(SPLITS), 'test')
    .option('--limit <n>', 'score only the first n examples of the split', integer(1))
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .addHelpText(
      'after',
      `
Examples:
  $ opro evaluate -d gsm8k --baselines --limit 100
  $ opro evaluate -d bbh/navigate -s openai:gpt-4o-mini -i "Let's think step by step." --grading reference
  $ opro evaluate --task examples/ticket-classification/task.yaml --split all -i "Reply with only the label."`,
    )
    .action(async (given: EvaluateFlags) => (await import('./evaluate-run.js')).runEvaluateCommand(given));
}
