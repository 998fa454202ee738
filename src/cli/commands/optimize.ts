/**
 * `opro optimize`: its options and help. The run itself (optimize-run.ts) loads only when the
 * command runs, so `opro optimize --help` stays quick.
 */
import type { Command } from 'commander';
import { DEFAULT_STORE_PATH } from '../../store/default-path.js';
import {
  addDatasetOptions, addOptimizerOptions, addScorerPromptOptions, type DatasetFlags, type OptimizerFlags, type ScorerPromptFlags,
} from '../instruction-options.js';
import { addModelOptions, type ModelFlags } from '../model-options.js';
import { integer } from '../parsers.js';
import { addTaskOptions, type TaskFlags } from '../task-options.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

/** Every option of `opro optimize`, as commander parses them (and as a run stores them for its resume). */
export interface OptimizeFlags extends ModelFlags, DatasetFlags, ScorerPromptFlags, OptimizerFlags, TaskFlags {
  store?: string;
  resume?: string;
  dryRun?: boolean;
  compareBaselines?: boolean;
  repeats?: number;
  json?: boolean;
  quiet?: boolean;
}

export function registerOptimizeCommand(program: Command): void {
  const command = program
    .command('optimize')
    .description(COMMAND_SUMMARIES.optimize);
  addDatasetOptions(command);
  addModelOptions(command);
  addOptimizerOptions(command);
  addScorerPromptOptions(command);
  addTaskOptions(command, { feedback: true });
  command
    .option('--store <path>', `run store (default ${DEFAULT_STORE_PATH})`)
    .option('--resume <run-id>', 'continue a run that stopped (crash, Ctrl-C, budget): finished calls come from the cache, nothing is paid twice')
    .option('--dry-run', 'print the most calls each model can get and the cost (typical, and at most: every call at the budget\'s reservation), then stop (no model is called)')
    .option('--compare-baselines', "also measure the paper's baselines on held-out data and test the winner against them (McNemar)")
    .option('--repeats <k>', 'run k independent seeds (seed, seed+1, ...), each its own run, and report mean ± std of the winner (caps hold for all k)', integer(1))
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .addHelpText(
      'after',
      `
Each step asks the optimizer N times (--candidates) with a meta-prompt of the best instructions so far
and a few task exemplars, scores every new instruction on the training subset, and keeps going for
--steps. At the end the best instructions are measured on held-out data (GSM8K test, the rest of a BBH task).
Defaults follow the reference code where it is not broken; --preset paper reproduces the paper's setting,
--preset reference what the reference code itself would do (every quirk included). Every run is recorded
in the store (opro runs) and can be resumed after a crash or Ctrl-C with --resume <run-id>.

Examples:
  $ opro optimize -d gsm8k --steps 3 --train-limit 20
  $ opro optimize -d bbh/sports_understanding -s openai:gpt-4o-mini -o openai:gpt-4o --steps 20 --budget 2
  $ opro optimize -d my.jsonl --input-field q --target-field a --answer-type number -s ollama:llama3.2
  $ opro optimize --task examples/ticket-classification/task.yaml
  $ opro optimize --task task.yaml -s openai:gpt-4o-mini -o openai:gpt-4o --judge openai:gpt-4o-mini --budget 5
  $ opro optimize --resume r-20261123-1a2b3c

With --task, the task file gives the dataset, the prompt template (text or chat messages with
{{instruction}} and {{field}} variables), the metric (answer grading, checks, your own JS function,
an LLM judge with a rubric, or a weighted mix) and default models; flags still override.

--dry-run (and the plan line printed before a run) gives, per model (scorer, optimizer, and a task's
judge), the most calls the run can make: extra draws, --extract-final-answer's second call and the
held-out top, initial and baseline instructions included. Its cost has a typical figure and an
"at most" figure: every call at the reservation --budget makes for it (one prompt token per UTF-8
byte, every answer at its token limit), with model replies read again counted at 8 bytes per token.`,
    )
    .action(async (given: OptimizeFlags, cmd: Command) => (await import('./optimize-run.js')).runOptimizeCommand(given, cmd));
}

