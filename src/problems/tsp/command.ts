/**
 * `opro tsp`: its options and help. The experiment itself (command-run.ts) loads only when the
 * command runs, so `opro tsp --help` stays quick.
 */
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../../cli/command-registry.js';
import {
  addExperimentModelOptions, addExperimentStepOptions, addExperimentTailOptions, type ExperimentFlags,
} from '../../cli/experiment-options.js';
import { integer } from '../../cli/parsers.js';
import { PAPER_TSP_SIZES } from './paper.js';

const DEFAULT_INSTANCES = 5;

export interface TspFlags extends ExperimentFlags {
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
    .action(async (given: TspFlags, cmd: Command) => (await import('./command-run.js')).runTspCommand(given, cmd));
}
