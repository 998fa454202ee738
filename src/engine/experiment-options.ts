import type { LanguageModel } from '../models/types.js';
import type { RunStatus } from './events.js';

/** What every experiment of many engine runs (linear regression repetitions, TSP instances) passes to each run. */
export interface ExperimentRunOptions {
  optimizer: LanguageModel;
  /** Step limit per run (paper: 500). */
  steps: number;
  /** Master seed; each run derives its own from it. */
  seed: number;
  candidatesPerStep?: number;
  optimizerTemperature?: number;
  optimizerMaxTokens?: number;
  /** Extra optimizer calls per step when replies hold no valid candidate. */
  maxExtraDrawsPerStep?: number;
  signal?: AbortSignal;
  shouldStop?: () => { status: RunStatus; reason: string } | null;
}

/** Statuses that end a whole experiment, not just one of its runs. */
const ABORTING: ReadonlySet<RunStatus> = new Set(['interrupted', 'budget', 'failed']);

/**
 * True for a run that ran to its end (optimum or step limit). A run cut off by a cap, Ctrl-C or a
 * failure is kept in the results but counts in no figure: its steps and best are of an unfinished run.
 */
export function finishedRun(result: { status: RunStatus }): boolean {
  return !ABORTING.has(result.status);
}

/**
 * Runs `count` repetitions for each group (a linear-regression setting, a TSP size) one after the
 * other and summarises each group; a Ctrl-C, a budget stop or a failure ends the experiment with the
 * partial group summarised.
 */
export async function runGroupedExperiment<G, R extends { status: RunStatus; reason: string }, Row>(
  groups: readonly G[],
  count: number,
  runOne: (group: G, groupIndex: number, index: number) => Promise<R>,
  summarize: (group: G, results: R[]) => Row,
): Promise<{ rows: Row[]; stopped: { status: RunStatus; reason: string } | null }> {
  const rows: Row[] = [];
  for (const [groupIndex, group] of groups.entries()) {
    const results: R[] = [];
    for (let index = 0; index < count; index++) {
      const result = await runOne(group, groupIndex, index);
      results.push(result);
      if (ABORTING.has(result.status)) {
        rows.push(summarize(group, results));
        return { rows, stopped: { status: result.status, reason: result.reason } };
      }
    }
    rows.push(summarize(group, results));
  }
  return { rows, stopped: null };
}
