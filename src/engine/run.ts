import type { LanguageModel } from '../models/types.js';
import type { EngineEvent, EngineListener, ReplyDisposition, RunStatus } from './events.js';
import type { Evaluation, HistoryEntry, Problem, Unscored } from './problem.js';
import { bestEntry, rankEntries } from './ranking.js';
import { stepCount, stepLabel } from './step-label.js';

/** The reference asks the optimizer 8 times per step, one completion per call. */
export const DEFAULT_CANDIDATES_PER_STEP = 8;
export const DEFAULT_OPTIMIZER_TEMPERATURE = 1.0;
/**
 * Steps in a row in which every optimizer call failed (after the scheduler's retries) before the run
 * stops as failed: an outage should end the run with a clear reason, not spin through the remaining steps.
 */
export const MAX_SILENT_OPTIMIZER_STEPS = 3;
/**
 * Steps in a row in which the optimizer answered but no reply held a candidate (every reply
 * unparsable) before the run stops as failed. The first such step warns: usually the task text
 * does not ask for the format the parser expects, and the run would otherwise end "completed" on
 * its initial solutions without a word.
 */
export const MAX_CANDIDATELESS_STEPS = 3;

export interface EngineOptions<S> {
  problem: Problem<S>;
  optimizer: LanguageModel;
  steps: number;
  candidatesPerStep?: number;
  optimizerTemperature?: number;
  optimizerMaxTokens?: number;
  /**
   * Extra optimizer calls a step may make when replies yield no parsable candidate, so that a step
   * still gets its N candidates where possible. 0 reproduces the reference (exactly N calls).
   */
  maxExtraDrawsPerStep?: number;
  /** Treat the initial solutions as already seen, so the optimizer cannot re-propose them. */
  dedupAgainstInitial?: boolean;
  /**
   * Run seed. Each optimizer call carries a seed derived from it, the step and the sample index, so
   * providers that honour seeds sample reproducibly and a replay asks for exactly the same samples.
   */
  seed?: number;
  signal?: AbortSignal;
  onEvent?: EngineListener<S>;
  /** Checked between phases; returns a reason to stop cleanly (e.g. a budget cap), or null. */
  shouldStop?: () => { status: RunStatus; reason: string } | null;
}

export interface EngineResult<S> {
  status: RunStatus;
  reason: string;
  /** Every scored solution in the order it was added (step -1 = initial). */
  history: HistoryEntry<S>[];
  /** The same entries from best to worst. */
  ranked: HistoryEntry<S>[];
  best: HistoryEntry<S> | null;
  stepsCompleted: number;
  optimizerCalls: number;
  /** Replies that produced no usable candidate, by disposition. */
  replyCounts: Record<ReplyDisposition, number>;
}

/** A stable 31-bit seed per (run seed, step, sample): distinct samples, identical on replay. */
export function optimizerCallSeed(runSeed: number, step: number, sampleIndex: number): number {
  let h = 2166136261;
  for (const n of [runSeed, step, sampleIndex]) {
    h = Math.imul(h ^ (n & 0xffff), 16777619);
    h = Math.imul(h ^ (n >>> 16), 16777619);
  }
  return (h >>> 1) & 0x7fffffff;
}

class StopRun extends Error {
  constructor(readonly status: RunStatus, readonly reason: string) {
    super(reason);
  }
}

/**
 * The problem-agnostic OPRO loop (spec section 1): score the initial solutions, then per step build
 * the meta-prompt from the trajectory, sample N candidates from the optimizer, parse, de-duplicate
 * and filter them, score the survivors together, and append them to the trajectory.
 */
export async function runOptimization<S>(options: EngineOptions<S>): Promise<EngineResult<S>> {
  const problem = options.problem;
  const candidatesPerStep = options.candidatesPerStep ?? DEFAULT_CANDIDATES_PER_STEP;
  const temperature = options.optimizerTemperature ?? DEFAULT_OPTIMIZER_TEMPERATURE;
  const maxTokens = options.optimizerMaxTokens ?? 1024;
  const maxExtraDraws = options.maxExtraDrawsPerStep ?? 0;
  const emit = (event: EngineEvent<S>): void => options.onEvent?.(event);

  const history: HistoryEntry<S>[] = [];
  const seen = new Set<string>();
  const replyCounts: Record<ReplyDisposition, number> = { accepted: 0, duplicate: 0, rejected: 0, unparsable: 0, failed: 0 };
  let optimizerCalls = 0;
  let stepsCompleted = 0;
  let optimizerSilentSteps = 0;
  let candidatelessSteps = 0;

  const checkStop = (): void => {
    if (options.signal?.aborted) throw new StopRun('interrupted', 'interrupted by the user');
    const stop = options.shouldStop?.();
    if (stop) throw new StopRun(stop.status, stop.reason);
  };

  /**
   * Scores a phase's solutions. A phase cut short (Ctrl-C, a cap) or in which nothing could be
   * scored because every call failed ends the run here, so it never reports "completed" over
   * missing scores nor pays the optimizer for a step that cannot be scored.
   */
  const scoreAll = async (step: number, solutions: S[], keys: string[]): Promise<number> => {
    if (solutions.length === 0) return 0;
    emit({ type: 'evaluation-started', step, candidates: solutions.length });
    const evaluations: Evaluation[] = await problem.evaluate(solutions, {
      step,
      history,
      ...(options.signal ? { signal: options.signal } : {}),
      emit: (event) => emit({ type: 'problem', step, event }),
    });
    let scored = 0;
    const unscored: Unscored[] = [];
    solutions.forEach((solution, i) => {
      const evaluation = evaluations[i];
      const key = keys[i] as string;
      if (!evaluation || evaluation.score === null || Number.isNaN(evaluation.score)) {
        const why = evaluation?.unscored ?? { cause: 'failed', reason: 'no evaluation succeeded' };
        unscored.push(why);
        emit({ type: 'candidate-unscored', step, solution, key, reason: why.reason });
        return;
      }
      const entry: HistoryEntry<S> = { solution, key, score: evaluation.score, step, ...(evaluation.stats ? { stats: evaluation.stats } : {}) };
      history.push(entry);
      scored += 1;
      emit({ type: 'candidate-scored', step, entry });
    });
    if (options.signal?.aborted || unscored.some((u) => u.cause === 'interrupted')) throw new StopRun('interrupted', 'interrupted by the user');
    // A cap or a fatal failure (refused key, exhausted quota) known to the caller has the clearest reason.
    const stop = unscored.length > 0 ? options.shouldStop?.() : null;
    if (stop) throw new StopRun(stop.status, stop.reason);
    const capped = unscored.find((u) => u.cause === 'budget');
    if (capped) throw new StopRun('budget', capped.reason);
    if (scored === 0 && unscored.length > 0 && unscored.every((u) => u.cause === 'failed')) {
      const phase = step < 0 ? 'the initial solutions' : `step ${stepLabel(step)}`;
      throw new StopRun('failed', `nothing could be scored at ${phase}: ${unscored[unscored.length - 1]?.reason ?? 'every evaluation failed'}`);
    }
    return scored;
  };

  const finish = (status: RunStatus, reason: string): EngineResult<S> => {
    const best = bestEntry(history, problem.direction);
    emit({ type: 'run-finished', status, reason, best, stepsCompleted });
    return { status, reason, history, ranked: rankEntries(history, problem.direction), best, stepsCompleted, optimizerCalls, replyCounts };
  };

  emit({ type: 'run-started', problem: problem.kind, steps: options.steps, candidatesPerStep });
  try {
    checkStop();
    const initial = await problem.initialSolutions();
    emit({ type: 'initial-started', count: initial.length });
    const initialKeys = initial.map((s) => problem.key(s));
    if (options.dedupAgainstInitial) initialKeys.forEach((k) => seen.add(k));
    const initialScored = await scoreAll(-1, initial, initialKeys);
    emit({ type: 'step-finished', step: -1, best: bestEntry(history, problem.direction), scored: initialScored, optimizerCalls });
    if (history.some((entry) => problem.isOptimal?.(entry))) return finish('optimum-reached', 'an initial solution is optimal');

    for (let step = 0; step < options.steps; step++) {
      checkStop();
      const metaPrompt = await problem.buildMetaPrompt(history, step);
      emit({ type: 'step-started', step, metaPrompt });

      const accepted: S[] = [];
      const acceptedKeys: string[] = [];
      let yielded = 0;
      let answered = 0;
      let lastUnparsable: string | null = null;
      let drawn = 0;
      let extraLeft = maxExtraDraws;
      let wanted = candidatesPerStep;
      while (wanted > 0) {
        const batch = Array.from({ length: wanted }, (_, i) => drawn + i);
        drawn += wanted;
        const outcomes = await Promise.all(
          batch.map((sampleIndex) =>
            options.optimizer.generate({
              prompt: metaPrompt.text,
              temperature,
              maxTokens,
              sampleIndex,
              seed: optimizerCallSeed(options.seed ?? 0, step, sampleIndex),
              ...(options.signal ? { signal: options.signal } : {}),
            }),
          ),
        );
        optimizerCalls += batch.length;
        // Handle replies in sample order so the trajectory is deterministic whatever the latency.
        outcomes.forEach((outcome, i) => {
          const sampleIndex = batch[i] as number;
          const record = (disposition: ReplyDisposition, reason: string | null, candidate: S | null, key: string | null): void => {
            replyCounts[disposition] += 1;
            emit({
              type: 'optimizer-reply', step, sampleIndex,
              text: outcome.ok ? outcome.text : null,
              error: outcome.ok ? null : outcome.error,
              disposition, reason, candidate, key,
            });
          };
          if (!outcome.ok) return record('failed', outcome.error.message, null, null);
          answered += 1;
          const parsed = problem.parseReply(outcome.text, step);
          if (!parsed.ok) {
            lastUnparsable = parsed.reason;
            return record('unparsable', parsed.reason, null, null);
          }
          yielded += 1;
          const key = problem.key(parsed.solution);
          if (seen.has(key)) return record('duplicate', 'already proposed earlier', parsed.solution, key);
          // Recorded before validation, as the reference does, so a rejected text is never retried.
          seen.add(key);
          const rejection = problem.validate?.(parsed.solution) ?? null;
          if (rejection) return record('rejected', rejection, parsed.solution, key);
          accepted.push(parsed.solution);
          acceptedKeys.push(key);
          record('accepted', null, parsed.solution, key);
        });
        const budgetHit = outcomes.find((o) => !o.ok && o.error.kind === 'budget');
        if (budgetHit && !budgetHit.ok) throw new StopRun('budget', budgetHit.error.message);
        const fatal = outcomes.find((o) => !o.ok && (o.error.kind === 'auth' || o.error.kind === 'quota' || o.error.kind === 'unavailable'));
        if (fatal && !fatal.ok && accepted.length === 0 && outcomes.every((o) => !o.ok)) {
          throw new StopRun('failed', `optimizer: ${fatal.error.message}`);
        }
        if (options.signal?.aborted) throw new StopRun('interrupted', 'interrupted by the user');
        if (outcomes.some((o) => o.ok)) optimizerSilentSteps = 0;
        else if (drawn === batch.length && ++optimizerSilentSteps >= MAX_SILENT_OPTIMIZER_STEPS) {
          const last = outcomes.find((o) => !o.ok);
          throw new StopRun('failed', `the optimizer failed every call for ${optimizerSilentSteps} steps in a row${last && !last.ok ? ` (last: ${last.error.message})` : ''}`);
        }
        const missing = candidatesPerStep - yielded;
        wanted = Math.min(Math.max(missing, 0), extraLeft);
        extraLeft -= wanted;
      }
      if (answered > 0 && yielded === 0) {
        candidatelessSteps += 1;
        const why = `none of the optimizer's ${answered} replies at step ${stepLabel(step)} held a candidate (last: ${lastUnparsable ?? 'unparsable'})`;
        if (candidatelessSteps >= MAX_CANDIDATELESS_STEPS) {
          throw new StopRun('failed', `no optimizer reply held a candidate for ${stepCount(candidatelessSteps)} in a row, ${why}; check that the task description asks for the format the problem parses`);
        }
        emit({ type: 'warning', step, message: `${why}: does the task description ask for the format the problem parses? The run stops after ${stepCount(MAX_CANDIDATELESS_STEPS)} like this in a row.` });
      } else if (yielded > 0) {
        candidatelessSteps = 0;
      }

      const scored = await scoreAll(step, accepted, acceptedKeys);
      stepsCompleted = step + 1;
      emit({ type: 'step-finished', step, best: bestEntry(history, problem.direction), scored, optimizerCalls });
      if (history.some((entry) => entry.step === step && problem.isOptimal?.(entry))) {
        return finish('optimum-reached', `the optimum was reached at step ${stepLabel(step)}`);
      }
    }
    return finish('completed', `ran ${stepCount(options.steps)}`);
  } catch (error) {
    if (error instanceof StopRun) return finish(error.status, error.reason);
    throw error;
  }
}
