/**
 * From optimizer reply to a candidate instruction: parse (per meta-prompt style), polish, key for
 * de-duplication, and the reference's rejection filters.
 */
import { createHash } from 'node:crypto';
import { unknownStyleMessage } from './positions.js';
import { pyHasDigit, pyLength, pyStrip } from './python-chars.js';
import type { CandidateParse, ParseCandidateOptions, RejectOptions } from './types.js';

/** The reference skips instructions longer than this many characters. */
export const DEFAULT_MAX_INSTRUCTION_LENGTH = 500;

/** First `[...]` on one line; non-greedy. Python's `.` only refuses "\n", unlike JavaScript's. */
const FIRST_BRACKETED = /\[([^\n]*?)\]/;
/** First `<TEXT>...</TEXT>`, may span lines. */
const FIRST_TEXT_TAG = /<TEXT>([\s\S]*?)<\/TEXT>/;

function tagsFor(position: ParseCandidateOptions['position']): { start: string; end: string } {
  return position === 'A_begin' ? { start: '<Start>', end: '</Start>' } : { start: '<INS>', end: '</INS>' };
}

/**
 * The reference's slice rule: from just after the first start tag (or the beginning) to the first end
 * tag searched from the beginning of the reply (or the end), stripped. Without tags the whole reply is
 * the candidate; an end tag before the start tag gives an empty slice.
 */
function sliceBetweenTags(reply: string, start: string, end: string): string {
  const startAt = reply.indexOf(start);
  const endAt = reply.indexOf(end);
  const from = startAt === -1 ? 0 : startAt + start.length;
  const to = endAt === -1 ? reply.length : endAt;
  return pyStrip(reply.slice(from, Math.max(from, to)));
}

function emptyOrText(text: string, referenceQuirks: boolean, emptyReason: string): CandidateParse {
  if (referenceQuirks || pyStrip(text) !== '') return { ok: true, text };
  return { ok: false, reason: emptyReason };
}

/**
 * Extract one candidate instruction from an optimizer reply. By default an empty candidate is a parse
 * failure with a reason; with `referenceQuirks` the reference's behaviour is kept (an empty string is
 * a candidate for 'bracket'/'tagged'; 'instructions-only' without a match gives nothing in both modes).
 */
export function parseCandidate(reply: string, options: ParseCandidateOptions): CandidateParse {
  const problem = unknownStyleMessage(options.style);
  if (problem !== null) throw new Error(problem);
  const quirks = options.referenceQuirks === true;
  switch (options.style) {
    case 'bracket': {
      const match = FIRST_BRACKETED.exec(reply);
      if (match === null) return quirks ? { ok: true, text: '' } : { ok: false, reason: 'no [...] in the reply' };
      return emptyOrText(match[1] ?? '', quirks, 'the first [...] in the reply is empty');
    }
    case 'tagged': {
      const { start, end } = tagsFor(options.position);
      const reason = pyStrip(reply) === '' ? 'the reply is empty' : `nothing between ${start} and ${end} in the reply`;
      return emptyOrText(sliceBetweenTags(reply, start, end), quirks, reason);
    }
    case 'instructions-only': {
      const match = FIRST_TEXT_TAG.exec(reply);
      if (match === null) return { ok: false, reason: 'no <TEXT>...</TEXT> in the reply' };
      return emptyOrText(match[1] ?? '', quirks, 'the first <TEXT>...</TEXT> in the reply is empty');
    }
  }
}

/**
 * The reference's normalisation: strip; if anything is left, drop every "**" (markdown bold) and, when
 * longer than one character, upper-case the first character (which may become two, 'ß' -> 'SS').
 */
export function polishInstruction(text: string): string {
  const stripped = pyStrip(text);
  if (stripped === '') return stripped;
  const unbolded = stripped.replaceAll('**', '');
  if (pyLength(unbolded) <= 1) return unbolded;
  const first = String.fromCodePoint(unbolded.codePointAt(0) ?? 0);
  return first.toUpperCase() + unbolded.slice(first.length);
}

/**
 * De-duplication key: hex MD5 of the UTF-8 text. Equal to the reference's key for ASCII text; the
 * reference encodes as ASCII and crashes on anything else (curly apostrophes included).
 */
export function instructionKey(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Why the reference would skip this (polished) instruction, in its order of checks; null to keep it. */
export function rejectReason(text: string, options: RejectOptions = {}): string | null {
  const maxLength = options.maxLength ?? DEFAULT_MAX_INSTRUCTION_LENGTH;
  const length = pyLength(text);
  if (length > maxLength) return `too long (${length} > ${maxLength} characters)`;
  if ((options.forbidDigits === true || options.datasetIsGsm8k === true) && pyHasDigit(text)) {
    return 'contains a digit';
  }
  if (text.includes('INS')) return "contains 'INS'";
  return null;
}
