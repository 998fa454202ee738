/**
 * The reference's correctness test (`eval_utils._get_accuracy`), reproduced exactly, including its
 * generosity: for non-numeric tasks a gold answer that merely occurs inside the prediction counts
 * ("invalid" is right for gold "valid", "(a) or (b)" for gold "(B)").
 */
import {
  ASCII_LOWERCASE,
  ASCII_PUNCTUATION,
  beforeFirst,
  pyDeleteChars,
  pyRemovePunctuation,
  pyReplace,
  pyStrip,
} from '../../../util/python-str.js';
import { BOOLEAN_PAIRS } from './reference-delimiters.js';

/** The option symbols "(A)".."(Z)" and "A:" all separate option texts in the reference's split. */
const OPTION_SPLITTER = new RegExp(
  `${Array.from(ASCII_LOWERCASE, (letter) => `\\(${letter.toUpperCase()}\\)`).join('|')}|A:`,
  'u',
);
const UPPERCASE_SYMBOL = /\([A-Z]\)/gu;
const BRACKETED_LOWERCASE = new Set(Array.from(ASCII_LOWERCASE, (letter) => `(${letter})`));
/** `remove_punctuation_from_string(..., is_filename=True)` keeps these and spells them out. */
const SPELLED_OUT_PUNCTUATION: ReadonlyArray<readonly [string, string]> = [
  ['!', '<EXCLAMATION>'],
  ['?', '<QUESTION>'],
  ['.', '<PERIOD>'],
];
const FILENAME_DELETED_PUNCTUATION = pyDeleteChars(ASCII_PUNCTUATION, '!?.');

/**
 * Where the reference raises IndexError: the gold letter has no option text in the prompt. The
 * reference crashes the evaluation; we grade the answer as wrong (no text can match a missing option).
 */
export class MissingOptionError extends Error {
  constructor(symbol: string, optionCount: number) {
    super(`option ${symbol} not found: the prompt lists ${optionCount} option texts`);
    this.name = 'MissingOptionError';
  }
}

/** The option index of a one-letter symbol: "b" or "(B)" -> 1 (the reference's `_get_index_from_symbol`). */
export function optionIndexOfSymbol(symbol: string): number {
  let letter = symbol.toLowerCase();
  if (BRACKETED_LOWERCASE.has(letter)) letter = letter.charAt(1);
  return (letter.codePointAt(0) ?? Number.NaN) - 'a'.charCodeAt(0);
}

/**
 * The text of an option in a multiple-choice prompt (the reference's `_get_answer_text`): the prompt is
 * split at every "(A)".."(Z)" and "A:", and piece k+1, trimmed, lower-cased and cut at its first line
 * break, is option k. A stray "A:" (e.g. the "A:" of a Q/A prompt) shifts the pieces, as upstream.
 */
export function referenceOptionText(inputText: string, symbol: string): string {
  const pieces = inputText
    .split(OPTION_SPLITTER)
    .slice(1)
    .map((piece) => beforeFirst(pyStrip(piece).toLowerCase(), '\n'));
  const index = optionIndexOfSymbol(symbol);
  // Python indexing: negative indices count from the end; out of range raises IndexError.
  const text = pieces[index < 0 ? pieces.length + index : index];
  if (text === undefined) throw new MissingOptionError(symbol, pieces.length);
  return text;
}

/** Python's `x in "abcdefghijklmnopqrstuvwxyz"`: SUBSTRING membership, so "" and "abc" qualify. */
function wrapIfLetters(answer: string): string {
  return ASCII_LOWERCASE.includes(answer) ? `(${answer})` : answer;
}

function unwrapBracketedLetter(answer: string): string {
  return BRACKETED_LOWERCASE.has(answer) ? answer.charAt(1) : answer;
}

function removeAllPunctuation(text: string): string {
  return pyStrip(pyRemovePunctuation(text));
}

/** The filename variant: drops most punctuation but spells out "!", "?", "." (upstream's default). */
function spellOutPunctuation(text: string): string {
  let out = pyDeleteChars(text, FILENAME_DELETED_PUNCTUATION);
  for (const [mark, word] of SPELLED_OUT_PUNCTUATION) out = pyReplace(out, mark, word);
  return out;
}

/** The consecutive symbols "(A)", "(B)", ... present in the prompt, stopping at the first gap. */
function consecutiveSymbols(inputText: string): string[] {
  const present = new Set(inputText.match(UPPERCASE_SYMBOL) ?? []);
  const symbols: string[] = [];
  for (const letter of ASCII_LOWERCASE.toUpperCase()) {
    const symbol = `(${letter})`;
    if (!present.has(symbol)) break;
    symbols.push(symbol);
  }
  return symbols;
}

function isBooleanMatch(gold: string, prediction: string): boolean {
  const pair = BOOLEAN_PAIRS.find((candidate) => candidate.includes(gold));
  if (pair === undefined) return false;
  const goldMeaning = pair.indexOf(gold) === 1 ? 'true' : 'false';
  let predicted = prediction;
  if (predicted === '0' || predicted === '1') predicted = predicted === '1' ? 'true' : 'false';
  return predicted === goldMeaning || pyStrip(predicted) === goldMeaning;
}

/**
 * `eval_utils._get_accuracy(target, prediction, input_text, treat_include_as_correct)`: 1 or 0.
 * `inputText` non-empty means multiple choice. Where the reference raises (the gold letter has no
 * option in `inputText`) this returns 0; `referenceAccuracyStrict` throws instead.
 */
export function referenceAccuracy(
  target: string,
  prediction: string,
  inputText = '',
  includeAsCorrect = false,
): 0 | 1 {
  try {
    return referenceAccuracyStrict(target, prediction, inputText, includeAsCorrect);
  } catch (error) {
    if (error instanceof MissingOptionError) return 0;
    throw error;
  }
}

/** As `referenceAccuracy`, but throws `MissingOptionError` exactly where the reference raises. */
export function referenceAccuracyStrict(
  target: string,
  prediction: string,
  inputText = '',
  includeAsCorrect = false,
): 0 | 1 {
  let gold = target.toLowerCase();
  let pred = prediction.toLowerCase();
  const included = pred.includes(gold);

  let goldText = '';
  let otherTexts: string[] = [];
  const multipleChoice = inputText !== '';
  if (multipleChoice) {
    gold = wrapIfLetters(gold);
    pred = wrapIfLetters(pred);
    if (!BRACKETED_LOWERCASE.has(gold)) return 0;
    goldText = referenceOptionText(inputText, gold).toLowerCase();
    const goldIndex = optionIndexOfSymbol(gold);
    otherTexts = consecutiveSymbols(inputText)
      .filter((symbol) => optionIndexOfSymbol(symbol) !== goldIndex)
      .map((symbol) => referenceOptionText(inputText, symbol));
  }
  gold = unwrapBracketedLetter(gold);
  pred = unwrapBracketedLetter(pred);

  const exactMatch = pred === gold || removeAllPunctuation(pred) === removeAllPunctuation(gold);
  const choiceTextExactMatch = multipleChoice && (pred === goldText || pyStrip(spellOutPunctuation(pred)) === goldText);
  const choiceTextIncludedAlone = multipleChoice && pred.includes(goldText) && otherOptionsAbsent(pred, goldText, otherTexts);

  const correct = exactMatch || choiceTextExactMatch || choiceTextIncludedAlone || isBooleanMatch(gold, pred);
  return correct || (includeAsCorrect && included) ? 1 : 0;
}

/**
 * No other option text occurs in the prediction. If the gold text is not part of any other option text,
 * it is removed from the prediction first, so its own words are not mistaken for another option (gold
 * "east west", option "west"). If it is part of another option (gold "west", option "east west"), the
 * whole prediction is searched, so "east west" counts as naming the other option.
 */
function otherOptionsAbsent(pred: string, goldText: string, otherTexts: readonly string[]): boolean {
  const goldIsStandalone = otherTexts.every((text) => !text.includes(goldText));
  const searched = goldIsStandalone ? pyReplace(pred, goldText, '') : pred;
  return otherTexts.every((text) => !searched.includes(text));
}
