import type { Command } from 'commander';
import { RunStore } from '../store/index.js';
import { SettingsError } from '../optimize/settings.js';
import { earlierSpending, type EarlierSpending } from './run-spending.js';

/**
 * Flags a resume may change: how calls are made and shown, never what the run computes. `steps`
 * may grow: the replay reproduces the finished steps from the cache and then carries on.
 */
const RESUME_OVERRIDABLE = new Set([
  'resume', 'store', 'quiet', 'json', 'concurrency', 'maxRetries', 'timeout', 'budget', 'maxCalls', 'maxTokens', 'config', 'cache', 'steps', 'dataDir',
]);

export interface ResumePlan<F> {
  runId: string;
  flags: F;
  /** What the run's earlier processes spent: its caps start from it, its recorded cost adds to it. */
  earlier: EarlierSpending;
}

/** The stored flags of a run, with the few overrides a resume allows; anything else is a clear error. */
export function planResume<F extends object>(storePath: string, runId: string, given: F, command: Command, kind: string): ResumePlan<F> {
  const store = RunStore.open(storePath, { readonly: true });
  try {
    const run = store.getRun(runId);
    if (run.kind !== kind) {
      const config = run.config as { group?: string; command?: string };
      const how = config.group ? `: continue its experiment with opro ${config.command ?? run.kind} --resume ${config.group}` : '; resume it with the command that started it';
      throw new SettingsError(`run ${run.id} is a ${run.kind} run${how}`);
    }
    const stored = ((run.config as { flags?: Record<string, unknown> }).flags ?? {}) as Record<string, unknown>;
    const flags = resumedFlags(stored, given, command, `run ${run.id}`);
    return { runId: run.id, flags, earlier: earlierSpending(run.summary as Record<string, unknown>) };
  } finally {
    store.close();
  }
}

/**
 * The flags a resume runs with: the stored ones (the same command's parsed flags, written when the
 * run started) with the few overrides a resume allows; anything else given is a clear error.
 */
export function resumedFlags<F extends object>(stored: Record<string, unknown>, given: F, command: Command, what: string): F {
  const changed = Object.keys(given).filter((name) => command.getOptionValueSource(name) === 'cli' && !RESUME_OVERRIDABLE.has(name));
  if (changed.length > 0) {
    const shown = changed.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} (it has ${JSON.stringify(stored[name] ?? null)})`);
    throw new SettingsError(
      `a resume replays ${what} exactly, so it cannot change ${shown.join(', ')}. ` +
        `Start anew for other settings; a resume may only change ${[...RESUME_OVERRIDABLE].filter((n) => n !== 'resume').join(', ')}.`,
    );
  }
  const overrides = Object.fromEntries(Object.entries(given).filter(([name]) => command.getOptionValueSource(name) === 'cli'));
  return { ...stored, ...overrides } as F;
}
