import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../../cli/command-registry.js';
import {
  addExperimentModelOptions, addExperimentStepOptions, addExperimentTailOptions, experimentFlags, runExperimentCommand, type ExperimentFlags,
} from '../../cli/experiment-command.js';
import { integer } from '../../cli/parsers.js';
import { runTspExperiment, type TspExperimentEvent } from './experiment.js';
import { TSP_KIND } from './kind.js';
import { PAPER_TSP_SIZES } from './paper.js';
import { formatTspTable } from './table.js';
import { stepLabel } from '../../engine/step-label.js';

const DEFAULT_INSTANCES = 5;

interface TspFlags extends ExperimentFlags {
  sizes: number[];
  n?: number;
  instances: number;
  extraDraws: number;
}

function parseSizes(value: string): number[] {
  const sizes = value.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 3)) throw new Error(`--sizes expects integers >= 3 separated by commas, got "${value}"`);
  return sizes;
}

function progressLine(event: TspExperimentEvent): string | null {
  const tag = `n=${event.n} instance ${event.instance + 1}`;
  if (event.type === 'instance-started') {
    const b = event.baselines;
    return `${tag}: NN ${b.nearestNeighbour.length.toFixed(1)}, FI ${b.farthestInsertion.length.toFixed(1)}, ${b.reference.kind} ${b.reference.length.toFixed(1)}`;
  }
  if (event.type === 'instance-finished') {
    const r = event.result;
    return `${tag}: OPRO best gap ${r.gaps.opro === null ? "n/a" : `${r.gaps.opro.toFixed(1)}%`}${r.stepsToOptimum !== null ? `, optimum at step ${r.stepsToOptimum}` : ''}, invalid replies ${r.replyCounts.unparsable}`;
  }
  if (event.type === 'engine' && event.event.type === 'step-finished' && event.event.best) {
    return `${tag} step ${stepLabel(event.event.step)}: best length ${event.event.best.score.toFixed(1)}`;
  }
  return null;
}

export function registerTspCommand(program: Command): void {
  const command = program
    .command('tsp')
    .description(COMMAND_SUMMARIES.tsp);
  addExperimentModelOptions(command)
    .option('--sizes <list>', `numbers of points, comma-separated (paper ${PAPER_TSP_SIZES.join(',')})`, parseSizes, [...PAPER_TSP_SIZES])
    .option('--n <n>', 'a single number of points (same as --sizes n)', integer(3))
    .option('--instances <n>', `instances per size (paper ${DEFAULT_INSTANCES})`, integer(1), DEFAULT_INSTANCES);
  addExperimentStepOptions(command, 'instance')
    .option('--extra-draws <n>', 'extra calls per step when replies hold no valid tour (the reference loops forever)', integer(0), 8);
  addExperimentTailOptions(command, 'seed for the points and starting tours (the reference sets none)', 'instance')
    .addHelpText('after', `
Baselines per instance: nearest neighbour, farthest insertion (as the reference codes it), and the exact
optimum by Held-Karp for n <= 20 (a 2-opt + Or-opt heuristic above, labelled as such).

Examples:
  $ opro tsp -o openai:gpt-4o-mini --n 10 --instances 2 --steps 30
  $ opro tsp -o openai:gpt-4o --budget 20`)
    .action(async (given: TspFlags, cmd: Command) => {
      const { flags, resume } = experimentFlags(given, cmd, 'tsp');
      const sizes = flags.n !== undefined ? [flags.n] : flags.sizes;
      await runExperimentCommand({
        name: 'tsp',
        kind: TSP_KIND,
        flags,
        resume,
        member: 'instance',
        run: (models, signal, onEvent) =>
          runTspExperiment({
            optimizer: models.optimizer, sizes, instances: flags.instances, steps: flags.steps, seed: flags.seed,
            candidatesPerStep: flags.candidates, maxExtraDrawsPerStep: flags.extraDraws, optimizerTemperature: flags.temperature,
            signal, shouldStop: models.shouldStop, onEvent,
          }),
        events: {
          started: (event) => {
            if (event.type !== 'instance-started') return null;
            const b = event.baselines;
            return {
              member: `n=${event.n}#${event.instance}`,
              label: `n=${event.n}, instance ${event.instance + 1}`,
              instance: {
                seed: event.seed,
                points: event.points.map((p) => [p.x, p.y]),
                baselines: { nearestNeighbour: b.nearestNeighbour, farthestInsertion: b.farthestInsertion, reference: b.reference },
              },
            };
          },
          engine: (event) => (event.type === 'engine' ? event.event : null),
          finished: (event) => (event.type === 'instance-finished' ? event.result : null),
          progress: progressLine,
        },
        formatTable: (result, label) => formatTspTable(result.rows, { label }),
      });
    });
}
