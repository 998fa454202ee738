import type { Command } from 'commander';
import type { EngineEvent, RunStatus } from '../engine/events.js';
import { ExperimentRuns } from '../runs/experiment-runs.js';
import { planExperimentResume, type ExperimentResumePlan } from '../runs/experiment-resume.js';
import { carryOverUse, stopHint, type ResumeTarget } from './run-caps.js';
import { DEFAULT_STORE_PATH } from '../store/index.js';
import { interruptSignal } from './interrupt.js';
import { addModelOptions, setupModels, type ModelFlags, type RunModels } from './model-setup.js';
import { integer, number } from './parsers.js';

/**
 * What the experiment commands of many runs (linreg: settings x repetitions, tsp: sizes x instances)
 * share: options, model setup, one recorded run per member, progress lines, the final table. Each
 * kind's command gives only its own options and how to read its experiment's events.
 */

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

/** Flags that say how a command is shown or continued, not what it computes: not kept with the runs. */
const NOT_RECORDED: ReadonlySet<string> = new Set(['resume', 'quiet', 'json']);

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

/** How a kind's experiment events map onto member runs. */
export interface MemberEvents<E> {
  /** A member run begins: its stable id within the experiment, a label, and the instance the dashboard draws. */
  started(event: E): { member: string; label: string; instance: Record<string, unknown> } | null;
  engine(event: E): EngineEvent<unknown> | null;
  finished(event: E): { status: RunStatus; reason: string } | null;
  /** A progress line for stderr, or null. */
  progress(event: E): string | null;
}

/** The flags an experiment command runs with: with --resume, the experiment's recorded ones (see experiment-resume.ts). */
export function experimentFlags<F extends ExperimentFlags>(given: F, command: Command, name: string): { flags: F; resume: ExperimentResumePlan<F> | null } {
  if (!given.resume) return { flags: given, resume: null };
  const plan = planExperimentResume(given.store ?? DEFAULT_STORE_PATH, given.resume, given, command, name);
  return { flags: plan.flags, resume: plan };
}

export interface ExperimentCommand<F extends ExperimentFlags, E, R extends { stopped: { status: RunStatus; reason: string } | null }> {
  /** The command's name (how `--resume` is spelled back to the user). */
  name: string;
  kind: string;
  flags: F;
  /** The experiment being continued (from experimentFlags), or null for a new one. */
  resume: ExperimentResumePlan<F> | null;
  /** The members' word in messages: 'repetition', 'instance'. */
  member: string;
  run(models: RunModels, signal: AbortSignal, onEvent: (event: E) => void): Promise<R>;
  events: MemberEvents<E>;
  formatTable(result: R, label: string): string;
}

export async function runExperimentCommand<F extends ExperimentFlags, E, R extends { stopped: { status: RunStatus; reason: string } | null }>(
  spec: ExperimentCommand<F, E, R>,
): Promise<void> {
  const { flags, resume } = spec;
  const models = await setupModels(flags, { scorer: false });
  const runs = ExperimentRuns.open({
    storePath: flags.store ?? DEFAULT_STORE_PATH,
    kind: spec.kind,
    command: spec.name,
    optimizer: models.optimizer.spec,
    flags: Object.fromEntries(Object.entries(flags).filter(([name]) => !NOT_RECORDED.has(name))),
    ...(resume ? { group: resume.group, members: resume.members } : {}),
  });
  const target: ResumeTarget = { noun: 'experiment', id: runs.group, resume: `opro ${spec.name} --resume ${runs.group}${flags.store ? ` --store ${flags.store}` : ''}` };
  // Caps hold for the whole experiment: a resume starts from what its earlier processes used (a reached cap is an error here),
  // and every cap message says the experiment, since its figures count all member runs.
  models.budget.holdFor('experiment');
  try {
    if (resume) carryOverUse(models.budget, resume.earlier, target);
  } catch (error) {
    await models.close();
    throw error;
  }
  runs.trackCaps(models.budget);
  const interrupt = interruptSignal();
  let costAtStart = 0;
  if (!flags.quiet) process.stderr.write(`${resume ? 'continuing' : 'recording'} experiment ${runs.group} (resume with: ${target.resume})\n`);
  try {
    const result = await spec.run(models, interrupt.signal, (event) => {
      const started = spec.events.started(event);
      const engine = spec.events.engine(event);
      const finished = spec.events.finished(event);
      if (started) {
        costAtStart = models.usage().total.costUsd;
        runs.begin(started.member, started.label, started.instance);
      } else if (engine) runs.record(engine);
      // The meter spans the whole experiment: each run is charged what was spent since it began.
      else if (finished) runs.end(finished.status, finished.reason, { costUsd: models.usage().total.costUsd - costAtStart });
      const line = flags.quiet ? null : spec.events.progress(event);
      if (line) process.stderr.write(`${line}\n`);
    });
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, usage: models.usage() }, null, 2)}\n`);
    else process.stdout.write(`${spec.formatTable(result, models.optimizer.spec)}\n${models.formatUsage()}\n`);
    if (result.stopped) {
      process.stderr.write(`stopped early: ${result.stopped.reason}\n`);
      const hint = stopHint(result.stopped.status, target, models.budget);
      if (hint) process.stderr.write(`${hint}\n`);
      if (result.stopped.status === 'failed') process.exitCode = 1;
      if (result.stopped.status === 'interrupted') process.exitCode = 130;
    }
  } finally {
    runs.close(`the experiment stopped before this ${spec.member} finished`);
    interrupt.dispose();
    await models.close();
  }
}
