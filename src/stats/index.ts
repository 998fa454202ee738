/** Statistics users can trust: intervals on every accuracy, paired tests on every comparison. */
export { wilsonInterval, Z_95, type Interval } from './wilson.js';
export { mcnemarTest, exactBinomialTwoSided, chiSquareSurvival1, EXACT_BELOW_DISCORDANT, SIGNIFICANCE_LEVEL, type McNemarMethod, type McNemarResult } from './mcnemar.js';
export { comparePaired, type Count, type CorrectByIndex, type PairedComparison } from './paired.js';
export { formatAccuracy, formatPValue, formatPoints, formatSignificance, formatComparison, methodLabel } from './format.js';
export { overfitGap, OVERFIT_MARGIN, type OverfitCheck } from './overfit.js';
