/**
 * The optimizer's meta-prompt for instruction optimization, byte-identical to the reference's
 * `gen_meta_prompt` (opt_utils.py) for the same inputs, including where it refuses a configuration.
 */
import {
  formatAnswer,
  formatScore,
  normalizeBuckets,
  RAW_SCORE_DECIMALS,
  RAW_SCORE_DECIMALS_INSTRUCTIONS_ONLY,
  selectShown,
  sortAscending,
} from './meta-prompt-scores.js';
import {
  BLOCK_SEPARATOR,
  BRACKET_EXEMPLARS_INTRO,
  BRACKET_FOOTER,
  BRACKET_HEADER,
  INSTRUCTIONS_ONLY_POSITION_PHRASES,
  instructionsOnlyTask,
  TAGGED_EXEMPLARS_INTRO,
  TAGGED_FOOTER,
  TAGGED_FOOTER_A_BEGIN,
  TAGGED_HEADER,
  TAGGED_HEADER_A_BEGIN,
} from './meta-prompt-wording.js';
import { templateExemplarsBlock, withTaskDescription } from './meta-prompt-template.js';
import { instructionsOnlyMessage, unknownPositionMessage, unknownStyleMessage, withoutQaMessage } from './positions.js';
import { pyStrip } from './python-chars.js';
import type { InstructionMetaPromptOptions, InstructionPosition, MetaPromptExemplar } from './types.js';

/** The reference gen_meta_prompt's keyword defaults, for options the caller leaves out. */
const REFERENCE_DEFAULTS = { includeQA: true, scoreThreshold: 0.1, maxInstructions: 1000, scoreBuckets: null, instructionsBeforeExemplars: true } as const;

type ResolvedMetaPromptOptions = InstructionMetaPromptOptions & Required<Pick<InstructionMetaPromptOptions, keyof typeof REFERENCE_DEFAULTS>>;

function withReferenceDefaults(options: InstructionMetaPromptOptions): ResolvedMetaPromptOptions {
  const resolved = { ...options } as ResolvedMetaPromptOptions;
  for (const [key, value] of Object.entries(REFERENCE_DEFAULTS)) {
    if ((resolved as unknown as Record<string, unknown>)[key] === undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

type ExemplarStyle = 'bracket' | 'tagged';

function fail(message: string | null): void {
  if (message !== null) throw new Error(message);
}

/** One "text:/score:" entry per shown instruction, best last. */
function scoredInstructionsBlock(options: ResolvedMetaPromptOptions, buckets: number | null): string {
  const shown = selectShown(options.history, options.maxInstructions, options.scoreThreshold);
  return shown
    .map(({ instruction, score }) => `\ntext:\n${instruction}\nscore:\n${formatScore(score, buckets, RAW_SCORE_DECIMALS)}\n`)
    .join('');
}

/** How one exemplar's input shows where the instruction goes (`<INS>`, or `<Start>` for tagged A_begin). */
function exemplarInput(style: ExemplarStyle, position: InstructionPosition, includeQA: boolean, question: string): string {
  if (includeQA) {
    switch (position) {
      case 'before_Q':
        return `\ninput:\n<INS>\nQ: ${question}\nA:`;
      case 'Q_begin':
        return `\ninput:\nQ: <INS>\n${question}\nA:`;
      case 'Q_end':
        return `\ninput:\nQ: ${question}\n<INS>\nA:`;
      case 'A_begin':
        return style === 'tagged' ? `\nQ: ${question}\nA: <Start>` : `\ninput:\nQ: ${question}\nA: <INS>`;
    }
  }
  fail(withoutQaMessage(position));
  const label = style === 'tagged' ? 'Problem' : 'input';
  return position === 'Q_begin' ? `\n${label}:\n<INS>\n${question}\n` : `\n${label}:\n${question}\n<INS>\n`;
}

function exemplarAnswer(style: ExemplarStyle, answer: string | number): string {
  const label = style === 'tagged' ? 'Ground truth answer' : 'output';
  return `\n${label}:\n${formatAnswer(answer)}\n`;
}

function exemplarsBlock(
  style: ExemplarStyle,
  exemplars: readonly MetaPromptExemplar[],
  position: InstructionPosition,
  includeQA: boolean,
): string {
  const intro = style === 'tagged' ? TAGGED_EXEMPLARS_INTRO : BRACKET_EXEMPLARS_INTRO;
  const bodies = exemplars.map(
    ({ question, answer }) => exemplarInput(style, position, includeQA, question) + exemplarAnswer(style, answer),
  );
  return intro + bodies.join('');
}

/** 'bracket' and 'tagged': header + scored instructions, exemplars (either order), footer. */
function renderWithExemplars(style: ExemplarStyle, options: ResolvedMetaPromptOptions): string {
  const { position, includeQA, exemplars = [] } = options;
  const aBeginTagged = style === 'tagged' && position === 'A_begin';
  const paperHeader = style === 'bracket' ? BRACKET_HEADER : aBeginTagged ? TAGGED_HEADER_A_BEGIN : TAGGED_HEADER;
  const footer = style === 'bracket' ? BRACKET_FOOTER : aBeginTagged ? TAGGED_FOOTER_A_BEGIN : TAGGED_FOOTER;
  // A task's own template: its description under the header, its exemplars as the scorer sees them.
  const template = options.taskTemplate;
  const header = template ? withTaskDescription(paperHeader, template.description) : paperHeader;
  const instructionsPart = header + scoredInstructionsBlock(options, normalizeBuckets(options.scoreBuckets));
  if (exemplars.length === 0) return instructionsPart + footer;
  const exemplarPart = template ? templateExemplarsBlock(style, exemplars) : exemplarsBlock(style, exemplars, position, includeQA);
  const body = options.instructionsBeforeExemplars
    ? instructionsPart + BLOCK_SEPARATOR + exemplarPart
    : exemplarPart + BLOCK_SEPARATOR + instructionsPart;
  return body + footer;
}

/**
 * 'instructions-only': a task sentence and then EVERY past instruction (no top-K, no threshold), for a
 * pre-trained model to continue. Exemplars, includeQA and the top-K/threshold options play no part.
 */
function renderInstructionsOnly(options: ResolvedMetaPromptOptions): string {
  const { position, taskDescription } = options;
  fail(instructionsOnlyMessage(position));
  if (typeof taskDescription !== 'string') {
    throw new Error(
      "The 'instructions-only' meta-prompt needs a taskDescription (e.g. 'grade school math', 'sports understanding').",
    );
  }
  const positionPhrase = INSTRUCTIONS_ONLY_POSITION_PHRASES[position as keyof typeof INSTRUCTIONS_ONLY_POSITION_PHRASES];
  const buckets = normalizeBuckets(options.scoreBuckets);
  const entries = sortAscending(options.history).map(
    ({ instruction, score }) =>
      `\n\nPrecision: ${formatScore(score, buckets, RAW_SCORE_DECIMALS_INSTRUCTIONS_ONLY)} <TEXT>${instruction}</TEXT>`,
  );
  return instructionsOnlyTask(positionPhrase, pyStrip(taskDescription)) + entries.join('');
}

/**
 * Render the meta-prompt. Throws (with the allowed values) where the reference asserts: an unknown
 * style or position, exemplars without Q:/A: markers at before_Q/A_begin, instructions-only at before_Q,
 * a bucketized score outside [0, 1].
 */
export function renderInstructionMetaPrompt(given: InstructionMetaPromptOptions): string {
  const options = withReferenceDefaults(given);
  fail(unknownStyleMessage(options.style));
  fail(unknownPositionMessage(options.position));
  if (options.style === 'instructions-only') return renderInstructionsOnly(options);
  return renderWithExemplars(options.style, options);
}
