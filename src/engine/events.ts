import type { CallError } from '../models/types.js';
import type { HistoryEntry, MetaPrompt, ProblemEvent } from './problem.js';

/** Why a run ended. 'interrupted' = the caller's AbortSignal (Ctrl-C); 'budget' = a hard cap was reached. */
export type RunStatus = 'completed' | 'optimum-reached' | 'interrupted' | 'budget' | 'failed';

/** What became of one optimizer reply. */
export type ReplyDisposition = 'accepted' | 'duplicate' | 'rejected' | 'unparsable' | 'failed';

/**
 * The typed event stream of one optimization. The CLI progress display, the run store and the
 * dashboard all listen to the same events, so every fact shown anywhere comes from here.
 */
export type EngineEvent<S> =
  | { type: 'run-started'; problem: string; steps: number; candidatesPerStep: number }
  | { type: 'initial-started'; count: number }
  | { type: 'step-started'; step: number; metaPrompt: MetaPrompt }
  | {
      type: 'optimizer-reply';
      step: number;
      sampleIndex: number;
      text: string | null;
      error: CallError | null;
      disposition: ReplyDisposition;
      reason: string | null;
      candidate: S | null;
      key: string | null;
    }
  | { type: 'evaluation-started'; step: number; candidates: number }
  | { type: 'candidate-scored'; step: number; entry: HistoryEntry<S> }
  | { type: 'candidate-unscored'; step: number; solution: S; key: string; reason: string }
  | { type: 'problem'; step: number; event: ProblemEvent }
  /** Also sent for the initial solutions (step -1), once they are scored. */
  | { type: 'step-finished'; step: number; best: HistoryEntry<S> | null; scored: number; optimizerCalls: number }
  /** Something the user should know while the run goes on (e.g. the optimizer's replies hold no candidate). */
  | { type: 'warning'; step: number; message: string }
  | { type: 'run-finished'; status: RunStatus; reason: string; best: HistoryEntry<S> | null; stepsCompleted: number };

export type EngineListener<S> = (event: EngineEvent<S>) => void;

/** Every engine event type: a Record, so a new event type that is not listed here fails to compile. */
const ENGINE_EVENT_TYPES: Readonly<Record<EngineEvent<unknown>['type'], true>> = {
  'run-started': true, 'initial-started': true, 'step-started': true, 'optimizer-reply': true, 'evaluation-started': true,
  'candidate-scored': true, 'candidate-unscored': true, problem: true, 'step-finished': true, warning: true, 'run-finished': true,
};

/** Tells the engine's events from a caller's own in a mixed stream (e.g. optimize()'s split and test events). */
export function isEngineEvent<S>(event: EngineEvent<S> | { type: string }): event is EngineEvent<S> {
  return Object.hasOwn(ENGINE_EVENT_TYPES, event.type);
}
