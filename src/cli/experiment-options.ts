/**
 * The options every experiment command of many runs (linreg, tsp) shares, apart from how such a
 * command runs (experiment-command.ts) so that its `--help` loads no store, model or engine code.
 */
import type { Command } from 'commander';
import { DEFAULT_STORE_PATH } from '../store/default-path.js';
import { addModelOptions, type ModelFlags } from './model-options.js';
import { integer, number } from './parsers.js';

/** The reference's step limit per member run. */
export const DEFAULT_EXPERIMENT_STEPS = 500;

/** Flags every experiment command has, parsed by commander into this shape. */
export interface ExperimentFlags extends ModelFlags {
  steps: number;
  candidates: number;
  temperature: number;
  seed: number;
  store?: string;
  resume?: string;
  json?: boolean;
  quiet?: boolean;
}

/** The optimizer's options (an experiment has no scorer); the kind's own options come next. */
export function addExperimentModelOptions(command: Command): Command {
  return addModelOptions(command, { scorer: false });
}

/** Steps and candidates per step, after the kind's own options. */
export function addExperimentStepOptions(command: Command, members: string): Command {
  return command
    .option('--steps <n>', `step limit per ${members} (reference ${DEFAULT_EXPERIMENT_STEPS})`, integer(1), DEFAULT_EXPERIMENT_STEPS)
    .option('--candidates <n>', 'optimizer calls per step (reference 8)', integer(1), 8);
}

/** The options after the kind's own: temperature, seed, store, resume, output. */
export function addExperimentTailOptions(command: Command, seedHelp: string, members: string): Command {
  return command
    .option('--temperature <t>', 'optimizer temperature (reference 1.0)', number(0, 2), 1)
    .option('--seed <n>', seedHelp, integer(0), 0)
    .option('--store <path>', `run store; each ${members} is recorded as a run (default ${DEFAULT_STORE_PATH})`)
    .option('--resume <group>', 'continue an experiment (its group id x-... is in opro runs show) with its recorded settings: finished work is replayed from the cache, and caps count what the whole experiment used')
    .option('--json', 'print the results as JSON')
    .option('-q, --quiet', 'no progress output');
}
