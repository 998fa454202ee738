/**
 * Fixed mode for numeric answers. Number words are replaced only as whole words ("eighteen" -> 18,
 * "twenty-one" -> 21, "someone" untouched); thousands separators are understood ("2,125" -> 2125);
 * numbers are compared as exact decimals, so "18.50" is not 18 but "18.0" is. ASCII digits only.
 */
import { NUMBER_WORDS } from './reference-delimiters.js';
import type { AnswerCue } from './fixed-span.js';

const UNIT_WORDS = NUMBER_WORDS.filter(([, value]) => value < 20);
const TENS_WORDS = NUMBER_WORDS.filter(([, value]) => value >= 20);
const WORD_VALUES = new Map(NUMBER_WORDS.map(([word, value]) => [word, value]));
const ONE_TO_NINE = UNIT_WORDS.filter(([, value]) => value >= 1 && value <= 9).map(([word]) => word);

/** "twenty one" / "twenty-one" first, then single words; `\b` keeps "someone" and "often" intact. */
const NUMBER_WORD = new RegExp(
  `\\b(?:(${TENS_WORDS.map(([word]) => word).join('|')})(?:[\\s-]+(${ONE_TO_NINE.join('|')}))?` +
    `|(${UNIT_WORDS.map(([word]) => word).join('|')}))\\b`,
  'giu',
);

/**
 * A number as written: optional minus (not when glued to a word or digit, so "9-5" is 9 and 5), then
 * comma-grouped or plain digits with an optional fraction, or a bare fraction (".5"). A match never
 * starts inside a digit run or right after a decimal point.
 */
const NUMBER = /(?:(?<![\p{L}\p{Nd}])[-\u2212])?(?<![\p{Nd}.])(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)/gu;
const WHOLE_NUMBER = /^[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/u;

/** "twenty one" -> "21", "Eighteen" -> "18"; other words untouched. */
export function replaceNumberWords(text: string): string {
  return text.replace(NUMBER_WORD, (_match, tens?: string, unit?: string, single?: string) => {
    const word = (tens ?? single ?? '').toLowerCase();
    const value = (WORD_VALUES.get(word) ?? 0) + (unit === undefined ? 0 : WORD_VALUES.get(unit.toLowerCase()) ?? 0);
    return String(value);
  });
}

/**
 * A decimal in canonical form: no grouping commas, no '+', no leading zeros, no trailing fractional
 * zeros, no "-0". Two numbers are equal exactly when their canonical forms are ("18.50" -> "18.5").
 */
export function canonicalDecimal(written: string): string | null {
  const compact = written.replace(/[,\s$]/gu, '').replace('\u2212', '-');
  if (!WHOLE_NUMBER.test(compact) || !/\d/u.test(compact)) return null;
  const negative = compact.startsWith('-');
  const [integerPart = '', fractionPart = ''] = compact.replace(/^[-+]/u, '').split('.');
  const integer = integerPart.replace(/^0+/u, '') || '0';
  const fraction = fractionPart.replace(/0+$/u, '');
  const magnitude = fraction === '' ? integer : `${integer}.${fraction}`;
  return negative && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

/**
 * The number a span states: the first one after an answer marker or in a box, the last one otherwise
 * (the conclusion of a chain of thought, or the number right before "is the answer").
 */
export function extractNumber(spanText: string, cue: AnswerCue): string | null {
  const numbers = [...replaceNumberWords(spanText).matchAll(NUMBER)].map((match) => match[0]);
  const chosen = cue === 'boxed' || cue === 'after-marker' ? numbers[0] : numbers[numbers.length - 1];
  return chosen === undefined ? null : canonicalDecimal(chosen);
}
