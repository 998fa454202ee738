/**
 * The reference's answer normalizer (`metrics.get_normalized_prediction`), reproduced quirk for quirk:
 * case-sensitive choice of answer markers, substring number-word replacement, half-even rounding,
 * first/last "non-alphabetic" token, Python string semantics throughout. Use the fixed grader for
 * anything but reproducing the paper's numbers.
 */
import { pyFormatFixed, pyRound } from '../../../util/python-float.js';
import {
  ASCII_LOWERCASE,
  afterLast,
  beforeFirst,
  dropLastCodePoint,
  lastCodePoint,
  pyDeleteChars,
  pyIsAlpha,
  pyIsAlphaChar,
  pyParseFloat,
  pyRemovePunctuation,
  pyReplace,
  pyStrip,
} from '../../../util/python-str.js';
import {
  ANSWER_AHEAD_MARKERS,
  BOOLEAN_PAIRS,
  GSM8K_ANSWER_MARKER,
  NEXT_QUESTION_DELIMITERS,
  NUMBER_WORDS,
  PRIMARY_ANSWER_BEHIND_MARKERS,
  SECONDARY_ANSWER_BEHIND_MARKERS,
  SOLUTION_FOLLOWS_MARKER,
  STEP_BY_STEP_ANSWER_DELIMITERS,
} from './reference-delimiters.js';

export interface NormalizeOptions {
  treatAsNumber: boolean;
  treatAsBool?: boolean;
  /** Decimals kept by the numeric parse (the reference always uses 0). */
  numDecimals?: number;
}

const BRACKETED_LETTERS = Array.from(ASCII_LOWERCASE, (letter) => `(${letter})`);
/** Python's `\(.*?\)`: `.` stops only at "\n" (JS `.` also stops at \r, U+2028, U+2029). */
const FIRST_PARENTHESISED = /\([^\n]*?\)/u;
/** Python's `(\d+)(?!.*\d)` with Unicode `\d`: the last digit run of the first line holding digits. */
const LAST_DIGIT_RUN = /\p{Nd}+(?![^\n]*\p{Nd})/u;
const NUMBER_NOISE_CHARS = '$,%€£';
const BOOLEAN_WORDS = new Set(BOOLEAN_PAIRS.flat());

/** `metrics.get_normalized_prediction(prediction, treat_as_number, num_decimals, treat_as_bool)`. */
export function normalizePrediction(prediction: string, options: NormalizeOptions): string {
  const numDecimals = options.numDecimals ?? 0;
  if (!Number.isInteger(numDecimals) || numDecimals < 0) {
    throw new RangeError(`numDecimals must be a non-negative integer, got ${numDecimals}`);
  }
  let parsed = pyStrip(prediction.toLowerCase());

  // Which "answer follows" markers apply is decided on the ORIGINAL text, case-sensitively.
  const primaryPresent = PRIMARY_ANSWER_BEHIND_MARKERS.some((marker) => prediction.includes(marker));
  const behindMarkers = [
    ...STEP_BY_STEP_ANSWER_DELIMITERS,
    GSM8K_ANSWER_MARKER,
    ...(primaryPresent ? PRIMARY_ANSWER_BEHIND_MARKERS : SECONDARY_ANSWER_BEHIND_MARKERS),
  ];

  for (const delimiter of NEXT_QUESTION_DELIMITERS) {
    parsed = beforeFirst(parsed, pyStrip(delimiter).toLowerCase());
  }

  let answerIndicated = false;
  for (const marker of behindMarkers) {
    const lowered = marker.toLowerCase();
    if (parsed.includes(lowered)) {
      parsed = afterLast(parsed, lowered);
      answerIndicated = true;
    }
  }
  for (const marker of ANSWER_AHEAD_MARKERS) {
    if (parsed.includes(marker)) {
      parsed = beforeFirst(parsed, marker);
      answerIndicated = true;
    }
  }

  parsed = beforeFirst(pyStrip(parsed), SOLUTION_FOLLOWS_MARKER);
  parsed = parsed.replace(/\.+$/u, '');
  parsed = parsed.replace(/'+$/u, ''); // the reference's fix for printed byte strings
  parsed = extractSingleBracketedChoice(parsed);

  if (!options.treatAsBool) {
    return options.treatAsNumber ? parseAsNumber(parsed, answerIndicated, numDecimals) : parseAsText(parsed);
  }
  return parseAsBoolean(parsed, answerIndicated, numDecimals);
}

/** "(A) apple" -> "(a)": when exactly one of "(a)".."(z)" occurs, the first parenthesised span wins. */
function extractSingleBracketedChoice(text: string): string {
  const lowered = text.toLowerCase();
  const present = BRACKETED_LETTERS.filter((choice) => lowered.includes(choice)).length;
  if (present !== 1) return lowered;
  return (FIRST_PARENTHESISED.exec(lowered) as RegExpExecArray)[0];
}

/** Strings may continue the sentence: keep what precedes the first period. */
function parseAsText(text: string): string {
  return beforeFirst(text, '.');
}

function parseAsNumber(text: string, answerIndicated: boolean, numDecimals: number): string {
  let parsed = afterLast(text, '=');
  parsed = pyDeleteChars(parsed, NUMBER_NOISE_CHARS);
  parsed = pyStrip(beforeFirst(parsed, ':'));
  // Plain substring replacement, in table order: "eighteen" becomes "8een", "someone" "some1".
  for (const [word, value] of NUMBER_WORDS) parsed = pyReplace(parsed, word, String(value));

  // After an answer marker the first token with a non-letter wins, otherwise the last one.
  const tokens = parsed.split(' ');
  if (!answerIndicated) tokens.reverse();
  parsed = tokens.find((token) => !pyIsAlpha(token)) ?? (tokens[0] as string);

  // '156kgs' -> '156', '823-yard' -> '823'.
  while (parsed !== '' && pyIsAlphaChar(lastCodePoint(parsed))) parsed = dropLastCodePoint(parsed);
  if (parsed.endsWith('-')) parsed = parsed.slice(0, -1);

  const value = pyParseFloat(parsed);
  if (value !== null) return pyFormatFixed(pyRound(value, numDecimals), numDecimals);
  return LAST_DIGIT_RUN.exec(parsed)?.[0] ?? parsed;
}

function parseAsBoolean(text: string, answerIndicated: boolean, numDecimals: number): string {
  const asText = parseAsText(text);
  const asNumber = parseAsNumber(text, answerIndicated, numDecimals);
  let parsed = text;
  if (BOOLEAN_WORDS.has(asText)) {
    parsed = asText;
  } else {
    // The text reading of 0/1 overrides the numeric one; otherwise the whole text is kept.
    if (asNumber === '0' || asNumber === '1') parsed = asNumber === '1' ? 'true' : 'false';
    if (asText === '0' || asText === '1') parsed = asText === '1' ? 'true' : 'false';
  }
  return pyStrip(pyRemovePunctuation(parsed));
}
