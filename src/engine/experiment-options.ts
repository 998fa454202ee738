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
