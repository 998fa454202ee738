import type { Command } from 'commander';
import { formatLinregTable, PAPER_LINREG_SETTINGS, runLinearRegressionExperiment, type LinregExperimentEvent } from '../../problems/linear-regression/index.js';
import type { Pair } from '../../problems/linear-regression/index.js';
import { addModelOptions, setupModels } from '../model-setup.js';
import { integer, number } from '../parsers.js';
import { interruptSignal } from '../interrupt.js';
import { ExperimentRuns } from '../../runs/experiment-runs.js';
import { generateData } from '../../problems/linear-regression/data.js';
import { DEFAULT_STORE_PATH } from '../../store/index.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

/** The paper's Table 2 setup: 5 repetitions, up to 500 steps (the reference's limit). */
const DEFAULT_REPS = 5;
const DEFAULT_STEPS = 500;

function progressLine(event: LinregExperimentEvent): string | null {
  const tag = `(w=${event.setting.w}, b=${event.setting.b}) rep ${event.rep + 1}`;
  if (event.type === 'rep-finished') {
    const r = event.result;
    return `${tag}: ${r.stepsToOptimum !== null ? `optimum at step ${r.stepsToOptimum}` : `no optimum (${r.reason})`}, ${r.uniquePairs} unique pairs, ${r.optimizerCalls} calls`;
  }
  if (event.type === 'engine' && event.event.type === 'step-finished' && event.event.best) {
    const best = event.event.best;
    return `${tag} step ${event.event.step}: best (w=${best.solution.w}, b=${best.solution.b}) loss ${best.score.toFixed(1)}`;
  }
  return null;
}

export function registerLinregCommand(program: Command): void {
  const command = program
    .command('linreg')
    .description(COMMAND_SUMMARIES.linreg);
  addModelOptions(command, { scorer: false });
  command
    .option('--w <w>', 'true slope (default: the paper\'s seven settings)', number())
    .option('--b <b>', 'true intercept', number())
    .option('--paper', 'run the paper\'s seven (w, b) settings (the default when --w/--b are not given)')
    .option('--reps <n>', `repetitions per setting (paper ${DEFAULT_REPS})`, integer(1), DEFAULT_REPS)
    .option('--steps <n>', `step limit per repetition (reference ${DEFAULT_STEPS})`, integer(1), DEFAULT_STEPS)
    .option('--candidates <n>', 'optimizer calls per step (reference 8)', integer(1), 8)
    .option('--temperature <t>', 'optimizer temperature (reference 1.0)', number(0, 2), 1)
    .option('--seed <n>', 'seed for the data and starting pairs', integer(0), 0)
    .option('--store <path>', `run store; each repetition is recorded as a run (default ${DEFAULT_STORE_PATH})`)
    .option('--resume <group>', 'continue an experiment (its group id x-... is in opro runs show): finished work is replayed from the cache')
    .option('--json', 'print the results as JSON')
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', `
Stops a repetition when the rounded proposal equals (w_true, b_true). The summary shows mean ± std of
steps-to-optimum and unique pairs explored next to the paper's figures, plus the least-squares optimum.

Examples:
  $ opro linreg -o openai:gpt-4o-mini --w 15 --b 14 --reps 3 --steps 50
  $ opro linreg -o openai:gpt-4o --paper --budget 10`)
    .action(async (flags: Record<string, unknown>) => {
      if ((flags.w === undefined) !== (flags.b === undefined)) throw new Error('give both --w and --b, or neither (the paper\'s seven settings)');
      if (flags.paper && flags.w !== undefined) throw new Error('--paper runs the paper\'s seven settings; drop it to run one (--w, --b) setting');
      const settings: Pair[] = flags.w !== undefined ? [{ w: flags.w as number, b: flags.b as number }] : [...PAPER_LINREG_SETTINGS];
      const models = await setupModels(flags, { scorer: false });
      const interrupt = interruptSignal();
      const runs = ExperimentRuns.open({
        storePath: (flags.store as string | undefined) ?? DEFAULT_STORE_PATH,
        kind: 'linear-regression',
        optimizer: models.optimizer.spec,
        flags: Object.fromEntries(Object.entries(flags).filter(([k]) => !['resume', 'quiet', 'json'].includes(k))),
        ...(flags.resume ? { group: flags.resume as string } : {}),
      });
      let costAtStart = 0;
      if (!flags.quiet) process.stderr.write(`recording experiment ${runs.group} (resume with: opro linreg --resume ${runs.group})\n`);
      try {
        const result = await runLinearRegressionExperiment({
          optimizer: models.optimizer,
          settings,
          reps: flags.reps as number,
          steps: flags.steps as number,
          seed: flags.seed as number,
          candidatesPerStep: flags.candidates as number,
          optimizerTemperature: flags.temperature as number,
          signal: interrupt.signal,
          shouldStop: models.shouldStop,
          onEvent: (event) => {
            if (event.type === 'rep-started') {
              costAtStart = models.usage().total.costUsd;
              const data = generateData(event.setting.w, event.setting.b, event.seed);
              runs.begin(`w=${event.setting.w},b=${event.setting.b}#${event.rep}`, `w=${event.setting.w}, b=${event.setting.b}, rep ${event.rep + 1}`, {
                wTrue: event.setting.w, bTrue: event.setting.b, seed: event.seed, x: data.xs, y: data.ys,
              });
            } else if (event.type === 'engine') runs.record(event.event);
            // The meter spans the whole experiment: each run is charged what was spent since it began.
            else if (event.type === 'rep-finished') runs.end(event.result.status, event.result.reason, { costUsd: models.usage().total.costUsd - costAtStart });
            const line = flags.quiet ? null : progressLine(event);
            if (line) process.stderr.write(`${line}\n`);
          },
        });
        if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, usage: models.usage() }, null, 2)}\n`);
        else process.stdout.write(`${formatLinregTable(result.rows, { label: models.optimizer.spec })}\n${models.formatUsage()}\n`);
        if (result.stopped) process.stderr.write(`stopped early: ${result.stopped.reason}\n`);
      } finally {
        runs.end('failed', 'the experiment stopped before this repetition finished');
        interrupt.dispose();
        await models.close();
      }
    });
}
