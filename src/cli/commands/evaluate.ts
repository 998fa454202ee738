import type { Command } from 'commander';
import { evaluate, PAPER_BASELINE_INSTRUCTIONS, type EvaluateSplitName } from '../../optimize/evaluate.js';
import { addDatasetOptions, addScorerPromptOptions, settingsFromFlags, type DatasetFlags, type ScorerPromptFlags } from '../instruction-options.js';
import { addModelOptions, setupModels, type ModelFlags } from '../model-setup.js';
import { collect, integer, oneOf } from '../parsers.js';
import { ProgressReporter } from '../progress.js';
import { formatEvaluateReport, toJson } from '../report.js';
import { datasetOptionsFromFlags } from '../dataset-flags.js';
import { interruptSignal } from '../interrupt.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

const SPLITS: readonly EvaluateSplitName[] = ['test', 'train', 'all'];

/** Every option of `opro evaluate`, as commander parses them. */
interface EvaluateFlags extends ModelFlags, DatasetFlags, ScorerPromptFlags {
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
  command
    .option('-i, --instruction <text>', 'an instruction to score, repeatable; "" is the empty instruction', collect)
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
  $ opro evaluate -d bbh/navigate -s openai:gpt-4o-mini -i "Let's think step by step." --grading reference`,
    )
    .action(async (flags: EvaluateFlags) => {
      const dataset = flags.dataset;
      if (!dataset) throw new Error('say which dataset to evaluate on: -d gsm8k, -d bbh/<task>, or -d <your file> (see opro datasets)');
      const instructions = [...(flags.instruction ?? []), ...(flags.baselines ? PAPER_BASELINE_INSTRUCTIONS : [])];
      if (instructions.length === 0) throw new Error('nothing to score: give -i "<instruction>" (repeatable) or --baselines');
      const models = await setupModels(flags, { optimizer: false });
      const reporter = new ProgressReporter(process.stderr, Boolean(flags.quiet));
      const interrupt = interruptSignal();
      try {
        const settings = settingsFromFlags(flags);
        const result = await evaluate({
          dataset,
          datasetOptions: datasetOptionsFromFlags(flags, reporter),
          scorer: models.scorer,
          instructions,
          split: flags.split,
          ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
          ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
          signal: interrupt.signal,
          onStart: (info) => reporter.handle({ type: 'test-started', instructions: info.instructions, examples: info.examples }),
          onExample: (event) => reporter.tick(event),
        });
        reporter.stopBar();
        if (flags.json) process.stdout.write(`${toJson({ ...result, usage: models.usage() })}\n`);
        else process.stdout.write(`${formatEvaluateReport(result)}\n${models.formatUsage()}\n`);
      } finally {
        interrupt.dispose();
        reporter.stopBar();
        await models.close();
      }
    });
}
