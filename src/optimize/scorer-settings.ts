import type { Dataset } from '../datasets/types.js';
import type { LanguageModel } from '../models/types.js';
import type { ScorerSettings, TaskScoring } from '../problems/instructions/scoring.js';
import type { InstructionSettings } from './settings.js';

/** How the scorer is prompted and graded for a dataset under the run's settings. */
export function scorerSettingsFor(
  scorer: LanguageModel,
  dataset: Dataset,
  settings: Pick<InstructionSettings, 'position' | 'includeQA' | 'gradingMode' | 'scorerTemperature' | 'scorerMaxTokens' | 'extractFinalAnswer'>,
  task?: TaskScoring,
): ScorerSettings {
  return {
    scorer,
    position: settings.position,
    includeQA: settings.includeQA,
    answerType: dataset.answerType,
    multipleChoice: dataset.multipleChoice,
    gradingMode: settings.gradingMode,
    temperature: settings.scorerTemperature,
    maxTokens: settings.scorerMaxTokens,
    extractFinalAnswer: settings.extractFinalAnswer,
    ...(task ? { task } : {}),
  };
}
