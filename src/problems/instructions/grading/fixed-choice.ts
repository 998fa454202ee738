/**
 * Fixed mode for multiple choice. An answer counts when it names exactly one option: one bracketed
 * letter, a bare letter, or one option's text. Naming two options ("(a) or (b)") names none, and the
 * gold letter occurring somewhere in the reply earns nothing by itself (the reference's substring credit).
 */
import type { AnswerCue } from './fixed-span.js';
import { normalizeFreeText } from './fixed-text.js';

export interface ChoiceOption {
  /** Upper-case letter, "A".."Z". */
  letter: string;
  /** Normalized option text ('' when the prompt gives none). */
  text: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BRACKETED_LETTER = /\(([a-z])\)/giu;
/** A span that is just a letter: "B", "(B)", "B)", "b.", "Option B", "choice (b)". */
const BARE_LETTER = /^(?:(?:option|choice)\s+)?\(?([a-z])\)?[.:]?$/iu;
/** A gold answer that is a letter: "B", "(B)". */
const GOLD_LETTER = /^\(?([a-z])\)?$/iu;

/**
 * The options of a multiple-choice prompt: "(A)", then the first "(B)" after it, and so on, each text
 * running to the next symbol or the end of its line. Scanning forward keeps a trailing
 * "What's the answer in (A) (B) (C)?" line from overwriting the real option texts.
 */
export function parseChoiceOptions(prompt: string): ChoiceOption[] {
  const found: Array<{ letter: string; start: number; end: number }> = [];
  let from = 0;
  for (const letter of LETTERS) {
    const start = prompt.indexOf(`(${letter})`, from);
    if (start === -1) break;
    found.push({ letter, start, end: start + 3 });
    from = start + 3;
  }
  return found.map((symbol, index) => {
    const next = found[index + 1];
    const raw = prompt.slice(symbol.end, next === undefined ? prompt.length : next.start);
    return { letter: symbol.letter, text: normalizeFreeText(raw.split('\n')[0] ?? '') };
  });
}

/** The letter of a gold answer such as "(B)" or "B", upper-cased; null when the gold is not a letter. */
export function goldChoiceLetter(target: string): string | null {
  const match = GOLD_LETTER.exec(target.trim());
  return match === null ? null : (match[1] as string).toUpperCase();
}

function isOptionLetter(letter: string, options: readonly ChoiceOption[]): boolean {
  return options.length === 0 || options.some((option) => option.letter === letter);
}

/** Whole-phrase occurrence, so option "east" is not found inside "northeast". */
function mentions(haystack: string, phrase: string): boolean {
  if (phrase === '') return false;
  let at = haystack.indexOf(phrase);
  while (at !== -1) {
    const before = haystack[at - 1];
    const after = haystack[at + phrase.length];
    const isWordChar = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);
    if (!isWordChar(before) && !isWordChar(after)) return true;
    at = haystack.indexOf(phrase, at + 1);
  }
  return false;
}

/**
 * The single option a span names, as an upper-case letter, or null. Order: one distinct bracketed letter;
 * a span that is only a letter; a span equal to one option's text; and, when the span is a marked answer
 * (not a whole unmarked reply), a span mentioning exactly one option text, ignoring options whose text
 * is part of another mentioned option ("west" inside "east west").
 */
export function resolveChoice(spanText: string, cue: AnswerCue, options: readonly ChoiceOption[]): string | null {
  const bracketed = new Set(
    [...spanText.matchAll(BRACKETED_LETTER)]
      .map((match) => (match[1] as string).toUpperCase())
      .filter((letter) => isOptionLetter(letter, options)),
  );
  if (bracketed.size === 1) return [...bracketed][0] as string;
  if (bracketed.size > 1) return null;

  const bare = BARE_LETTER.exec(spanText.replace(/[*`"']/gu, '').trim());
  if (bare !== null) {
    const letter = (bare[1] as string).toUpperCase();
    return isOptionLetter(letter, options) ? letter : null;
  }

  const answer = normalizeFreeText(spanText);
  const equal = options.filter((option) => option.text !== '' && option.text === answer);
  if (equal.length > 0) return equal.length === 1 ? (equal[0] as ChoiceOption).letter : null;
  if (cue === 'none') return null;

  const mentioned = options.filter((option) => mentions(answer, option.text));
  const distinct = mentioned.filter(
    (option) => !mentioned.some((other) => other !== option && other.text !== option.text && other.text.includes(option.text)),
  );
  return distinct.length === 1 ? (distinct[0] as ChoiceOption).letter : null;
}
