import type { Dataset } from '../datasets/types.js';
import type { PresetName } from './presets.js';
import type { ExemplarSelection } from '../problems/instructions/exemplars.js';
import { EXEMPLAR_SELECTIONS } from '../problems/instructions/exemplars.js';
import { DEFAULT_RACING_CONFIDENCE, DEFAULT_RACING_FIRST_ROUND } from '../problems/instructions/racing.js';
import type { GradingMode } from '../problems/instructions/grading/index.js';
import { validatePosition } from '../problems/instructions/positions.js';
import { INSTRUCTION_POSITIONS, META_PROMPT_STYLES, type InstructionPosition, type MetaPromptStyle } from '../problems/instructions/types.js';

/**
 * Every knob of instruction optimization, with the reference code's value as the default except
 * where the reference is broken (section 12 of the spec): those defaults are the fixed behaviour
 * and the quirk stays reproducible through an option.
 */
export interface InstructionSettings {
  steps: number;
  candidatesPerStep: number;
  optimizerTemperature: number;
  optimizerMaxTokens: number;
  /** Extra optimizer calls per step when replies yield no candidate (0 = exactly N calls, as the reference). */
  maxExtraDraws: number;
  style: MetaPromptStyle;
  position: InstructionPosition;
  includeQA: boolean;
  scoreThreshold: number;
  maxInstructions: number;
  scoreBuckets: number | null;
  instructionsBeforeExemplars: boolean;
  exemplarCount: number;
  exemplarSelection: ExemplarSelection;
  initialInstructions: string[];
  gradingMode: GradingMode;
  extractFinalAnswer: boolean;
  scorerTemperature: number;
  scorerMaxTokens: number;
  maxInstructionLength: number;
  /** null = the dataset decides (GSM8K forbids digits, as the reference). */
  forbidDigits: boolean | null;
  /** A reply with no parsable candidate becomes the empty instruction and is scored (reference quirk 5). */
  referenceQuirks: boolean;
  /** Add the initial instructions to the dedup set (the reference does not: quirk 4). */
  dedupAgainstInitial: boolean;
  /** null = the dataset's default ratio (GSM8K 0.035, BBH 0.2, others 0.2). */
  trainRatio: number | null;
  /** Use the paper's exact training indices where the spec lists them. */
  paperTrainIndices: boolean;
  seed: number;
  /** Held-out evaluation of the best instructions at the end: 'test', or 'none'. */
  evalSplit: 'test' | 'none';
  evalTop: number;
  /**
   * Racing (src/problems/instructions/racing.ts): score candidates in rounds and drop one whose upper
   * confidence bound cannot reach the meta-prompt's top-K. Dropped candidates keep a partial score.
   */
  racing: boolean;
  /** delta: per candidate, the chance of dropping one whose full score would have mattered. */
  racingConfidence: number;
  /** Examples in racing's first round (each later round sees 1.5x as many in total). */
  racingFirstRound: number;
}

export const REFERENCE_INITIAL_INSTRUCTION = "Let's solve the problem.";

export const DEFAULT_SETTINGS: Readonly<InstructionSettings> = Object.freeze({
  steps: 200,
  candidatesPerStep: 8,
  optimizerTemperature: 1.0,
  optimizerMaxTokens: 1024,
  maxExtraDraws: 8,
  style: 'tagged',
  // The reference defaults to A_begin without Q:/A: markers, which crashes (quirk 1); its README uses Q_begin.
  position: 'Q_begin',
  includeQA: false,
  scoreThreshold: 0,
  maxInstructions: 20,
  scoreBuckets: 100,
  instructionsBeforeExemplars: true,
  exemplarCount: 3,
  exemplarSelection: 'random',
  initialInstructions: [REFERENCE_INITIAL_INSTRUCTION],
  gradingMode: 'fixed',
  extractFinalAnswer: false,
  scorerTemperature: 0,
  scorerMaxTokens: 1024,
  maxInstructionLength: 500,
  forbidDigits: null,
  referenceQuirks: false,
  dedupAgainstInitial: true,
  trainRatio: null,
  paperTrainIndices: false,
  seed: 0,
  evalSplit: 'test',
  evalTop: 3,
  // Off: in bench/racing.ts it makes 1.5x fewer scorer calls over 20-step runs (1.9x once the top-K is full),
  // with the same best in 50/50 seeds; short of the 2x that would make it the default.
  racing: false,
  racingConfidence: DEFAULT_RACING_CONFIDENCE,
  racingFirstRound: DEFAULT_RACING_FIRST_ROUND,
});

export { PRESETS, type PresetName } from './presets.js';

/**
 * `--preset paper`: the paper's main setting (PaLM 2-L-IT-style optimizer meta-prompt, text-bison-style
 * scorer at Q_begin, no threshold, 200 steps x 8, the paper's training indices, reference grading, and
 * BBH starting from the empty instruction). Explicit options still override it.
 */
function paperSettings(datasetId: string): Partial<InstructionSettings> {
  return {
    steps: 200,
    candidatesPerStep: 8,
    maxExtraDraws: 0,
    style: 'bracket',
    position: 'Q_begin',
    includeQA: false,
    scoreThreshold: 0,
    maxInstructions: 20,
    scoreBuckets: 100,
    exemplarCount: 3,
    exemplarSelection: 'random',
    initialInstructions: datasetId.startsWith('bbh/') ? [''] : [REFERENCE_INITIAL_INSTRUCTION],
    gradingMode: 'reference',
    // The reference's dedup set starts empty, so the optimizer may re-propose an initial instruction.
    dedupAgainstInitial: false,
    paperTrainIndices: true,
    seed: 0,
    // The paper scores every candidate on every training example.
    racing: false,
  };
}

/**
 * `--preset reference`: what the reference code would do with the paper's setting. On top of `paper`,
 * every reference quirk the defaults correct: an optimizer reply with no parsable instruction becomes
 * the empty instruction and is scored (quirk 5). (The other quirks are already part of `paper`:
 * reference grading, no extra optimizer calls, initial instructions re-proposable.)
 */
export function presetSettings(preset: PresetName, datasetId: string): Partial<InstructionSettings> {
  switch (preset) {
    case 'paper':
      return paperSettings(datasetId);
    case 'reference':
      return { ...paperSettings(datasetId), referenceQuirks: true };
  }
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new SettingsError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** Merge defaults, preset and explicit options; check every value so a bad option fails before any call. */
export function resolveSettings(explicit: Partial<InstructionSettings>, dataset: Pick<Dataset, 'id'>, preset?: PresetName): InstructionSettings {
  // Only known settings count: callers pass whole option objects (dataset, models, callbacks...).
  const known = new Set(Object.keys(DEFAULT_SETTINGS));
  const defined = Object.fromEntries(Object.entries(explicit).filter(([k, v]) => v !== undefined && known.has(k))) as Partial<InstructionSettings>;
  const settings: InstructionSettings = { ...DEFAULT_SETTINGS, ...(preset ? presetSettings(preset, dataset.id) : {}), ...defined };
  if (!META_PROMPT_STYLES.includes(settings.style)) throw new SettingsError(`unknown meta-prompt style "${settings.style}"; use one of ${META_PROMPT_STYLES.join(', ')}`);
  if (!INSTRUCTION_POSITIONS.includes(settings.position)) throw new SettingsError(`unknown instruction position "${settings.position}"; use one of ${INSTRUCTION_POSITIONS.join(', ')}`);
  if (!EXEMPLAR_SELECTIONS.includes(settings.exemplarSelection)) throw new SettingsError(`unknown exemplar selection "${settings.exemplarSelection}"; use one of ${EXEMPLAR_SELECTIONS.join(', ')}`);
  if (settings.gradingMode !== 'fixed' && settings.gradingMode !== 'reference') throw new SettingsError(`unknown grading mode "${settings.gradingMode}"; use fixed or reference`);
  const positionProblem = validatePosition({ style: settings.style, position: settings.position, includeQA: settings.includeQA });
  if (positionProblem) throw new SettingsError(positionProblem);
  requireInteger('steps', settings.steps, 0);
  requireInteger('candidates per step', settings.candidatesPerStep, 1);
  requireInteger('extra draws', settings.maxExtraDraws, 0);
  requireInteger('top-K instructions', settings.maxInstructions, 1);
  requireInteger('exemplars per step', settings.exemplarCount, 0);
  requireInteger('max instruction length', settings.maxInstructionLength, 1);
  requireInteger('scorer max tokens', settings.scorerMaxTokens, 1);
  requireInteger('optimizer max tokens', settings.optimizerMaxTokens, 1);
  requireInteger('eval top', settings.evalTop, 0);
  requireInteger('seed', settings.seed, 0);
  if (settings.scoreBuckets !== null) requireInteger('score buckets', settings.scoreBuckets, 1);
  requireInteger('racing first round', settings.racingFirstRound, 1);
  if (!(settings.racingConfidence > 0 && settings.racingConfidence < 1)) throw new SettingsError(`racing delta must be in (0, 1), got ${settings.racingConfidence}`);
  if (!(settings.scoreThreshold >= 0 && settings.scoreThreshold <= 1)) throw new SettingsError(`score threshold must be in [0, 1], got ${settings.scoreThreshold}`);
  if (!(settings.optimizerTemperature >= 0)) throw new SettingsError(`optimizer temperature must be >= 0, got ${settings.optimizerTemperature}`);
  if (settings.trainRatio !== null && !(settings.trainRatio > 0 && settings.trainRatio <= 1)) throw new SettingsError(`train ratio must be in (0, 1], got ${settings.trainRatio}`);
  if (settings.initialInstructions.length === 0) throw new SettingsError('give at least one initial instruction (the empty string "" is allowed)');
  return settings;
}
