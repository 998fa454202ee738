/**
 * `opro linreg`: its options and help. The experiment itself (command-run.ts) loads only when the
 * command runs, so `opro linreg --help` stays quick.
 */
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../../cli/command-registry.js';
import {
  addExperimentModelOptions, addExperimentStepOptions, addExperimentTailOptions, type ExperimentFlags,
} from '../../cli/experiment-options.js';
import { integer, number } from '../../cli/parsers.js';

/** The paper's Table 2 setup: 5 repetitions. */
const DEFAULT_REPS = 5;

export interface LinregFlags extends ExperimentFlags {
  w?: number;
  b?: number;
  paper?: boolean;
  reps: number;
}

export function registerLinregCommand(program: Command): void {
  const command = program
    .command('linreg')
    .description(COMMAND_SUMMARIES.linreg);
  addExperimentModelOptions(command)
    .option('--w <w>', 'true slope (default: the paper\'s seven settings)', number())
    .option('--b <b>', 'true intercept', number())
    .option('--paper', 'run the paper\'s seven (w, b) settings (the default when --w/--b are not given)')
    .option('--reps <n>', `repetitions per setting (paper ${DEFAULT_REPS})`, integer(1), DEFAULT_REPS);
  addExperimentStepOptions(command, 'repetition');
  addExperimentTailOptions(command, 'seed for the data and starting pairs', 'repetition')
    .addHelpText('after', `
Stops a repetition when the rounded proposal equals (w_true, b_true). The summary shows mean ± std of
steps-to-optimum and unique pairs explored next to the paper's figures, plus the least-squares optimum.

Examples:
  $ opro linreg -o openai:gpt-4o-mini --w 15 --b 14 --reps 3 --steps 50
  $ opro linreg -o openai:gpt-4o --paper --budget 10`)
    .action(async (given: LinregFlags, cmd: Command) => (await import('./command-run.js')).runLinregCommand(given, cmd));
}
