/**
 * Which (style, position, Q:/A: markers) combinations can run. The reference enforces these with
 * scattered asserts (a crash mid-run); we check them up front and explain the allowed values.
 */
import {
  INSTRUCTION_POSITIONS,
  META_PROMPT_STYLES,
  POSITIONS_FOR_INSTRUCTIONS_ONLY,
  POSITIONS_WITHOUT_QA,
  type InstructionPosition,
  type MetaPromptStyle,
  type PositionCheck,
} from './types.js';

function quoteAll(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

/** Error message for a value that is not an instruction position at all, else null. */
export function unknownPositionMessage(position: unknown): string | null {
  if (INSTRUCTION_POSITIONS.includes(position as InstructionPosition)) return null;
  return `Unknown instruction position ${JSON.stringify(position)}; allowed values: ${quoteAll(INSTRUCTION_POSITIONS)}.`;
}

/** Error message for a value that is not a meta-prompt style, else null. */
export function unknownStyleMessage(style: unknown): string | null {
  if (META_PROMPT_STYLES.includes(style as MetaPromptStyle)) return null;
  return `Unknown meta-prompt style ${JSON.stringify(style)}; allowed values: ${quoteAll(META_PROMPT_STYLES)}.`;
}

/** Without "Q:"/"A:" markers there is no question/answer boundary, so only Q_begin and Q_end exist. */
export function withoutQaMessage(position: InstructionPosition): string | null {
  if (POSITIONS_WITHOUT_QA.includes(position)) return null;
  return (
    `Instruction position '${position}' needs the "Q:"/"A:" markers (includeQA = true); ` +
    `without them the allowed positions are ${quoteAll(POSITIONS_WITHOUT_QA)}.`
  );
}

/** The pre-trained optimizer's meta-prompt has no phrase for "before the question". */
export function instructionsOnlyMessage(position: InstructionPosition): string | null {
  if (POSITIONS_FOR_INSTRUCTIONS_ONLY.includes(position)) return null;
  return (
    `Instruction position '${position}' is not supported by the 'instructions-only' meta-prompt; ` +
    `allowed positions: ${quoteAll(POSITIONS_FOR_INSTRUCTIONS_ONLY)}.`
  );
}

/**
 * Whether a run with this configuration can work end to end (meta-prompt AND scorer prompt):
 * null when it can, otherwise a sentence saying what is wrong and what is allowed.
 */
export function validatePosition({ style, position, includeQA }: PositionCheck): string | null {
  return (
    unknownStyleMessage(style) ??
    unknownPositionMessage(position) ??
    (style === 'instructions-only' ? instructionsOnlyMessage(position) : null) ??
    (includeQA ? null : withoutQaMessage(position))
  );
}
