import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../../cli/command-registry.js';
import {
  addExperimentModelOptions, addExperimentStepOptions, addExperimentTailOptions, experimentFlags, runExperimentCommand, type ExperimentFlags,
} from '../../cli/experiment-command.js';
import { integer, number } from '../../cli/parsers.js';
import { generateData, type Pair } from './data.js';
import { runLinearRegressionExperiment, type LinregExperimentEvent } from './experiment.js';
import { LINEAR_REGRESSION_KIND } from './kind.js';
import { PAPER_LINREG_SETTINGS } from './paper.js';
import { formatLinregTable } from './table.js';
import { stepLabel } from '../../engine/step-label.js';

/** The paper's Table 2 setup: 5 repetitions. */
const DEFAULT_REPS = 5;

interface LinregFlags extends ExperimentFlags {
  w?: number;
  b?: number;
  paper?: boolean;
  reps: number;
}

function progressLine(event: LinregExperimentEvent): string | null {
  const tag = `(w=${event.setting.w}, b=${event.setting.b}) rep ${event.rep + 1}`;
  if (event.type === 'rep-finished') {
    const r = event.result;
    return `${tag}: ${r.stepsToOptimum !== null ? `optimum at step ${r.stepsToOptimum}` : `no optimum (${r.reason})`}, ${r.uniquePairs} unique pairs, ${r.optimizerCalls} calls`;
  }
  if (event.type === 'engine' && event.event.type === 'step-finished' && event.event.best) {
    const best = event.event.best;
    return `${tag} step ${stepLabel(event.event.step)}: best (w=${best.solution.w}, b=${best.solution.b}) loss ${best.score.toFixed(1)}`;
  }
  return null;
}

/** The settings to run: one (--w, --b) pair, or the paper's seven. */
function settingsOf(flags: LinregFlags): Pair[] {
  if ((flags.w === undefined) !== (flags.b === undefined)) throw new Error('give both --w and --b, or neither (the paper\'s seven settings)');
  if (flags.paper && flags.w !== undefined) throw new Error('--paper runs the paper\'s seven settings; drop it to run one (--w, --b) setting');
  return flags.w !== undefined && flags.b !== undefined ? [{ w: flags.w, b: flags.b }] : [...PAPER_LINREG_SETTINGS];
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
    .action(async (given: LinregFlags, cmd: Command) => {
      const { flags, resume } = experimentFlags(given, cmd, 'linreg');
      const settings = settingsOf(flags);
      await runExperimentCommand({
        name: 'linreg',
        kind: LINEAR_REGRESSION_KIND,
        flags,
        resume,
        member: 'repetition',
        run: (models, signal, onEvent) =>
          runLinearRegressionExperiment({
            optimizer: models.optimizer, settings, reps: flags.reps, steps: flags.steps, seed: flags.seed,
            candidatesPerStep: flags.candidates, optimizerTemperature: flags.temperature, signal, shouldStop: models.shouldStop, onEvent,
          }),
        events: {
          started: (event) => {
            if (event.type !== 'rep-started') return null;
            const { w, b } = event.setting;
            const data = generateData(w, b, event.seed);
            return { member: `w=${w},b=${b}#${event.rep}`, label: `w=${w}, b=${b}, rep ${event.rep + 1}`, instance: { wTrue: w, bTrue: b, seed: event.seed, x: data.xs, y: data.ys } };
          },
          engine: (event) => (event.type === 'engine' ? event.event : null),
          finished: (event) => (event.type === 'rep-finished' ? event.result : null),
          progress: progressLine,
        },
        formatTable: (result, label) => formatLinregTable(result.rows, { label }),
      });
    });
}
