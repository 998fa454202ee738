export { generateData, leastSquares, squaredLoss, startingPairs, NUM_POINTS, NUM_STARTING_POINTS } from './data.js';
export type { Pair, RegressionData } from './data.js';
export { extractBracketed, parsePairNumbers, parsePairReply, parsePythonFloat } from './parse.js';
export { buildLinregMetaPrompt, selectShownPairs, pyIntString, MAX_PAIRS_SHOWN } from './meta-prompt.js';
export { linearRegressionProblem, pairKey } from './problem.js';
export type { LinearRegressionOptions, LinearRegressionProblem } from './problem.js';
export { runLinearRegressionExperiment, summarizeLinregSetting } from './experiment.js';
export type {
  LinregExperimentEvent,
  LinregExperimentOptions,
  LinregExperimentResult,
  LinregRepResult,
  LinregSettingResult,
} from './experiment.js';
export { PAPER_LINREG_SETTINGS, PAPER_TABLE2, PAPER_OPTIMIZERS, PAPER_LINREG_REPS, PAPER_LINREG_MAX_STEPS, paperLinregRow } from './paper.js';
export type { PaperFigure, PaperLinregRow, PaperOptimizer } from './paper.js';
export { formatLinregTable } from './table.js';
export type { LinregTableOptions } from './table.js';
export { formatMeanSpread, mean, meanAndStandardError, meanAndStd, populationStd, standardError } from '../../util/summary-stats.js';
export type { MeanSpread } from '../../util/summary-stats.js';
