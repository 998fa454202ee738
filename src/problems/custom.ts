/**
 * The public way to optimise your own objective with OPRO: describe it with a few functions and get
 * a `Problem<S>` for `runOptimization` (the built-in kinds implement `Problem` directly, for their
 * own meta-prompts and stopping rules).
 *
 * ```ts
 * const tagline = defineProblem<string>({
 *   kind: 'tagline', direction: 'maximize',
 *   describeTask: 'Write a tagline for a bakery. Answer with the tagline in <tagline></tagline>.',
 *   parse: (reply) => /<tagline>(.*?)<\/tagline>/s.exec(reply)?.[1]?.trim() ?? { invalid: 'no <tagline>' },
 *   evaluate: (text) => myScore(text),
 *   initial: ['Fresh bread daily'],
 * });
 * ```
 */
import { rankEntries } from '../engine/ranking.js';
import type { Direction, Evaluation, HistoryEntry, Problem } from '../engine/problem.js';
import { pyRound } from '../util/python-float.js';

/** Solutions shown in the generated meta-prompt, as in the paper's prompt optimization (top 20). */
export const DEFAULT_MAX_SHOWN = 20;
const SCORE_DECIMALS = 3;

/** What `parse` returns when a reply holds no usable solution. */
export interface Invalid {
  invalid: string;
}

interface DefinitionBase<S> {
  kind: string;
  direction: Direction;
  /**
   * One solution from one optimizer reply, or `{ invalid: reason }`. (A solution type that is itself
   * an object with only an `invalid` string property cannot be told apart; pick another name.)
   */
  parse(reply: string): S | Invalid;
  /** Identity for de-duplication. Default: the string itself, or JSON for other values. */
  key?(solution: S): string;
  /** The objective for one solution; candidates of a step are evaluated concurrently. */
  evaluate(solution: S): number | Promise<number>;
  /** Starting solutions, scored before the first optimizer call. */
  initial: readonly S[];
  /** A reason to refuse a parsed solution without evaluating it, or null to keep it. */
  validate?(solution: S): string | null;
  /** How a solution is written in the generated meta-prompt and progress lines. Default: as `key`. */
  describe?(solution: S): string;
  /** Stop the run early when this returns true for a newly scored solution. */
  isOptimal?(solution: S, score: number): boolean;
}

export type ProblemDefinition<S> = DefinitionBase<S> &
  (
    | { /** Write the whole meta-prompt yourself. */ metaPrompt(history: readonly HistoryEntry<S>[], step: number): string; describeTask?: never }
    | { /** Or describe the task, and get the paper's layout: task, scored solutions best last, request. */ describeTask: string; metaPrompt?: never; maxShown?: number }
  );

export function isInvalid(value: unknown): value is Invalid {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'invalid' && typeof (value as Invalid).invalid === 'string';
}

function defaultKey(solution: unknown): string {
  return typeof solution === 'string' ? solution : JSON.stringify(solution);
}

/** The paper's meta-prompt shape for any objective: task, then the best solutions with scores (best last), then the request. */
export function generatedMetaPrompt<S>(
  task: string,
  direction: Direction,
  history: readonly HistoryEntry<S>[],
  describe: (solution: S) => string,
  maxShown = DEFAULT_MAX_SHOWN,
): string {
  const distinct = new Map<string, HistoryEntry<S>>();
  for (const entry of rankEntries(history, direction)) if (!distinct.has(entry.key)) distinct.set(entry.key, entry);
  const shown = [...distinct.values()].slice(0, maxShown).reverse();
  const better = direction === 'maximize' ? 'higher' : 'lower';
  const order = direction === 'maximize' ? 'ascending' : 'descending';
  const blocks = shown.map(({ solution, score }) => `solution:\n${describe(solution)}\nscore:\n${pyRound(score, SCORE_DECIMALS)}`);
  return [
    task.trim(),
    `Below are some previous solutions and their scores. The solutions are arranged in ${order} order based on their scores, where ${better} values are better.`,
    ...blocks,
    `Give me a new solution that is different from all solutions above, and has a score ${better} than any of the above.`,
  ].join('\n\n');
}

export function defineProblem<S>(definition: ProblemDefinition<S>): Problem<S> {
  const key = definition.key ?? defaultKey;
  const describe = definition.describe ?? key;
  const { metaPrompt, describeTask } = definition;
  if ((metaPrompt === undefined) === (describeTask === undefined)) {
    throw new Error(`defineProblem('${definition.kind}'): give exactly one of metaPrompt or describeTask`);
  }
  const maxShown = 'maxShown' in definition && definition.maxShown !== undefined ? definition.maxShown : DEFAULT_MAX_SHOWN;

  return {
    kind: definition.kind,
    direction: definition.direction,
    initialSolutions: () => definition.initial.slice(),
    buildMetaPrompt: (history, step) => ({
      text: metaPrompt ? metaPrompt(history, step) : generatedMetaPrompt(describeTask as string, definition.direction, history, describe, maxShown),
    }),
    parseReply: (reply) => {
      const parsed = definition.parse(reply);
      return isInvalid(parsed) ? { ok: false, reason: parsed.invalid } : { ok: true, solution: parsed };
    },
    key,
    ...(definition.validate ? { validate: (solution: S) => definition.validate?.(solution) ?? null } : {}),
    // A throwing objective leaves that one candidate unscored (reported as a problem event), rather
    // than ending the run or inventing a score.
    evaluate: (solutions, context) =>
      Promise.all(
        solutions.map(async (solution): Promise<Evaluation> => {
          try {
            return { score: await definition.evaluate(solution) };
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            context.emit({ type: 'evaluation-error', solution: describe(solution), message });
            return { score: null };
          }
        }),
      ),
    ...(definition.isOptimal ? { isOptimal: (entry: HistoryEntry<S>) => definition.isOptimal?.(entry.solution, entry.score) ?? false } : {}),
    describe,
  };
}
