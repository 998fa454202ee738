/** What `opro linreg` does once its flags are parsed (the options and help are in command.ts). */
import type { Command } from 'commander';
import { experimentFlags, runExperimentCommand } from '../../cli/experiment-command.js';
import type { LinregFlags } from './command.js';
import { generateData, type Pair } from './data.js';
import { runLinearRegressionExperiment, type LinregExperimentEvent } from './experiment.js';
import { LINEAR_REGRESSION_KIND } from './kind.js';
import { PAPER_LINREG_SETTINGS } from './paper.js';
import { formatLinregTable } from './table.js';
import { stepLabel } from '../../engine/step-label.js';

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

export async function runLinregCommand(given: LinregFlags, cmd: Command): Promise<void> {
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
}
