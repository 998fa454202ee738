/** Statistics users can trust: intervals on every accuracy, paired tests on every comparison. */
export { wilsonInterval, Z_95, type Interval } from './wilson.js';
export { mcnemarTest, exactBinomialTwoSided, chiSquareSurvival1, EXACT_BELOW_DISCORDANT, SIGNIFICANCE_LEVEL, type McNemarMethod, type McNemarResult } from './mcnemar.js';
export { comparePaired, comparePairedScores, type Count, type CorrectByIndex, type PairedComparison, type PairedMethod, type ScoreByIndex, type ScoreDifference } from './paired.js';
export { pairedPermutationTest, EXACT_MAX_NONZERO, SIGN_FLIP_RESAMPLES, type PermutationMethod, type PermutationResult } from './permutation.js';
export { meanDifferenceInterval, type MeanDifference } from './mean-difference.js';
export { wilsonIntervalOfMean } from './wilson.js';
export { meanScoreOf, meanScoreInterval, formatMeanScore, type MeanScore } from './mean-interval.js';
export { formatAccuracy, formatPValue, formatPoints, formatSignificance, formatComparison, methodLabel } from './format.js';
export { overfitGap, OVERFIT_MARGIN, type OverfitCheck } from './overfit.js';
