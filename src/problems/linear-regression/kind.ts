import { GENERIC_EXAMPLE_LABELS } from '../../kinds/registry.js';
import type { ProblemKind } from '../../kinds/types.js';
import { asPair, linregEndpoint } from './dashboard.js';
import { linearRegressionProblem, type LinearRegressionOptions } from './problem.js';

/** The kind's name as runs record it. */
export const LINEAR_REGRESSION_KIND = 'linear-regression';

/** The paper's linear regression demo (Table 2) as a plug-in: one run per repetition, losses to minimise. */
export const linearRegressionKind: ProblemKind = {
  view: {
    name: LINEAR_REGRESSION_KIND, solutionsLabel: 'Pairs', solutionLabel: 'Solution', scoreFormat: 'number', scoreLabel: 'loss (log)',
    logScale: true, heldOut: false, examples: false, exampleLabels: GENERIC_EXAMPLE_LABELS, exampleFields: [], figures: ['linreg-landscape'],
  },
  createProblem: (options: LinearRegressionOptions) => linearRegressionProblem(options),
  describeSolution: (solution, text) => {
    const pair = asPair(solution);
    return pair ? `w = ${pair.w}, b = ${pair.b}` : text;
  },
  endpoints: [linregEndpoint],
};
