import { GENERIC_EXAMPLE_LABELS } from '../../kinds/registry.js';
import type { ProblemKind } from '../../kinds/types.js';
import { asTour, tspEndpoint } from './dashboard.js';
import { tspProblem, type TspOptions } from './problem.js';

/** The kind's name as runs record it. */
export const TSP_KIND = 'tsp';

/** The paper's travelling salesman demo (Table 3) as a plug-in: one run per instance, tour lengths to minimise. */
export const tspKind: ProblemKind = {
  view: {
    name: TSP_KIND, solutionsLabel: 'Tours', solutionLabel: 'Solution', scoreFormat: 'number', scoreLabel: 'tour length',
    logScale: false, heldOut: false, examples: false, exampleLabels: GENERIC_EXAMPLE_LABELS, exampleFields: [], figures: ['tsp-tour'],
  },
  createProblem: (options: TspOptions) => tspProblem(options),
  describeSolution: (solution, text) => asTour(solution)?.join(' → ') ?? text,
  endpoints: [tspEndpoint],
};
