/**
 * The travelling salesman as an OPRO problem (spec section 9): propose a tour of n seeded points,
 * minimise its closed length. Baselines (NN, FI) and a reference tour (exact when n is small enough
 * for Held-Karp, otherwise a labelled local-search heuristic) are computed per instance.
 */
import type { Problem } from '../../engine/problem.js';
import { createRng, deriveSeed } from '../../util/random.js';
import { farthestInsertionTour, nearestNeighbourTour } from './baselines.js';
import { HELD_KARP_MAX_N, heldKarp } from './held-karp.js';
import { makeInstance, type Point, randomPoints, type Tour, tourKey, tourLength, type TspInstance } from './instance.js';
import { bestLocalSearchTour } from './local-search.js';
import { buildTspMetaPrompt, MAX_TRACES_SHOWN } from './meta-prompt.js';
import { parseTourReply } from './parse.js';

export const NUM_STARTING_TOURS = 5;
/** Lengths within this of the exact optimum count as optimal (the same cycle summed in another order). */
export const OPTIMUM_TOLERANCE = 1e-9;
/** Five distinct non-optimal tours need (n-1)! comfortably above 5. */
export const MIN_POINTS = 5;
const MAX_STARTING_TOUR_ATTEMPTS = 10_000;

export interface TspOptions {
  n: number;
  seed: number;
  /** Hand-made points instead of random ones (n must match). */
  points?: readonly Point[];
  /** Largest n solved exactly (default and maximum: HELD_KARP_MAX_N); above it the reference is heuristic. */
  exactMaxN?: number;
  /** Traces shown in the meta-prompt (reference: 10). */
  maxTracesShown?: number;
}

export interface TourWithLength {
  tour: number[];
  length: number;
}

export interface TspBaselines {
  nearestNeighbour: TourWithLength;
  farthestInsertion: TourWithLength;
  /** The tour gaps are measured against: the exact optimum, or the best local-search tour found. */
  reference: TourWithLength & { kind: 'exact' | 'heuristic' };
}

export interface TspProblem extends Problem<Tour> {
  readonly instance: TspInstance;
  readonly baselines: TspBaselines;
  /** The exact optimal length when known, else null (no early stop then). */
  readonly optimum: number | null;
}

export function computeBaselines(instance: TspInstance, seed: number, exactMaxN = HELD_KARP_MAX_N): TspBaselines {
  const withLength = (tour: number[]): TourWithLength => ({ tour, length: tourLength(instance, tour) });
  const exact = instance.n <= Math.min(exactMaxN, HELD_KARP_MAX_N);
  const reference = exact
    ? { ...heldKarp(instance), kind: 'exact' as const }
    : { ...bestLocalSearchTour(instance, deriveSeed(seed, 'local-search')), kind: 'heuristic' as const };
  return {
    nearestNeighbour: withLength(nearestNeighbourTour(instance)),
    farthestInsertion: withLength(farthestInsertionTour(instance)),
    reference: { tour: reference.tour, length: reference.length, kind: reference.kind },
  };
}

/**
 * Five distinct random tours from node 0, none equal to the reference tour (as in the reference)
 * and, when the optimum is known, none optimal, so that a run never starts at the optimum.
 */
export function startingTours(instance: TspInstance, seed: number, baselines: TspBaselines, optimum: number | null): number[][] {
  const rng = createRng(deriveSeed(seed, 'starting-tours'));
  const others = Array.from({ length: instance.n - 1 }, (_, i) => i + 1);
  const excluded = new Set([tourKey(baselines.reference.tour)]);
  const tours: number[][] = [];
  for (let attempt = 0; tours.length < NUM_STARTING_TOURS; attempt++) {
    if (attempt >= MAX_STARTING_TOUR_ATTEMPTS) {
      throw new Error(`could not draw ${NUM_STARTING_TOURS} distinct non-optimal starting tours (degenerate points?)`);
    }
    const tour = [0, ...rng.shuffle(others)];
    const key = tourKey(tour);
    if (excluded.has(key)) continue;
    if (optimum !== null && tourLength(instance, tour) <= optimum + OPTIMUM_TOLERANCE) continue;
    excluded.add(key);
    tours.push(tour);
  }
  return tours;
}

export function tspProblem(options: TspOptions): TspProblem {
  const { n, seed } = options;
  if (!Number.isInteger(n) || n < MIN_POINTS) throw new Error(`TSP needs an integer n >= ${MIN_POINTS}, got ${n}`);
  if (options.points && options.points.length !== n) throw new Error(`${options.points.length} points given for n = ${n}`);
  const instance = makeInstance(options.points ?? randomPoints(n, seed));
  const baselines = computeBaselines(instance, seed, options.exactMaxN);
  const optimum = baselines.reference.kind === 'exact' ? baselines.reference.length : null;
  const initial = startingTours(instance, seed, baselines, optimum);
  const maxShown = options.maxTracesShown ?? MAX_TRACES_SHOWN;

  return {
    kind: 'tsp',
    direction: 'minimize',
    instance,
    baselines,
    optimum,
    initialSolutions: () => initial.map((tour) => tour.slice()),
    buildMetaPrompt: (history) => ({ text: buildTspMetaPrompt(instance.points, history, maxShown) }),
    parseReply: (reply) => parseTourReply(reply, n),
    key: tourKey,
    evaluate: async (tours) => tours.map((tour) => ({ score: tourLength(instance, tour) })),
    isOptimal: (entry) => optimum !== null && entry.score <= optimum + OPTIMUM_TOLERANCE,
    describe: (tour) => tourKey(tour),
  };
}
