/**
 * How the experiment commands of many runs (linreg: settings x repetitions, tsp: sizes x instances)
 * run: model setup, one recorded run per member, progress lines, the final table. Each kind's
 * command gives only its own options (with the shared ones of experiment-options.ts) and how to
 * read its experiment's events; this module loads only when such a command runs.
 */
import type { Command } from 'commander';
import type { EngineEvent, RunStatus } from '../engine/events.js';
import { ExperimentRuns } from '../runs/experiment-runs.js';
import { planExperimentResume, type ExperimentResumePlan } from '../runs/experiment-resume.js';
import { carryOverUse, stopHint, type ResumeTarget } from './run-caps.js';
import { DEFAULT_STORE_PATH } from '../store/index.js';
import { interruptSignal } from './interrupt.js';
import { setupModels, type RunModels } from './model-setup.js';
import type { ExperimentFlags } from './experiment-options.js';

/** Flags that say how a command is shown or continued, not what it computes: not kept with the runs. */
const NOT_RECORDED: ReadonlySet<string> = new Set(['resume', 'quiet', 'json']);

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
  // Each member run records the endpoint figures of its own calls (429s, waits...), as an optimize run does.
  runs.trackEndpoints(() => models.endpointFigures());
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
